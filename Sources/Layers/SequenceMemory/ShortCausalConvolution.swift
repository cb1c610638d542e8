import Autograd
import Tensor

/// A depthwise causal convolution along time, [B, T, C] → [B, T, C]: y_t = Σ_{j<K} w_j ⊙ x_{t−j} (x before the
/// start is 0). The short convolution that Gated DeltaNet and Gated KalmaNet put on their queries, keys and values,
/// which lets a token's key see the token before it.
public final class ShortCausalConvolution: Module, UnaryLayer {
    /// [K, C]: row j weighs the input j steps back.
    public let weight: Parameter

    /// Kernel `size` over `channels`, initialized like PyTorch's depthwise `Conv1d` (U(±1/√K)).
    public init(channels: Int, size: Int, dtype: DType = .float32, using generator: inout RandomGenerator) {
        precondition(channels > 0 && size > 0, "ShortCausalConvolution: channels \(channels), size \(size)")
        let bound = 1 / Double(size).squareRoot()
        weight = Parameter(Tensor.uniform([size, channels], low: -bound, high: bound, dtype: dtype, using: &generator))
        super.init()
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        let (size, channels) = (weight.shape[0], weight.shape[1])
        precondition(
            x.rank == 3 && x.shape[2] == channels && x.dtype == weight.dtype,
            "ShortCausalConvolution: input \(x.dtype) \(x.shape), expected [B, T, \(channels)] \(weight.dtype)")
        let length = x.shape[1]
        let padded = x.padded([(before: size - 1, after: 0), (before: 0, after: 0)])
        var y = x * weight.variable.selected(axis: 0, index: 0)
        for lag in 1..<size {
            let shifted = padded.narrowed(axis: 1, start: size - 1 - lag, length: length)
            y = y + shifted * weight.variable.selected(axis: 0, index: lag)
        }
        return y
    }
}
