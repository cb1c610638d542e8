import Autograd
import Tensor

/// The causal convolution y_i = Σ_{j ≤ i} k_{i−j}·u_j of a sequence with one kernel per channel.
public enum CausalConvolution {
    /// - Parameters:
    ///   - input: u `[…, H, L]`.
    ///   - kernel: k `[H, L]`.
    /// - Returns: y `[…, H, L]`.
    ///
    /// Direct form through the lower-triangular Toeplitz matrices T_h[i, j] = k_h[i − j], gathered from the kernel and
    /// zeros (differentiable in both operands; O(H·L²) memory, so only for short sequences).
    public static func apply(_ input: Variable, kernel: Variable) -> Variable {
        let length = kernel.shape[1], channels = kernel.shape[0]
        precondition(
            input.rank >= 2 && Array(input.shape.suffix(2)) == kernel.shape,
            "CausalConvolution: input \(input.shape) does not end in the kernel's [H, L] = \(kernel.shape)")
        let padded = Variable.concatenated(
            [kernel, Variable(Tensor.zeros([channels, length], dtype: kernel.dtype))], axis: 1)   // [H, 2L]
        var positions = [Int64](repeating: 0, count: length * length)
        for i in 0..<length {
            for j in 0..<length { positions[i * length + j] = Int64(i >= j ? i - j : 2 * length + i - j) }
        }
        let indices = Tensor(positions, shape: [1, length * length]).expanded(to: [channels, length * length])
        let toeplitz = padded.gathered(axis: 1, indices: indices).reshaped([channels, length, length])
        let leading = Array(input.shape.dropLast(2))
        let columns = input.reshaped([-1, channels, length]).permuted([1, 2, 0])                  // [H, L, batch]
        return toeplitz.matmul(columns).permuted([2, 0, 1]).reshaped(leading + [channels, length])
    }
}
