import Autograd
import Tensor

/// A 1-D convolution of sparsely observed signals (a partial convolution, Liu et al., 2018): missing entries do not
/// count, and each output is rescaled by how much of its window was observed.
///
/// With x `[N, C, L]`, a 0/1 mask m `[N, C, L]` (or `[N, 1, L]`, shared by the channels), weight W `[O, C, K]`:
///
///     y[n, o, t] = (C·K / s[n, t])·Σ_{c,k} W[o, c, k]·(x·m)[n, c, t + k − p] + b[o]   where s[n, t] > 0, else 0,
///     s[n, t] = Σ_{c,k} m[n, c, t + k − p]   (the observed entries in the window),
///
/// stride 1, "same" length (K odd, p = (K − 1)/2), zero or periodic boundary. The returned mask is 1 where the
/// window held any observation (`[N, 1, L]`), for a following masked layer. Unobserved values of x are ignored,
/// whatever they hold. Differentiable in x, W and b (the mask is data).
public final class MaskedConv1d: Module {
    /// How the window extends past the ends of the signal.
    public enum Boundary: Sendable {
        /// Zeros (unobserved) beyond the ends.
        case zeros
        /// The signal wraps around (a ring of sites).
        case periodic
    }

    public let convolution: Conv1d
    public let bias: Parameter
    public let boundary: Boundary

    /// A masked convolution with PyTorch's default initialization of `Conv1d`; `kernelSize` odd.
    public init(
        inputChannels: Int, outputChannels: Int, kernelSize: Int, boundary: Boundary = .zeros,
        dtype: DType = .float32, using generator: inout RandomGenerator
    ) {
        precondition(kernelSize >= 1 && kernelSize % 2 == 1, "MaskedConv1d: kernel size \(kernelSize) must be odd")
        convolution = Conv1d(
            inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: kernelSize, bias: false,
            dtype: dtype, using: &generator)
        let bound = 1 / Double(inputChannels * kernelSize).squareRoot()
        bias = Parameter(Tensor.uniform([outputChannels], low: -bound, high: bound, dtype: dtype, using: &generator))
        self.boundary = boundary
        super.init()
    }

    public var inputChannels: Int { convolution.inputChannels }
    public var outputChannels: Int { convolution.outputChannels }
    public var kernelSize: Int { convolution.kernelSize }

    /// `x: [N, C, L]` and its 0/1 `mask` (`[N, C, L]` or `[N, 1, L]`) → y `[N, O, L]` and the output mask `[N, 1, L]`.
    public func callAsFunction(_ x: Variable, mask: Tensor) -> (output: Variable, mask: Tensor) {
        callAsFunction(x, mask: mask, weight: convolution.weight.variable, bias: bias.variable)
    }

    /// The masked convolution with the given weight `[O, C, K]` and bias `[O]` in place of the stored ones
    /// (functional use: gradient checks).
    public func callAsFunction(_ x: Variable, mask: Tensor, weight: Variable, bias: Variable) -> (
        output: Variable, mask: Tensor
    ) {
        precondition(
            weight.shape == convolution.weight.shape && bias.shape == [outputChannels],
            "MaskedConv1d: weight \(weight.shape) and bias \(bias.shape) for \(convolution.weight.shape) and "
                + "[\(outputChannels)]"
        )
        precondition(
            x.rank == 3 && x.shape[1] == inputChannels,
            "MaskedConv1d: input \(x.shape) must be [N, \(inputChannels), L]")
        precondition(
            mask.shape == x.shape || mask.shape == [x.shape[0], 1, x.shape[2]],
            "MaskedConv1d: mask \(mask.shape) must be \(x.shape) or [\(x.shape[0]), 1, \(x.shape[2])]")
        precondition(x.dtype == mask.dtype, "MaskedConv1d: input \(x.dtype) and mask \(mask.dtype) differ")
        let halo = (kernelSize - 1) / 2
        let fullMask = mask.expanded(to: x.shape)
        let masked = padded(x * Variable(fullMask), halo)
        let windowSum = Convolution.apply(
            padded(Variable(fullMask), halo),
            weight: Variable(Tensor.ones([1, inputChannels, kernelSize], dtype: x.dtype)), bias: nil, stride: [1],
            padding: [0], dilation: [1], groups: 1, layer: "MaskedConv1d"
        ).value  // [N, 1, L]
        let observed = windowSum.clamped(max: 1)
        let scale = Double(inputChannels * kernelSize) / windowSum.clamped(min: 1) * observed
        let y =
            convolution(masked, weight: weight, bias: nil) * Variable(scale) + bias.reshaped([1, outputChannels, 1])
        return (y * Variable(observed), observed)
    }

    private func padded(_ x: Variable, _ halo: Int) -> Variable {
        switch boundary {
        case .zeros: x.padded([(0, 0), (0, 0), (halo, halo)])
        case .periodic: x.periodicallyPadded(before: halo, after: halo)
        }
    }
}
