import Autograd
import Tensor

/// The causal convolution y_i = Σ_{j ≤ i} k_{i−j}·u_j of a sequence with one kernel per channel, by FFT.
public enum CausalConvolution {
    /// y = irfft(rfft(u, n)·rfft(k, n), n)[…, :L] with n the power of two at or above 2L: zero-padding to n ≥ 2L − 1
    /// turns the circular convolution of the DFT into the linear one, whose first L outputs are causal (a power of two
    /// takes the FFT's fastest path). O(L log L) per channel; differentiable in both operands.
    /// - Parameters:
    ///   - input: u `[…, H, L]`.
    ///   - kernel: k `[H, L]`.
    /// - Returns: y `[…, H, L]`.
    public static func apply(_ input: Variable, kernel: Variable) -> Variable {
        let length = kernel.shape[1]
        precondition(
            input.rank >= 2 && Array(input.shape.suffix(2)) == kernel.shape,
            "CausalConvolution: input \(input.shape) does not end in the kernel's [H, L] = \(kernel.shape)")
        var size = 1
        while size < 2 * length { size *= 2 }
        let spectrum = FFT.rfft(input, axis: -1, length: size) * FFT.rfft(kernel, axis: -1, length: size)
        return FFT.irfft(spectrum, axis: -1, length: size).sliced(axis: -1, start: 0, end: length)
    }
}
