import Autograd
import Tensor

/// The Fourier layer of the FNO (Li et al. 2021) on 1-D signals: `[B, inputChannels, n]` → `[B, outputChannels, n]`
/// (or `[B, n, inputChannels]` → `[B, n, outputChannels]` with `layout: .channelsLast`),
///
///     y = irfft(Ŷ, n),  Ŷ_k[o] = Σ_i rfft(x)_k[i]·W[i, o, k] for k < modes, Ŷ_k = 0 above.
///
/// The complex weight is stored as real pairs `[inputChannels, outputChannels, modes, 2]` and starts as the FNO
/// code's: real and imaginary parts U[0, 1/(in·out)). The truncated transforms run on the FFT or the DFT-matmul path
/// (`SpectralPath`; one result). Needs modes ≤ n/2 + 1.
///
/// ```swift
/// let spectral = SpectralConvolution1d(inputChannels: 64, outputChannels: 64, modes: 16, using: &generator)
/// let y = spectral(x)   // [20, 64, 1024] → [20, 64, 1024]
/// ```
public final class SpectralConvolution1d: Module, UnaryLayer {
    public let weight: Parameter
    public let path: SpectralPath
    public let layout: SignalLayout

    public init(weight: Tensor, path: SpectralPath = .automatic, layout: SignalLayout = .channelsFirst) {
        precondition(
            weight.rank == 4 && weight.shape[3] == 2 && weight.shape[2] > 0,
            "SpectralConvolution1d: weight must be [inputChannels, outputChannels, modes, 2], got \(weight.shape)")
        self.weight = Parameter(weight)
        self.path = path
        self.layout = layout
        super.init()
    }

    /// A layer with the FNO code's initialization.
    public convenience init(
        inputChannels: Int, outputChannels: Int, modes: Int, path: SpectralPath = .automatic,
        layout: SignalLayout = .channelsFirst, dtype: DType = .float32, using generator: inout RandomGenerator
    ) {
        let scale = 1 / Double(inputChannels * outputChannels)
        let w = Tensor.uniform(
            [inputChannels, outputChannels, modes, 2], low: 0, high: scale, dtype: dtype, using: &generator)
        self.init(weight: w, path: path, layout: layout)
    }

    public var inputChannels: Int { weight.shape[0] }
    public var outputChannels: Int { weight.shape[1] }
    public var modes: Int { weight.shape[2] }

    /// `[B, inputChannels, n]` → `[B, outputChannels, n]` (channels first) or `[B, n, inputChannels]` →
    /// `[B, n, outputChannels]` (channels last).
    public func callAsFunction(_ x: Variable) -> Variable { callAsFunction(x, weight: weight.variable) }

    /// `self(x) + addend`, the addend (broadcast to the output's shape) accumulated by the inverse transform's
    /// product on the matmul path instead of added in a pass of its own (`FourierLayer1d`'s pointwise branch).
    public func callAsFunction(_ x: Variable, adding addend: Variable) -> Variable {
        callAsFunction(x, weight: weight.variable, adding: addend)
    }

    /// The layer with `weight` in place of the stored one (functional use: gradient checks), plus `addend` if given.
    public func callAsFunction(_ x: Variable, weight: Variable, adding addend: Variable? = nil) -> Variable {
        let (channelAxis, lengthAxis) = layout == .channelsFirst ? (1, 2) : (2, 1)
        precondition(
            x.rank == 3 && x.shape[channelAxis] == weight.shape[0],
            "SpectralConvolution1d: input \(x.shape) must be "
                + (layout == .channelsFirst
                    ? "[batch, \(weight.shape[0]), length]" : "[batch, length, \(weight.shape[0])]")
                + " for weight \(weight.shape)")
        let n = x.shape[lengthAxis]
        precondition(
            weight.shape[2] <= n / 2 + 1,
            "SpectralConvolution1d: \(weight.shape[2]) modes exceed the \(n / 2 + 1) bins of input \(x.shape)")
        let spectrum = TruncatedSpectrum.forward1d(x, modes: weight.shape[2], layout: layout, path: path)
        return TruncatedSpectrum.inverse1d(
            SpectralMixing.apply(spectrum, weight: weight), length: n, layout: layout, path: path, adding: addend)
    }
}
