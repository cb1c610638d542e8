import Autograd
import Tensor

/// 1-D convolution over `[N, inputChannels, L]` → `[N, outputChannels, L_out]`, with
/// L_out = (L + 2·padding − dilation·(kernelSize − 1) − 1)/stride + 1.
///
/// y[n, o, t] = b[o] + Σ_c Σ_k W[o, c, k]·x[n, g·C_in/G + c, t·stride + k·dilation − padding] (cross-correlation,
/// zero padding, G groups; see `Convolution`). The weight is `[outputChannels, inputChannels/groups, kernelSize]`
/// (PyTorch's layout) and starts as U(−1/√fanIn, 1/√fanIn) like the bias, fanIn = inputChannels/groups·kernelSize.
///
/// ```swift
/// let conv = Conv1d(inputChannels: 64, outputChannels: 64, kernelSize: 1, using: &generator)   // pointwise
/// let y = conv(x)                                                                               // [20, 64, 1024]
/// ```
public final class Conv1d: Module, UnaryLayer {
    public let weight: Parameter
    public let bias: Parameter?
    public let stride: Int
    public let padding: Int
    public let dilation: Int
    public let groups: Int

    /// A convolution with the given weight `[outputChannels, inputChannels/groups, kernelSize]` and bias.
    public init(weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0, dilation: Int = 1, groups: Int = 1) {
        Convolution.validate(weight: weight, bias: bias, spatialRank: 1, groups: groups, layer: "Conv1d")
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
        inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
        dilation: Int = 1, groups: Int = 1, bias: Bool = true, dtype: DType = .float32,
        using generator: inout RandomGenerator
    ) {
        precondition(
            groups > 0 && inputChannels % groups == 0,
            "Conv1d: \(groups) groups do not divide \(inputChannels) input channels")
        let (w, b) = Convolution.defaultParameters(
            weightShape: [outputChannels, inputChannels / groups, kernelSize], bias: bias, dtype: dtype,
            using: &generator)
        self.init(weight: w, bias: b, stride: stride, padding: padding, dilation: dilation, groups: groups)
    }

    public var inputChannels: Int { weight.shape[1] * groups }
    public var outputChannels: Int { weight.shape[0] }
    public var kernelSize: Int { weight.shape[2] }

    /// `[N, inputChannels, L]` → `[N, outputChannels, L_out]`.
    public func callAsFunction(_ x: Variable) -> Variable {
        callAsFunction(x, weight: weight.variable, bias: bias?.variable)
    }

    /// The convolution with the given weight and bias in place of the stored ones (functional use: gradient
    /// checks, hypernetworks).
    public func callAsFunction(_ x: Variable, weight: Variable, bias: Variable?) -> Variable {
        Convolution.apply(
            x, weight: weight, bias: bias, stride: [stride], padding: [padding], dilation: [dilation], groups: groups,
            layer: "Conv1d")
    }
}
