import Autograd
import Tensor

/// The 2-D Latent Spectral Model of Wu et al. (2023) (`Model` in the authors' `models/LSM_2D.py`): the input
/// `[B, H, W, inputChannels]` with the grid coordinates appended (as `FNO2d.withGrid`),
///
///     Linear c+2 → width → U-Net (levels, bilinear) with a `NeuralSpectralBlock2d` on every level's features
///     → 1×1 convolution width → width → Linear width → 128 → GELU → Linear 128 → outputChannels
///
/// gives `[B, H, W, outputChannels]`. H and W must be multiples of 2^(levels − 1)·patch size (the authors pad their
/// 85 × 85 Darcy grid to 96 for 5 levels and 6 × 6 patches).
public final class LatentSpectralModel2d: Module, UnaryLayer {
    public let lift: Linear
    public let unet: UNet
    /// One block per U-Net level (channels `UNet.levelChannels`).
    public let spectralBlocks: [NeuralSpectralBlock2d]
    public let projection: MLP

    public init(
        inputChannels: Int = 1, outputChannels: Int = 1, width: Int, levels: Int, basisCount: Int = 12,
        tokenCount: Int = 4, patchSize: IntOrPair, headCount: Int = 8, projectionWidth: Int = 128,
        dtype: DType = .float32, using generator: inout RandomGenerator
    ) {
        lift = Linear(inputChannels + 2, width, dtype: dtype, using: &generator)
        unet = UNet(
            inputChannels: width, outputChannels: width, width: width, levels: levels, dtype: dtype,
            using: &generator)
        spectralBlocks = UNet.levelChannels(width: width, levels: levels).map { channels in
            NeuralSpectralBlock2d(
                channels: channels, basisCount: basisCount, patchSize: patchSize, tokenCount: tokenCount,
                headCount: headCount, dtype: dtype, using: &generator)
        }
        projection = MLP([width, projectionWidth, outputChannels], activation: .gelu, dtype: dtype, using: &generator)
        super.init()
    }

    /// `[B, H, W, inputChannels]` → `[B, H, W, outputChannels]`.
    public func callAsFunction(_ x: Variable) -> Variable {
        let expected = lift.inputDimensions - 2
        let unit = (1 << (unet.levels - 1)) * spectralBlocks[0].patchSize.first
        let unitWidth = (1 << (unet.levels - 1)) * spectralBlocks[0].patchSize.second
        precondition(
            x.rank == 4 && x.shape[3] == expected && x.shape[1] % unit == 0 && x.shape[2] % unitWidth == 0,
            "LatentSpectralModel2d: input \(x.shape) must be [batch, H, W, \(expected)] with H a multiple of \(unit) "
                + "and W of \(unitWidth)")
        let h = lift(FNO2d.withGrid(x)).permuted([0, 3, 1, 2])  // [B, width, H, W]
        let y = unet(h) { level, features in self.spectralBlocks[level](features) }
        return projection(y.permuted([0, 2, 3, 1]))
    }
}
