import Foundation
import Tensor

/// The 2-D Poisson family of the WoS-NO reproduction: Δu = f on the unit square, u = g on its boundary, with
///
///     u = h + Σ_k c_k·sin(k₁πx)·sin(k₂πy),   f = −Σ_k c_k·π²(k₁² + k₂²)·sin(k₁πx)·sin(k₂πy),
///
/// over the four modes k ∈ {1, 2}², c_k ~ N(0, 1/4) per instance, and one harmonic boundary function
/// h = g = x² − y² + xy (the sine modes vanish on the boundary, so the exact solution is known in closed form).
struct PoissonInstance: Sendable {
    /// k₁² + k₂² of the modes (1, 1), (1, 2), (2, 1), (2, 2).
    static let squaredWavenumbers: [Double] = [2, 5, 5, 8]
    /// The branch net reads f on a 16 × 16 grid of cell centers.
    static let sensorsPerSide = 16
    /// Sensor values are divided by this scale (f reaches a few tens).
    static let sensorScale = 20.0

    /// c_k.
    let coefficients: [Double]
    /// −π²(k₁² + k₂²)·c_k, the coefficients of f.
    let sourceCoefficients: [Double]

    init(coefficients: [Double]) {
        self.coefficients = coefficients
        sourceCoefficients = zip(coefficients, Self.squaredWavenumbers).map { -Double.pi * Double.pi * $1 * $0 }
    }

    static func sample(using generator: inout RandomGenerator) -> PoissonInstance {
        PoissonInstance(coefficients: squaredWavenumbers.map { _ in 0.5 * generator.nextNormal() })
    }

    /// g = h = x² − y² + xy, harmonic.
    static func boundary(_ x: Double, _ y: Double) -> Double { x * x - y * y + x * y }

    /// Σ_k w_k·sin(k₁πx)·sin(k₂πy) with sin 2θ = 2 sin θ cos θ (one sin and one cos per coordinate; this runs at
    /// every step of every walk, so it allocates nothing).
    private static func modeSum(_ w: [Double], _ x: Double, _ y: Double) -> Double {
        let (sx, sy) = (sin(Double.pi * x), sin(Double.pi * y))
        let (s2x, s2y) = (2 * sx * cos(Double.pi * x), 2 * sy * cos(Double.pi * y))
        // The modes (1, 1), (1, 2), (2, 1), (2, 2).
        return w[0] * sx * sy + w[1] * sx * s2y + w[2] * s2x * sy + w[3] * s2x * s2y
    }

    func source(_ x: Double, _ y: Double) -> Double { Self.modeSum(sourceCoefficients, x, y) }

    func exact(_ x: Double, _ y: Double) -> Double { Self.boundary(x, y) + Self.modeSum(coefficients, x, y) }

    /// The branch input: f/scale on the sensor grid, row-major in y then x: `[256]` values.
    var sensors: [Double] {
        let n = Self.sensorsPerSide
        return (0..<n * n).map { index in
            source((Double(index % n) + 0.5) / Double(n), (Double(index / n) + 0.5) / Double(n)) / Self.sensorScale
        }
    }
}
