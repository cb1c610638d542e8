import Tensor

/// Random collocation points for physics-informed training, drawn from a `RandomGenerator`.
public enum Samplers {
    /// Uniform points in the box ∏ᵢ [lowᵢ, highᵢ]: `[count, D]`.
    public static func box(
        count: Int, low: [Double], high: [Double], dtype: DType = .float32, using generator: inout RandomGenerator
    )
        -> Tensor
    {
        precondition(low.count == high.count, "Samplers.box: \(low.count) lower and \(high.count) upper bounds")
        let unit = Tensor.uniform([count, low.count], dtype: .float64, using: &generator)
        let scale = Tensor(zip(low, high).map { $1 - $0 }, shape: [1, low.count])
        return (unit * scale + Tensor(low, shape: [1, low.count])).cast(to: dtype)
    }

    /// Uniform points on the sphere of `radius` in D dimensions (normalized Gaussians): `[count, D]`.
    public static func sphere(
        count: Int, dimension: Int, radius: Double = 1, dtype: DType = .float32, using generator: inout RandomGenerator
    ) -> Tensor {
        let g = Tensor.normal([count, dimension], dtype: .float64, using: &generator)
        return (g / g.norm(axes: [1], keepDims: true) * radius).cast(to: dtype)
    }

    /// Uniform points in the ball of `radius` in D dimensions (sphere points scaled by r·U^{1/D}): `[count, D]`.
    public static func ball(
        count: Int, dimension: Int, radius: Double = 1, dtype: DType = .float32, using generator: inout RandomGenerator
    ) -> Tensor {
        let directions = sphere(count: count, dimension: dimension, dtype: .float64, using: &generator)
        let radii = Tensor.uniform([count, 1], dtype: .float64, using: &generator).pow(1 / Double(dimension)) * radius
        return (directions * radii).cast(to: dtype)
    }

    /// Uniform points on the boundary of the box (faces chosen in proportion to their area): `[count, D]`.
    public static func boxBoundary(
        count: Int, low: [Double], high: [Double], dtype: DType = .float32, using generator: inout RandomGenerator
    ) -> Tensor {
        let d = low.count
        precondition(d == high.count && d >= 1, "Samplers.boxBoundary: bounds \(low) and \(high)")
        let sides = zip(low, high).map { $1 - $0 }
        // Face i (two of them) has area Π_{j≠i} sides[j].
        let areas = (0..<d).map { i in (0..<d).filter { $0 != i }.reduce(1.0) { $0 * sides[$1] } }
        let total = 2 * areas.reduce(0, +)
        var points = Samplers.box(count: count, low: low, high: high, dtype: .float64, using: &generator).toDoubles()
        for n in 0..<count {
            var pick = generator.nextDouble() * total
            var face = 0
            while face < 2 * d - 1 && pick >= areas[face / 2] {
                pick -= areas[face / 2]
                face += 1
            }
            points[n * d + face / 2] = face % 2 == 0 ? low[face / 2] : high[face / 2]
        }
        return Tensor(points, shape: [count, d], dtype: dtype)
    }
}
