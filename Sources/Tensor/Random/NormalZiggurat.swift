/// Standard normal samples by the ziggurat method (Marsaglia and Tsang, 2000, with 256 layers; Doornik's 2005
/// variant, which takes the layer and the abscissa from independent bits).
///
/// The density `f(x) = exp(-x²/2)` on `x ≥ 0` is covered by 255 rectangles and a base strip (rectangle plus tail)
/// of equal area `v`. One 64-bit draw picks a layer (8 bits) and a signed abscissa (53 bits); about 99% of samples
/// are accepted with one comparison and one multiplication. The rest test the wedge under the curve (two
/// exponentials) or, from the base strip, sample the tail beyond `r` (Marsaglia's exponential method). The tables
/// and the rare branches use `PortableMath`, so the samples are identical on every platform.
enum NormalZiggurat {
    /// Right edge of the rectangles; the tail starts here.
    static let tailStart = 3.6541528853610088
    /// Area of each layer.
    static let layerArea = 0.00492867323399

    /// `edges[0] = v / f(r)` (the base strip's equivalent width), `edges[1] = r`, then decreasing to `edges[256] = 0`.
    static let edges: [Double] = {
        var edges = [Double](repeating: 0, count: 257)
        var density = PortableMath.exp(-0.5 * tailStart * tailStart)
        edges[0] = layerArea / density
        edges[1] = tailStart
        for i in 2..<256 {
            edges[i] = (-2 * PortableMath.log(layerArea / edges[i - 1] + density)).squareRoot()
            density = PortableMath.exp(-0.5 * edges[i] * edges[i])
        }
        return edges
    }()

    /// `f(edges[i])`: the heights of the layer boundaries (`densities[256] = 1`).
    static let densities: [Double] = edges.map { PortableMath.exp(-0.5 * $0 * $0) }

    /// `edges[i + 1] / edges[i]`: abscissae below this fraction of layer `i`'s width lie under the curve.
    static let acceptanceRatios: [Double] = (0..<256).map { edges[$0 + 1] / edges[$0] }

    /// Fills `count` elements at `values` with `mean + std · z`, z standard normal, rounded once to `T`.
    static func fill<T: FloatElement>(
        _ values: UnsafeMutablePointer<T>, count: Int, mean: Double, std: Double, using generator: inout RandomGenerator
    ) {
        edges.withUnsafeBufferPointer { edges in
            densities.withUnsafeBufferPointer { densities in
                acceptanceRatios.withUnsafeBufferPointer { ratios in
                    for k in 0..<count {
                        let z = sample(edges, densities, ratios, using: &generator)
                        values[k] = T(mean + std * z)
                    }
                }
            }
        }
    }

    @inline(__always)
    private static func sample(
        _ edges: UnsafeBufferPointer<Double>, _ densities: UnsafeBufferPointer<Double>,
        _ ratios: UnsafeBufferPointer<Double>, using generator: inout RandomGenerator
    ) -> Double {
        while true {
            let bits = generator.next()
            let u = Double(bits >> 11) * 0x1p-52 - 1  // [-1, 1) from the top 53 bits
            let layer = Int(truncatingIfNeeded: bits & 0xff)  // from the low 8 bits
            if Swift.abs(u) < ratios[layer] { return u * edges[layer] }
            if layer == 0 { return tail(negative: u < 0, using: &generator) }
            // The wedge: accept a uniform height between the layer's boundaries if it lies under the curve.
            let x = u * edges[layer]
            let height = densities[layer] + generator.nextDouble() * (densities[layer + 1] - densities[layer])
            if height < PortableMath.exp(-0.5 * x * x) { return x }
        }
    }

    /// A sample from the normal tail beyond `tailStart`, with the given sign.
    private static func tail(negative: Bool, using generator: inout RandomGenerator) -> Double {
        while true {
            // 1 - nextDouble() is in (0, 1]: the logarithms stay finite.
            let x = -PortableMath.log(1 - generator.nextDouble()) / tailStart
            let y = -PortableMath.log(1 - generator.nextDouble())
            if 2 * y >= x * x { return negative ? -(tailStart + x) : tailStart + x }
        }
    }
}
