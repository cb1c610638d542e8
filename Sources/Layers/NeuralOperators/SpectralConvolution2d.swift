import Autograd
import Tensor

/// The Fourier layer of the 2-D FNO: `[B, inputChannels, H, W]` → `[B, outputChannels, H, W]`, mixing channels on
/// the two corners of the spectrum the FNO keeps — rows 0..<m₁ and H − m₁..<H of the transform along H (positive and
/// negative frequencies), bins 0..<m₂ of the half transform along W — and zeroing every other mode:
///
///     y = irfft2(Ŷ),  Ŷ_{r,c}[o] = Σ_i rfft2(x)_{r,c}[i]·W[i, o, r, c] on the kept modes.
///
/// The weight `[inputChannels, outputChannels, 2m₁, m₂, 2]` holds both corners (the FNO code's `weights1` then
/// `weights2`) as real pairs, initialized U[0, 1/(in·out)). Needs 2m₁ ≤ H and m₂ ≤ W/2 + 1.
public final class SpectralConvolution2d: Module, UnaryLayer {
    public let weight: Parameter
    public let path: SpectralPath

    public init(weight: Tensor, path: SpectralPath = .automatic) {
        precondition(
            weight.rank == 5 && weight.shape[4] == 2 && weight.shape[2] > 0 && weight.shape[2] % 2 == 0
                && weight.shape[3] > 0,
            "SpectralConvolution2d: weight must be [inputChannels, outputChannels, 2·rowModes, columnModes, 2], got "
                + "\(weight.shape)")
        self.weight = Parameter(weight)
        self.path = path
        super.init()
    }

    /// A layer with the FNO code's initialization, keeping `rowModes` positive and as many negative frequencies
    /// along H and `columnModes` bins along W.
    public convenience init(
        inputChannels: Int, outputChannels: Int, rowModes: Int, columnModes: Int, path: SpectralPath = .automatic,
        dtype: DType = .float32, using generator: inout RandomGenerator
    ) {
        let scale = 1 / Double(inputChannels * outputChannels)
        let w = Tensor.uniform(
            [inputChannels, outputChannels, 2 * rowModes, columnModes, 2], low: 0, high: scale, dtype: dtype,
            using: &generator)
        self.init(weight: w, path: path)
    }

    public var inputChannels: Int { weight.shape[0] }
    public var outputChannels: Int { weight.shape[1] }
    public var rowModes: Int { weight.shape[2] / 2 }
    public var columnModes: Int { weight.shape[3] }

    /// `[B, inputChannels, H, W]` → `[B, outputChannels, H, W]`.
    public func callAsFunction(_ x: Variable) -> Variable { callAsFunction(x, weight: weight.variable) }

    /// The layer with `weight` in place of the stored one (functional use: gradient checks).
    public func callAsFunction(_ x: Variable, weight: Variable) -> Variable {
        precondition(
            x.rank == 4 && x.shape[1] == weight.shape[0],
            "SpectralConvolution2d: input \(x.shape) must be [batch, \(weight.shape[0]), H, W] for weight \(weight.shape)"
        )
        precondition(
            2 * rowModes <= x.shape[2] && columnModes <= x.shape[3] / 2 + 1,
            "SpectralConvolution2d: modes (\(rowModes), \(columnModes)) do not fit input \(x.shape): need 2·\(rowModes) ≤ H "
                + "and \(columnModes) ≤ W/2 + 1")
        let modes = (rows: rowModes, columns: columnModes)
        let spectrum = TruncatedSpectrum.forward2d(x, modes: modes, path: path)
        return TruncatedSpectrum.inverse2d(
            SpectralMixing.apply(spectrum, weight: weight), modes: modes, size: (x.shape[2], x.shape[3]), path: path)
    }
}
