import Tensor

/// The recurrent (step-by-step) form of H single-input single-output diagonal systems in conjugate-pair form, for
/// inference: x_k = Ā·x_{k−1} + B̄·u_k, y_k = 2·Re(C·x_k) + D·u_k per channel, from x_{−1} = 0.
public enum DiagonalRecurrence {
    /// - Parameters:
    ///   - state: Ā `[H, M]`.
    ///   - input: B̄ `[H, M]`.
    ///   - output: C `[H, M]`.
    ///   - skip: D `[H]`.
    ///   - sequence: u `[batch, L, H]`.
    /// - Returns: y `[batch, L, H]`, accumulated in Float64 and returned in u's dtype.
    public static func run(
        state: ComplexTensor, input: ComplexTensor, output: ComplexTensor, skip: Tensor, sequence: Tensor
    ) -> Tensor {
        let (channels, size) = (state.shape[0], state.shape[1])
        precondition(
            input.shape == state.shape && output.shape == state.shape && skip.shape == [channels]
                && sequence.rank == 3 && sequence.shape[2] == channels,
            "DiagonalRecurrence: Ā \(state.shape), B̄ \(input.shape), C \(output.shape), D \(skip.shape), "
                + "u \(sequence.shape)")
        let (batch, length) = (sequence.shape[0], sequence.shape[1])
        let aRe = state.real.toDoubles()
        let aIm = state.imaginary.toDoubles()
        let bRe = input.real.toDoubles()
        let bIm = input.imaginary.toDoubles()
        let cRe = output.real.toDoubles()
        let cIm = output.imaginary.toDoubles()
        let d = skip.toDoubles()
        let u = sequence.toDoubles()
        var y = [Double](repeating: 0, count: u.count)
        var xRe = [Double](repeating: 0, count: size)
        var xIm = [Double](repeating: 0, count: size)
        for sample in 0..<batch {
            for channel in 0..<channels {
                for m in 0..<size { (xRe[m], xIm[m]) = (0, 0) }
                let row = channel * size
                for step in 0..<length {
                    let position = (sample * length + step) * channels + channel
                    let value = u[position]
                    var total = 0.0
                    for m in 0..<size {
                        let re = aRe[row + m] * xRe[m] - aIm[row + m] * xIm[m] + bRe[row + m] * value
                        let im = aRe[row + m] * xIm[m] + aIm[row + m] * xRe[m] + bIm[row + m] * value
                        (xRe[m], xIm[m]) = (re, im)
                        total += cRe[row + m] * re - cIm[row + m] * im
                    }
                    y[position] = 2 * total + d[channel] * value
                }
            }
        }
        return Tensor(y, shape: sequence.shape).cast(to: sequence.dtype)
    }
}
