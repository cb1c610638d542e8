import Autograd
import Tensor

/// U-Net's basic block: (3×3 convolution without bias, padding 1 → `BatchNorm2d` → ReLU) twice,
/// `[N, inputChannels, H, W]` → `[N, outputChannels, H, W]` through `middleChannels` (by default the output's).
public final class DoubleConvolution: Module, UnaryLayer {
    public let firstConvolution: Conv2d
    public let firstNormalization: BatchNorm2d
    public let secondConvolution: Conv2d
    public let secondNormalization: BatchNorm2d

    public init(
        inputChannels: Int, outputChannels: Int, middleChannels: Int? = nil, dtype: DType = .float32,
        using generator: inout RandomGenerator
    ) {
        let middle = middleChannels ?? outputChannels
        firstConvolution = Conv2d(
            inputChannels: inputChannels, outputChannels: middle, kernelSize: 3, padding: 1, bias: false,
            dtype: dtype, using: &generator)
        firstNormalization = BatchNorm2d(featureCount: middle, dtype: dtype)
        secondConvolution = Conv2d(
            inputChannels: middle, outputChannels: outputChannels, kernelSize: 3, padding: 1, bias: false,
            dtype: dtype, using: &generator)
        secondNormalization = BatchNorm2d(featureCount: outputChannels, dtype: dtype)
        super.init()
    }

    public var inputChannels: Int { firstConvolution.inputChannels }
    public var outputChannels: Int { secondConvolution.outputChannels }

    /// `[N, inputChannels, H, W]` → `[N, outputChannels, H, W]`.
    public func callAsFunction(_ x: Variable) -> Variable {
        let h = firstNormalization(firstConvolution(x)).relu()
        return secondNormalization(secondConvolution(h)).relu()
    }
}
