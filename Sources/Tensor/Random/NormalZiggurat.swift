import Foundation

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

    /// Fills `count` elements at `values` with `mean + std · z`, z standard normal, rounded once to `T`, and leaves
    /// `generator` after the last draw used: the same samples and the same final state whether the fill runs on
    /// one core or several (`fillInParts`).
    static func fill<T: FloatElement>(
        _ values: UnsafeMutablePointer<T>, count: Int, mean: Double, std: Double, using generator: inout RandomGenerator
    ) {
        fillInParts(
            values, count: count, parts: min(Parallel.cores, count / minimumPartSize), mean: mean, std: std,
            using: &generator)
    }

    /// Samples below which a part does not pay for its thread (a part costs ~2 ns per sample; starting one, a
    /// jump and a parallel region, a few microseconds).
    static let minimumPartSize = 1 << 16

    /// `fill` split into `parts` ranges of the stream, parsed in parallel.
    ///
    /// Most samples take one draw; about 1 % take more (the wedge and the tail), so where a sample starts in the
    /// stream depends on every sample before it. Part `p` guesses: it jumps to draw `d = count · p / parts`
    /// (`advance(by:)`), parses samples from there as if one started at `d` until the next would start at or
    /// past the next part's first draw, and writes them at `values[d...]` (a sample starts at or after the draw
    /// of its index, so the parts never overlap). Then, part by part, where the previous part really ended (draw
    /// `e ≥ d`) is looked up among the guessed starts: the parses agree from there on, and the samples are moved
    /// down to their final index. When `e` falls inside a guessed sample (rare: 62 of the ~60 000 boundaries of
    /// the test's sweep), the part is parsed again from `e` serially. The samples the parts leave short (one per
    /// extra draw) are drawn serially at the end. Returns how many parts were parsed again.
    @discardableResult
    static func fillInParts<T: FloatElement>(
        _ values: UnsafeMutablePointer<T>, count: Int, parts: Int, mean: Double, std: Double,
        using generator: inout RandomGenerator
    ) -> Int {
        var state = Parser(generator: generator, mean: mean, std: std)
        guard parts > 1 else {
            state.parse(into: values, samples: count)
            generator = state.generator
            return 0
        }
        var guesses = [Guess](repeating: Guess(), count: parts)
        guesses.withUnsafeMutableBufferPointer { guesses in
            let job = UnsafeSendable((guesses, values))
            let start = generator
            Parallel.perform(iterations: parts) { p in
                let first = count * p / parts
                var parser = Parser(generator: start, mean: mean, std: std, draw: first)
                parser.generator.advance(by: UInt64(first))
                job.value.0[p] = parser.parse(into: job.value.1 + first, draws: first..<count * (p + 1) / parts)
            }
        }
        state = Parser(generator: guesses[0].end, mean: mean, std: std, draw: guesses[0].endDraw)
        var written = guesses[0].samples
        var reparsed = 0
        for p in 1..<parts {
            let first = count * p / parts
            let last = count * (p + 1) / parts
            let guess = guesses[p]
            // The guessed sample that starts at the true start draw, if one does.
            var start = first
            var index = 0
            var irregular = 0
            while start < state.draw && index < guess.samples {
                if irregular < guess.irregular.count && guess.irregular[irregular].sample == index {
                    start += guess.irregular[irregular].draws
                    irregular += 1
                } else {
                    start += 1
                }
                index += 1
            }
            if start == state.draw && index < guess.samples && written <= first + index {
                let kept = guess.samples - index
                memmove(values + written, values + first + index, kept * MemoryLayout<T>.stride)
                written += kept
                state = Parser(generator: guess.end, mean: mean, std: std, draw: guess.endDraw)
            } else if state.draw < last {
                reparsed += 1
                written += state.parse(into: values + written, draws: state.draw..<last).samples
            }
        }
        state.parse(into: values + written, samples: count - written)
        generator = state.generator
        return reparsed
    }

    /// What a part's parse produced: how many samples, which of them took more than one draw, and the stream
    /// after its last sample.
    struct Guess {
        var samples = 0
        var irregular: [(sample: Int, draws: Int)] = []
        var end = RandomGenerator(seed: 0)
        var endDraw = 0
    }

    /// The sampler walking the stream: its generator and the index of the next draw.
    struct Parser {
        var generator: RandomGenerator
        let mean: Double
        let std: Double
        var draw = 0

        /// Writes `samples` samples at `values`.
        mutating func parse<T: FloatElement>(into values: UnsafeMutablePointer<T>, samples: Int) {
            (generator, draw) = withTables { [generator, draw, mean, std] edges, densities, ratios in
                // Local copies: a generator left in `self` (or captured by reference) goes through memory on
                // every draw.
                var generator = generator
                var draw = draw
                for k in 0..<samples {
                    values[k] = T(mean + std * sample(edges, densities, ratios, using: &generator, draws: &draw))
                }
                return (generator, draw)
            }
        }

        /// Writes at `values` the samples that start in `draws` (the parser is at `draws.lowerBound`).
        mutating func parse<T: FloatElement>(into values: UnsafeMutablePointer<T>, draws: Range<Int>) -> Guess {
            let (end, endDraw, samples, irregular) = withTables {
                [generator, draw, mean, std] edges, densities, ratios in
                var generator = generator
                var draw = draw
                var samples = 0
                var irregular: [(sample: Int, draws: Int)] = []
                while draw < draws.upperBound {
                    let start = draw
                    let z = sample(edges, densities, ratios, using: &generator, draws: &draw)
                    values[samples] = T(mean + std * z)
                    if draw - start > 1 { irregular.append((samples, draw - start)) }
                    samples += 1
                }
                return (generator, draw, samples, irregular)
            }
            let guess = Guess(samples: samples, irregular: irregular, end: end, endDraw: endDraw)
            (generator, draw) = (guess.end, guess.endDraw)
            return guess
        }
    }

    private static func withTables<Result>(
        _ body: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>) -> Result
    ) -> Result {
        edges.withUnsafeBufferPointer { edges in
            densities.withUnsafeBufferPointer { densities in
                acceptanceRatios.withUnsafeBufferPointer { ratios in body(edges, densities, ratios) }
            }
        }
    }

    /// One standard normal sample; `draws` counts the generator's draws. The rare path is a separate function
    /// taking and returning the generator by value, so the common one keeps the generator in registers.
    @inline(__always)
    private static func sample(
        _ edges: UnsafeBufferPointer<Double>, _ densities: UnsafeBufferPointer<Double>,
        _ ratios: UnsafeBufferPointer<Double>, using generator: inout RandomGenerator, draws: inout Int
    ) -> Double {
        let bits = generator.next()
        let u = Double(bits >> 11) * 0x1p-52 - 1  // [-1, 1) from the top 53 bits
        let layer = Int(truncatingIfNeeded: bits & 0xff)  // from the low 8 bits
        if Swift.abs(u) < ratios[layer] {
            draws += 1
            return u * edges[layer]
        }
        let rejected = sample(rejected: bits, generator, edges, densities, ratios)
        generator = rejected.generator
        draws += rejected.draws
        return rejected.z
    }

    /// The sample that starts with a draw outside the rectangles (`bits`): the base strip's tail, the wedge under
    /// the curve, or a new draw. Returns the sample, the generator after it and the draws used, `bits` included.
    @inline(never)
    private static func sample(
        rejected bits: UInt64, _ generator: RandomGenerator, _ edges: UnsafeBufferPointer<Double>,
        _ densities: UnsafeBufferPointer<Double>, _ ratios: UnsafeBufferPointer<Double>
    ) -> (z: Double, generator: RandomGenerator, draws: Int) {
        var generator = generator
        var bits = bits
        var draws = 1
        while true {
            let u = Double(bits >> 11) * 0x1p-52 - 1
            let layer = Int(truncatingIfNeeded: bits & 0xff)
            if Swift.abs(u) < ratios[layer] { return (u * edges[layer], generator, draws) }
            if layer == 0 {
                let z = tail(negative: u < 0, using: &generator, draws: &draws)
                return (z, generator, draws)
            }
            // The wedge: accept a uniform height between the layer's boundaries if it lies under the curve.
            let x = u * edges[layer]
            let height = densities[layer] + generator.nextDouble() * (densities[layer + 1] - densities[layer])
            draws += 1
            if height < PortableMath.exp(-0.5 * x * x) { return (x, generator, draws) }
            bits = generator.next()
            draws += 1
        }
    }

    /// A sample from the normal tail beyond `tailStart`, with the given sign.
    private static func tail(negative: Bool, using generator: inout RandomGenerator, draws: inout Int) -> Double {
        while true {
            draws += 2
            // 1 - nextDouble() is in (0, 1]: the logarithms stay finite.
            let x = -PortableMath.log(1 - generator.nextDouble()) / tailStart
            let y = -PortableMath.log(1 - generator.nextDouble())
            if 2 * y >= x * x { return negative ? -(tailStart + x) : tailStart + x }
        }
    }
}
