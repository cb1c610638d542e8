import Foundation

/// The Legendre polynomials orthonormal for the uniform probability measure μ = dx/2 on [−1, 1]:
/// φ_k = √(2k + 1)·P_k, so ∫φᵢφⱼ dμ = δᵢⱼ, with P_k from `OrthogonalPolynomial.legendre`'s three-term recurrence.
public struct LegendreBasis: Sendable {
    /// m, the number of polynomials (degrees 0 … m − 1).
    public let dimension: Int

    public init(dimension: Int) {
        precondition(dimension >= 1, "LegendreBasis: dimension must be ≥ 1, got \(dimension)")
        self.dimension = dimension
    }

    /// φ₀(x) … φ_{m−1}(x): the recurrence's P_k (`OrthogonalPolynomial.legendre`) scaled by √(2k + 1).
    public func values(at x: Double) -> [Double] {
        OrthogonalPolynomial.legendre.values(at: x, degree: dimension - 1).enumerated().map { k, p in
            (2 * Double(k) + 1).squareRoot() * p
        }
    }

    /// The design matrix [n, m] (row-major): row i is φ(xᵢ).
    public func matrix(at points: [Double]) -> [Double] { points.flatMap { values(at: $0) } }

    /// The Christoffel function's inverse K(x, x) = Σ_k φ_k(x)² (its μ-integral is m; its maximum m² is at ±1).
    public func christoffel(at x: Double) -> Double { values(at: x).reduce(0) { $0 + $1 * $1 } }
}

/// Gauss–Legendre quadrature on [−1, 1]: n nodes (roots of P_n, by Newton's method from Tricomi's approximation) and
/// weights 2/((1 − x²)P_n′(x)²), exact for polynomials of degree ≤ 2n − 1. The weights sum to 2.
public struct GaussLegendreQuadrature: Sendable {
    public let nodes: [Double]
    public let weights: [Double]

    public init(count n: Int) {
        precondition(n >= 1, "GaussLegendreQuadrature: count must be ≥ 1, got \(n)")
        var nodes = [Double](repeating: 0, count: n)
        var weights = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var x = cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
            var derivative = 0.0
            for _ in 0..<100 {
                var previous = 0.0
                var current = 1.0
                for k in 0..<n {
                    let next = ((2 * Double(k) + 1) * x * current - Double(k) * previous) / Double(k + 1)
                    previous = current
                    current = next
                }
                derivative = Double(n) * (x * current - previous) / (x * x - 1)
                let step = current / derivative
                x -= step
                if abs(step) < 1e-16 { break }
            }
            nodes[n - 1 - i] = x
            weights[n - 1 - i] = 2 / ((1 - x * x) * derivative * derivative)
        }
        self.nodes = nodes
        self.weights = weights
    }
}
