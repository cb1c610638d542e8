import Foundation
import Tensor

/// The 2-D Poisson family of the WoS-NO reproduction: Δu = f on the unit square, u = g on its boundary, with
///
///     u = h + Σ_k c_k·sin(k₁πx)·sin(k₂πy),   f = −Σ_k c_k·π²(k₁² + k₂²)·sin(k₁πx)·sin(k₂πy),
///
/// over the four modes k ∈ {1, 2}², c_k ~ N(0, 1/4) per instance, and one harmonic boundary function
/// h = g = x² − y² + xy (the sine modes vanish on the boundary, so the exact solution is known in closed form).
struct PoissonInstance: Sendable {
    static let modes: [(Int, Int)] = [(1, 1), (1, 2), (2, 1), (2, 2)]
    /// The branch net reads f on a 16 × 16 grid of cell centers.
    static let sensorsPerSide = 16
    /// Sensor values are divided by this scale (f reaches a few tens).
    static let sensorScale = 20.0

    let coefficients: [Double]

    static func sample(using generator: inout RandomGenerator) -> PoissonInstance {
        PoissonInstance(coefficients: modes.map { _ in 0.5 * generator.nextNormal() })
    }

    /// g = h = x² − y² + xy, harmonic.
    static func boundary(_ x: Double, _ y: Double) -> Double { x * x - y * y + x * y }

    /// Σ_k c_k·scale_k·sin(k₁πx)·sin(k₂πy) with sin 2θ = 2 sin θ cos θ (one sin and one cos per coordinate).
    private func modeSum(_ x: Double, _ y: Double, eigenvalueWeighted: Bool) -> Double {
        let (sx, cx, sy, cy) = (sin(Double.pi * x), cos(Double.pi * x), sin(Double.pi * y), cos(Double.pi * y))
        let sines = [[sx, 2 * sx * cx], [sy, 2 * sy * cy]]
        var total = 0.0
        for (index, mode) in Self.modes.enumerated() {
            let weight = eigenvalueWeighted ? -Double.pi * Double.pi * Double(mode.0 * mode.0 + mode.1 * mode.1) : 1
            total += coefficients[index] * weight * sines[0][mode.0 - 1] * sines[1][mode.1 - 1]
        }
        return total
    }

    func source(_ x: Double, _ y: Double) -> Double { modeSum(x, y, eigenvalueWeighted: true) }

    func exact(_ x: Double, _ y: Double) -> Double { Self.boundary(x, y) + modeSum(x, y, eigenvalueWeighted: false) }

    /// The branch input: f/scale on the sensor grid, row-major in y then x: `[256]` values.
    var sensors: [Double] {
        let n = Self.sensorsPerSide
        return (0..<n * n).map { index in
            source((Double(index % n) + 0.5) / Double(n), (Double(index / n) + 0.5) / Double(n)) / Self.sensorScale
        }
    }
}
