import Tensor

/// The adding problem (Hochreiter & Schmidhuber, 1997), a long-range regression task generated in code.
///
/// Each sequence has two channels: values uniform in [0, 1), and a marker that is 1 at exactly two steps (one in each
/// half of the sequence) and 0 elsewhere. The target is the sum of the two marked values. Predicting the mean 1 gives
/// MSE 1/6 ≈ 0.167 (the variance of a sum of two uniforms).
enum AddingProblem {
    /// - Returns: inputs `[count, length, 2]` and targets `[count, 1]`, float64.
    static func batch(count: Int, length: Int, using generator: inout RandomGenerator) -> (
        inputs: Tensor, targets: Tensor
    ) {
        let values = Tensor.uniform([count, length], dtype: .float64, using: &generator).toDoubles()
        var inputs = [Double](repeating: 0, count: count * length * 2)
        var targets = [Double](repeating: 0, count: count)
        let half = length / 2
        for sample in 0..<count {
            let first = Int(generator.nextInteger(below: UInt64(half)))
            let second = half + Int(generator.nextInteger(below: UInt64(length - half)))
            for step in 0..<length {
                let position = (sample * length + step) * 2
                inputs[position] = values[sample * length + step]
                if step == first || step == second { inputs[position + 1] = 1 }
            }
            targets[sample] = values[sample * length + first] + values[sample * length + second]
        }
        return (Tensor(inputs, shape: [count, length, 2]), Tensor(targets, shape: [count, 1]))
    }
}
