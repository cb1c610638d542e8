import Foundation
import Layers
import Tensor

/// The two-body Poisson problem of SDGD's `Section_5.1/Poisson.py`: in the unit ball of ℝᵈ,
///
///     u*(x) = (1 − |x|²)·Σᵢ₌₀^{d−2} cᵢ sin(aᵢ),   aᵢ = xᵢ + cos xᵢ₊₁ + xᵢ₊₁ cos xᵢ,
///
/// with c ~ N(0, I_{d−1}), and f = Δu* from the product rule Δ(φψ) = φΔψ + 2∇φ·∇ψ + ψΔφ (φ = 1 − |x|², ∇φ = −2x,
/// ∂ᵢᵢφ = −2), ψ's derivatives in closed form. Computed in Float64 from `[N, d]` points.
struct TwoBodyPoisson {
    let dimension: Int
    let coefficients: [Double]

    init(dimension: Int, using generator: inout RandomGenerator) {
        precondition(dimension >= 2, "TwoBodyPoisson: dimension \(dimension) < 2")
        self.dimension = dimension
        coefficients = Tensor.normal([dimension - 1], dtype: .float64, using: &generator).toDoubles()
    }

    /// The authors' points in the unit ball, `[count, d]` Float32: x = r·θ with θ uniform on the sphere and
    /// r ~ U(0, 1) — uniform in the radius, not in volume (in 100-D a volume-uniform point has r > 0.97 with
    /// probability 0.95).
    static func points(count: Int, dimension: Int, using generator: inout RandomGenerator) -> Tensor {
        let directions = Samplers.sphere(count: count, dimension: dimension, dtype: .float64, using: &generator)
        let radii = Tensor.uniform([count, 1], dtype: .float64, using: &generator)
        return (directions * radii).cast(to: .float32)
    }

    /// u* at `points: [N, d]`: N values.
    func solution(at points: Tensor) -> [Double] {
        let x = points.cast(to: .float64).toDoubles()
        let d = dimension
        return (0..<(x.count / d)).map { n in
            let p = x[(n * d)..<((n + 1) * d)].map { $0 }
            var psi = 0.0
            for i in 0..<(d - 1) {
                psi +=
                    coefficients[i] * Foundation.sin(p[i] + Foundation.cos(p[i + 1]) + p[i + 1] * Foundation.cos(p[i]))
            }
            return (1 - p.reduce(0) { $0 + $1 * $1 }) * psi
        }
    }

    /// f = Δu* at `points: [N, d]`: N values.
    func source(at points: Tensor) -> [Double] {
        let x = points.cast(to: .float64).toDoubles()
        let d = dimension
        return (0..<(x.count / d)).map { n in
            let p = x[(n * d)..<((n + 1) * d)].map { $0 }
            var psi = 0.0
            var gradient = [Double](repeating: 0, count: d)
            var laplacian = 0.0
            for i in 0..<(d - 1) {
                let (s, t) = (p[i], p[i + 1])
                let a = s + Foundation.cos(t) + t * Foundation.cos(s)
                let (sinA, cosA) = (Foundation.sin(a), Foundation.cos(a))
                let aS = 1 - t * Foundation.sin(s)
                let aT = -Foundation.sin(t) + Foundation.cos(s)
                let aSS = -t * Foundation.cos(s)
                let aTT = -Foundation.cos(t)
                let c = coefficients[i]
                psi += c * sinA
                gradient[i] += c * cosA * aS
                gradient[i + 1] += c * cosA * aT
                laplacian += c * (-sinA * aS * aS + cosA * aSS) + c * (-sinA * aT * aT + cosA * aTT)
            }
            let phi = 1 - p.reduce(0) { $0 + $1 * $1 }
            let cross = zip(p, gradient).reduce(0) { $0 + $1.0 * $1.1 }
            return phi * laplacian - 4 * cross - 2 * Double(d) * psi
        }
    }
}
