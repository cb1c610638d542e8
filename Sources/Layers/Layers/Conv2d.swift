import Autograd
import Tensor

/// 2-D convolution over `[N, inputChannels, H, W]` → `[N, outputChannels, H_out, W_out]`, with, per spatial axis,
/// out = (in + 2·padding − dilation·(kernel − 1) − 1)/stride + 1.
///
/// y[n, o, i, j] = b[o] + Σ_c Σ_{k,l} W[o, c, k, l]·x[n, g·C_in/G + c, i·s₁ + k·d₁ − p₁, j·s₂ + l·d₂ − p₂]
/// (cross-correlation, zero padding, G groups; see `Convolution`). The weight is
/// `[outputChannels, inputChannels/groups, kernelHeight, kernelWidth]` (PyTorch's layout) and starts as
/// U(−1/√fanIn, 1/√fanIn) like the bias, fanIn = inputChannels/groups·kernelHeight·kernelWidth.
///
/// ```swift
/// let conv = Conv2d(inputChannels: 3, outputChannels: 16, kernelSize: 3, padding: 1, using: &generator)
/// let y = conv(images)                                    // [N, 3, 32, 32] → [N, 16, 32, 32]
/// ```
public final class Conv2d: Module, UnaryLayer {
    public let weight: Parameter
    public let bias: Parameter?
    public let stride: IntOrPair
    public let padding: IntOrPair
    public let dilation: IntOrPair
    public let groups: Int

    /// A convolution with the given weight `[outputChannels, inputChannels/groups, kernelHeight, kernelWidth]`
    /// and bias.
    public init(
        weight: Tensor, bias: Tensor?, stride: IntOrPair = 1, padding: IntOrPair = 0, dilation: IntOrPair = 1,
        groups: Int = 1
    ) {
        Convolution.validate(weight: weight, bias: bias, spatialRank: 2, groups: groups, layer: "Conv2d")
        self.weight = Parameter(weight)
        self.bias = bias.map { Parameter($0) }
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
        super.init()
    }

    /// A convolution with PyTorch's default initialization.
    public convenience init(
        inputChannels: Int, outputChannels: Int, kernelSize: IntOrPair, stride: IntOrPair = 1,
        padding: IntOrPair = 0, dilation: IntOrPair = 1, groups: Int = 1, bias: Bool = true, dtype: DType = .float32,
        using generator: inout RandomGenerator
    ) {
        precondition(
            groups > 0 && inputChannels % groups == 0,
            "Conv2d: \(groups) groups do not divide \(inputChannels) input channels")
        let (w, b) = Convolution.defaultParameters(
            weightShape: [outputChannels, inputChannels / groups] + kernelSize.values, bias: bias, dtype: dtype,
            using: &generator)
        self.init(weight: w, bias: b, stride: stride, padding: padding, dilation: dilation, groups: groups)
    }

    public var inputChannels: Int { weight.shape[1] * groups }
    public var outputChannels: Int { weight.shape[0] }
    public var kernelSize: IntOrPair { IntOrPair(weight.shape[2], weight.shape[3]) }

    /// `[N, inputChannels, H, W]` → `[N, outputChannels, H_out, W_out]`.
    public func callAsFunction(_ x: Variable) -> Variable {
        callAsFunction(x, weight: weight.variable, bias: bias?.variable)
    }

    /// The convolution with the given weight and bias in place of the stored ones (functional use: gradient
    /// checks, hypernetworks).
    public func callAsFunction(_ x: Variable, weight: Variable, bias: Variable?) -> Variable {
        Convolution.apply(
            x, weight: weight, bias: bias, stride: stride.values, padding: padding.values, dilation: dilation.values,
            groups: groups, layer: "Conv2d")
    }
}
