import Foundation
import Tensor

/// One point at a time, uniform on the unit sphere or in the unit ball of ℝᴰ, for Monte Carlo loops that draw a
/// point per step (walk-on-spheres); the `into:` forms fill a buffer of D coordinates, so such a loop allocates
/// nothing. `Samplers.sphere` and `Samplers.ball` draw whole tensors of points at once.
extension RandomGenerator {
    /// A standard normal sample (Box–Muller; the second value of the pair is not kept).
    @inlinable
    public mutating func nextNormal() -> Double {
        let u = 1 - nextDouble()  // in (0, 1], so the logarithm is finite
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * nextDouble())
    }

    /// Fills `point` (D = its count) with a uniform point on the unit sphere S^{D−1}: (cos θ, sin θ) with θ uniform
    /// in 2-D, a normalized Gaussian vector otherwise.
    @inlinable
    public mutating func nextSpherePoint(into point: inout [Double]) {
        let dimension = point.count
        precondition(dimension >= 1, "nextSpherePoint: dimension must be ≥ 1, got \(dimension)")
        if dimension == 1 {
            point[0] = nextDouble() < 0.5 ? -1 : 1
        } else if dimension == 2 {
            let angle = 2 * Double.pi * nextDouble()
            (point[0], point[1]) = (cos(angle), sin(angle))
        } else {
            var length = 0.0
            while length == 0 {
                for i in 0..<dimension { point[i] = nextNormal() }
                length = point.reduce(0) { $0 + $1 * $1 }.squareRoot()
            }
            for i in 0..<dimension { point[i] /= length }
        }
    }

    /// Fills `point` with a uniform point in the unit ball: a sphere point scaled by U^{1/D}.
    @inlinable
    public mutating func nextBallPoint(into point: inout [Double]) {
        let u = nextDouble()
        let radius = point.count == 2 ? u.squareRoot() : pow(u, 1 / Double(point.count))
        nextSpherePoint(into: &point)
        for i in 0..<point.count { point[i] *= radius }
    }

    /// A uniform point on the unit sphere S^{D−1}.
    public mutating func nextSpherePoint(dimension: Int) -> [Double] {
        var point = [Double](repeating: 0, count: dimension)
        nextSpherePoint(into: &point)
        return point
    }

    /// A uniform point in the unit ball of ℝᴰ.
    public mutating func nextBallPoint(dimension: Int) -> [Double] {
        var point = [Double](repeating: 0, count: dimension)
        nextBallPoint(into: &point)
        return point
    }
}
