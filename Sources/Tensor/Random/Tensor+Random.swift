/// Random tensors drawn from a `RandomGenerator`.
///
/// Every factory draws its elements one after the other, in row-major order, from the generator it is given (never
/// split across threads), so a seed fixes the result on every run, machine and core count. Samples are computed in
/// `Double` and rounded once to the dtype.
extension Tensor {
    /// Samples from the uniform distribution on `[low, high)`, a floating `dtype`.
    ///
    /// Each element is `low + (high - low) · u` with `u` a multiple of 2⁻⁵³ in `[0, 1)`, rounded to the dtype and
    /// kept below `high` (when rounding reaches `high`, the largest value below it is used instead).
    public static func uniform(
        _ shape: [Int], low: Double = 0, high: Double = 1, dtype: DType = .float32,
        using generator: inout RandomGenerator
    ) -> Tensor {
        precondition(
            low <= high && (high - low).isFinite, "uniform: needs finite bounds low ≤ high, got [\(low), \(high))")
        let span = high - low
        switch dtype {
        case .float32:
            let lower = Float(low)
            let upper = Float(high)
            return filled(shape, Float.self, op: "uniform") {
                let x = Float(low + span * generator.nextDouble())
                return x < upper ? x : Swift.max(lower, upper.nextDown)
            }
        case .float64:
            return filled(shape, Double.self, op: "uniform") {
                let x = low + span * generator.nextDouble()
                return x < high ? x : Swift.max(low, high.nextDown)
            }
        case .int64, .bool:
            preconditionFailure("uniform: expects a floating dtype, got \(dtype); see randomIntegers and bernoulli")
        }
    }

    /// Samples from the normal distribution with the given mean and standard deviation, a floating `dtype`.
    ///
    /// The ziggurat method (`NormalZiggurat`): about one 64-bit draw per sample, ~2 ns each, and the same samples
    /// on every platform; large tensors are drawn on all cores, still as one pass of the stream would draw them.
    public static func normal(
        _ shape: [Int], mean: Double = 0, standardDeviation: Double = 1, dtype: DType = .float32,
        using generator: inout RandomGenerator
    ) -> Tensor {
        let std = standardDeviation
        precondition(
            std >= 0 && std.isFinite && mean.isFinite,
            "normal: needs a finite mean and standard deviation ≥ 0, got \(mean), \(std)")
        switch dtype {
        case .float32: return normalSamples(shape, mean: mean, std: std, Float.self, using: &generator)
        case .float64: return normalSamples(shape, mean: mean, std: std, Double.self, using: &generator)
        case .int64, .bool: preconditionFailure("normal: expects a floating dtype, got \(dtype)")
        }
    }

    /// A bool mask whose elements are `true` with probability `probability` (in `[0, 1]`), independently.
    public static func bernoulli(
        _ shape: [Int], probability: Double, using generator: inout RandomGenerator
    ) -> Tensor {
        precondition(probability >= 0 && probability <= 1, "bernoulli: probability \(probability) is outside [0, 1]")
        return filled(shape, Bool.self, op: "bernoulli") { generator.nextDouble() < probability }
    }

    /// A bool mask of the shape of `probabilities` (a floating tensor of any layout, values in `[0, 1]`) whose
    /// element `i` is `true` with probability `probabilities[i]`, independently (dropout with per-element rates).
    public static func bernoulli(_ probabilities: Tensor, using generator: inout RandomGenerator) -> Tensor {
        precondition(
            probabilities.dtype.isFloatingPoint,
            "bernoulli: probabilities must be floating, got \(probabilities.dtype)")
        let result = Tensor(uninitializedShape: probabilities.shape, dtype: .bool)
        let mask = result.basePointer(as: Bool.self)
        probabilities.cast(to: .float64).withContiguousElements(as: Double.self) { values in
            for (position, probability) in values.enumerated() {
                precondition(
                    probability >= 0 && probability <= 1,
                    "bernoulli: probability \(probability) at element \(position) of shape \(probabilities.shape) "
                        + "is outside [0, 1]")
                mask[position] = generator.nextDouble() < probability
            }
        }
        return result
    }

    /// A random permutation of `0..<n` as a 1-D `int64` tensor (Fisher–Yates with unbiased draws).
    public static func permutation(_ n: Int, using generator: inout RandomGenerator) -> Tensor {
        precondition(n >= 0, "permutation: negative length \(n)")
        let result = Tensor(uninitializedShape: [n], dtype: .int64)
        let values = result.basePointer(as: Int64.self)
        for i in 0..<n { values[i] = Int64(i) }
        for i in stride(from: n - 1, to: 0, by: -1) {
            let j = Int(generator.nextInteger(below: UInt64(i + 1)))
            let value = values[i]
            values[i] = values[j]
            values[j] = value
        }
        return result
    }

    /// Integers drawn uniformly from `low..<high`, without bias, as an `int64` tensor.
    public static func randomIntegers(
        _ shape: [Int], low: Int = 0, high: Int, using generator: inout RandomGenerator
    ) -> Tensor {
        precondition(low < high, "randomIntegers: empty range \(low)..<\(high)")
        let range = UInt64(bitPattern: Int64(high) &- Int64(low))
        let start = Int64(low)
        return filled(shape, Int64.self, op: "randomIntegers") {
            start &+ Int64(bitPattern: generator.nextInteger(below: range))
        }
    }

    private static func normalSamples<T: FloatElement>(
        _ shape: [Int], mean: Double, std: Double, _: T.Type, using generator: inout RandomGenerator
    ) -> Tensor {
        precondition(shape.allSatisfy { $0 >= 0 }, "normal: negative size in \(shape)")
        let result = Tensor(uninitializedShape: shape, dtype: T.dtype)
        NormalZiggurat.fill(
            result.basePointer(as: T.self), count: result.count, mean: mean, std: std, using: &generator)
        return result
    }

    /// A fresh tensor of `shape` whose elements are `generate()` in row-major order.
    private static func filled<T: TensorElement>(_ shape: [Int], _: T.Type, op: String, _ generate: () -> T) -> Tensor {
        precondition(shape.allSatisfy { $0 >= 0 }, "\(op): negative size in \(shape)")
        let result = Tensor(uninitializedShape: shape, dtype: T.dtype)
        let values = result.basePointer(as: T.self)
        for i in 0..<result.count { values[i] = generate() }
        return result
    }
}
