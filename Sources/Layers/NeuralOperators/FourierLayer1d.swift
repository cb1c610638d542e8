import Autograd
import Tensor

/// One Fourier layer of the 1-D FNO without its activation, channels last: y = K(x) + x·Wᵀ + b, the spectral
/// convolution K plus a pointwise (1×1) channel mixing (the FNO code's `Conv1d(width, width, 1)`, here a `Linear` on
/// the channel axis so every tensor stays contiguous). `[B, n, width]` → `[B, n, width]`.
public final class FourierLayer1d: Module, UnaryLayer {
    public let spectral: SpectralConvolution1d
    public let pointwise: Linear

    public init(spectral: SpectralConvolution1d, pointwise: Linear) {
        precondition(
            spectral.layout == .channelsLast && pointwise.inputDimensions == spectral.inputChannels
                && pointwise.outputDimensions == spectral.outputChannels,
            "FourierLayer1d: needs a channels-last spectral convolution and a pointwise map of its channels, got "
                + "\(spectral.layout) spectral weight \(spectral.weight.shape) and pointwise weight \(pointwise.weight.shape)"
        )
        self.spectral = spectral
        self.pointwise = pointwise
        super.init()
    }

    /// The FNO code's initialization (the pointwise map drawn like `Conv1d(width, width, 1)`, i.e. `Linear`'s).
    public convenience init(
        width: Int, modes: Int, path: SpectralPath = .automatic, dtype: DType = .float32,
        using generator: inout RandomGenerator
    ) {
        let spectral = SpectralConvolution1d(
            inputChannels: width, outputChannels: width, modes: modes, path: path, layout: .channelsLast, dtype: dtype,
            using: &generator)
        self.init(spectral: spectral, pointwise: Linear(width, width, dtype: dtype, using: &generator))
    }

    /// `[B, n, width]` → `[B, n, width]`.
    public func callAsFunction(_ x: Variable) -> Variable { spectral(x, adding: pointwise(x)) }
}
