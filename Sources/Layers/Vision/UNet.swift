import Autograd
import Tensor

/// A U-Net encoder/decoder (Ronneberger et al. 2015) with bilinear upsampling, as in Pytorch-UNet and the
/// Latent Spectral Models code, over `[N, inputChannels, H, W]` → `[N, outputChannels, H, W]`:
///
///     level 0: x₀ = DoubleConv(x)                                 c₀ = width channels, H × W
///     level i: xᵢ = DoubleConv(MaxPool₂(xᵢ₋₁))                    cᵢ = width·2ⁱ (the deepest: width·2^(D−2)), H/2ⁱ
///     decoder, i = D−2 … 0: y = DoubleConv(concat[xᵢ, Up₂(y)]), 2cᵢ → cᵢ/2 (width at level 0) via cᵢ
///     output: 1×1 convolution width → outputChannels
///
/// with Up₂ bilinear ×2 (corners aligned), padded to xᵢ's size when H/2ⁱ is odd. `callAsFunction(_:transformingLevels:)`
/// lets a model rework each level's features xᵢ before the decoder reads them (LSM's neural spectral blocks).
public final class UNet: Module, UnaryLayer {
    public let inputBlock: DoubleConvolution
    /// Levels 1 … D − 1, each after a 2×2 max pooling.
    public let downBlocks: [DoubleConvolution]
    /// Decoder blocks for levels D − 2 … 0, in that order.
    public let upBlocks: [DoubleConvolution]
    public let outputConvolution: Conv2d
    private let pooling = MaxPool2d(kernelSize: 2)
    private let upsampling = BilinearUpsampling(scaleFactor: 2, alignCorners: true)

    /// A U-Net with `levels` scales (≥ 2; the input's sides must allow `levels − 1` halvings).
    public init(
        inputChannels: Int, outputChannels: Int, width: Int, levels: Int, dtype: DType = .float32,
        using generator: inout RandomGenerator
    ) {
        precondition(
            levels >= 2 && width > 0, "UNet: needs at least 2 levels and a positive width, got \(levels), \(width)")
        let channels = UNet.levelChannels(width: width, levels: levels)
        inputBlock = DoubleConvolution(
            inputChannels: inputChannels, outputChannels: width, dtype: dtype, using: &generator)
        downBlocks = (1..<levels).map { i in
            DoubleConvolution(
                inputChannels: channels[i - 1], outputChannels: channels[i], dtype: dtype, using: &generator)
        }
        upBlocks = (0..<levels - 1).reversed().map { i in
            DoubleConvolution(
                inputChannels: 2 * channels[i], outputChannels: i == 0 ? width : channels[i] / 2,
                middleChannels: channels[i], dtype: dtype, using: &generator)
        }
        outputConvolution = Conv2d(
            inputChannels: width, outputChannels: outputChannels, kernelSize: 1, dtype: dtype, using: &generator)
        super.init()
    }

    /// Channels cᵢ of the encoder's levels: width·2ⁱ, the deepest halved (it meets a skip of the same size).
    public static func levelChannels(width: Int, levels: Int) -> [Int] {
        (0..<levels).map { i in i == levels - 1 ? width << (i - 1) : width << i }
    }

    public var levels: Int { downBlocks.count + 1 }

    /// `[N, inputChannels, H, W]` → `[N, outputChannels, H, W]`.
    public func callAsFunction(_ x: Variable) -> Variable { callAsFunction(x) { _, features in features } }

    /// The U-Net with `transform(i, xᵢ)` in place of each level's features xᵢ (`[N, cᵢ, H/2ⁱ, W/2ⁱ]`, same shape
    /// back) wherever the decoder reads them.
    public func callAsFunction(_ x: Variable, transformingLevels transform: (Int, Variable) -> Variable) -> Variable {
        precondition(
            x.rank == 4 && x.shape[1] == inputBlock.inputChannels,
            "UNet: input \(x.shape) must be [N, \(inputBlock.inputChannels), H, W]")
        precondition(
            x.shape[2] >> (levels - 1) > 0 && x.shape[3] >> (levels - 1) > 0,
            "UNet: input \(x.shape) is too small for \(levels) levels")
        var features = [inputBlock(x)]
        for block in downBlocks { features.append(block(pooling(features.last!))) }
        var y = transform(levels - 1, features[levels - 1])
        for (block, i) in zip(upBlocks, (0..<levels - 1).reversed()) {
            let skip = transform(i, features[i])
            var up = upsampling(y)
            let (dh, dw) = (skip.shape[2] - up.shape[2], skip.shape[3] - up.shape[3])
            if dh != 0 || dw != 0 { up = up.padded([(dh / 2, dh - dh / 2), (dw / 2, dw - dw / 2)]) }
            y = block(Variable.concatenated([skip, up], axis: 1))
        }
        return outputConvolution(y)
    }
}
