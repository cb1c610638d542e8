import Autograd
import Tensor

/// The causal convolution y_i = Σ_{j ≤ i} k_{i−j}·u_j of a sequence with one kernel per channel, by FFT.
public enum CausalConvolution {
    /// y = irfft(rfft(u, 2L)·rfft(k, 2L), 2L)[…, :L]: zero-padding to 2L turns the circular convolution of the DFT
    /// into the linear one, whose first L outputs are causal. O(L log L) per channel; differentiable in both operands.
    /// - Parameters:
    ///   - input: u `[…, H, L]`.
    ///   - kernel: k `[H, L]`.
    /// - Returns: y `[…, H, L]`.
    public static func apply(_ input: Variable, kernel: Variable) -> Variable {
        let length = kernel.shape[1]
        precondition(
            input.rank >= 2 && Array(input.shape.suffix(2)) == kernel.shape,
            "CausalConvolution: input \(input.shape) does not end in the kernel's [H, L] = \(kernel.shape)")
        let spectrum = FFT.rfft(input, axis: -1, length: 2 * length) * FFT.rfft(kernel, axis: -1, length: 2 * length)
        return FFT.irfft(spectrum, axis: -1, length: 2 * length).sliced(axis: -1, start: 0, end: length)
    }
}
