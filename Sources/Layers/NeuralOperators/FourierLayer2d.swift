import Autograd
import Tensor

/// One Fourier layer of the 2-D FNO without its activation: y = K(x) + W·x + b, the 2-D spectral convolution K plus a
/// pointwise (1×1) convolution over the channels. `[B, width, H, W]` → `[B, width, H, W]`.
public final class FourierLayer2d: Module, UnaryLayer {
    public let spectral: SpectralConvolution2d
    public let pointwise: Conv2d

    public init(spectral: SpectralConvolution2d, pointwise: Conv2d) {
        precondition(
            pointwise.kernelSize == IntOrPair(1, 1) && pointwise.inputChannels == spectral.inputChannels
                && pointwise.outputChannels == spectral.outputChannels,
            "FourierLayer2d: pointwise convolution \(pointwise.weight.shape) does not match spectral weight "
                + "\(spectral.weight.shape)")
        self.spectral = spectral
        self.pointwise = pointwise
        super.init()
    }

    public convenience init(
        width: Int, rowModes: Int, columnModes: Int, path: SpectralPath = .automatic, dtype: DType = .float32,
        using generator: inout RandomGenerator
    ) {
        let spectral = SpectralConvolution2d(
            inputChannels: width, outputChannels: width, rowModes: rowModes, columnModes: columnModes, path: path,
            dtype: dtype, using: &generator)
        let pointwise = Conv2d(
            inputChannels: width, outputChannels: width, kernelSize: 1, dtype: dtype, using: &generator)
        self.init(spectral: spectral, pointwise: pointwise)
    }

    public func callAsFunction(_ x: Variable) -> Variable { spectral(x) + pointwise(x) }
}
