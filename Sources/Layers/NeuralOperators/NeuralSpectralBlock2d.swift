import Autograd
import Tensor

/// The patchified neural spectral block of Latent Spectral Models (Wu et al. 2023, `NeuralSpectralBlock2d` in
/// `models/LSM_2D.py`), `[B, C, H, W]` → `[B, C, H, W]`. Each p × q patch (L = p·q pixels as tokens `[L, C]`) is
/// solved in a latent space of T tokens:
///
///     encoder:     z = Attention(Z₀, K, V) + Z₀,  [K V] = x·W_encᵀ + b_enc (1×1 convolution C → 2C), Z₀ learned
///     transition:  z ← Σ_m (w_{c,m} sin(mπ z/M) + w'_{c,m} cos(mπ z/M)) + z   per channel c, m = 0 … M − 1
///     decoder:     x ← Attention(x·W_decᵀ + b_dec, z, z) + x
///
/// with `headCount` heads of C/heads features and unscaled dot products (softmax(Q·Kᵀ), as the authors' code; no
/// 1/√d). "Spectral" is the sin/cos basis of the latent transition, not an FFT. Z₀ `[heads, T, C/heads]` and the
/// basis weights `[C, 2M]` start as U(0, 1)/C.
public final class NeuralSpectralBlock2d: Module, UnaryLayer {
    public let patchSize: IntOrPair
    public let headCount: Int
    public let basisCount: Int
    /// Z₀, `[heads, T, C/heads]`.
    public let latentTokens: Parameter
    /// The latent transition's weights: sin terms in columns 0 ..< M, cos terms in M ..< 2M, `[C, 2M]`.
    public let basisWeights: Parameter
    /// Keys and values of the patch (C → 2C: keys first).
    public let encoderProjection: Linear
    /// Queries of the patch's pixels (C → C).
    public let decoderProjection: Linear

    public init(
        channels: Int, basisCount: Int, patchSize: IntOrPair, tokenCount: Int, headCount: Int = 8,
        dtype: DType = .float32, using generator: inout RandomGenerator
    ) {
        precondition(
            channels % headCount == 0 && basisCount > 0 && tokenCount > 0,
            "NeuralSpectralBlock2d: \(headCount) heads must divide \(channels) channels, and basis (\(basisCount)) "
                + "and token (\(tokenCount)) counts be positive")
        self.patchSize = patchSize
        self.headCount = headCount
        self.basisCount = basisCount
        let scale = 1 / Double(channels)
        latentTokens = Parameter(
            Tensor.uniform(
                [headCount, tokenCount, channels / headCount], low: 0, high: scale, dtype: dtype, using: &generator))
        basisWeights = Parameter(
            Tensor.uniform([channels, 2 * basisCount], low: 0, high: scale, dtype: dtype, using: &generator))
        encoderProjection = Linear(channels, 2 * channels, dtype: dtype, using: &generator)
        decoderProjection = Linear(channels, channels, dtype: dtype, using: &generator)
        super.init()
    }

    public var channels: Int { decoderProjection.inputDimensions }

    /// `[B, C, H, W]` → `[B, C, H, W]`; H and W multiples of the patch size.
    public func callAsFunction(_ x: Variable) -> Variable {
        precondition(
            x.rank == 4 && x.shape[1] == channels,
            "NeuralSpectralBlock2d: input \(x.shape) must be [B, \(channels), H, W]")
        let (p, q) = (patchSize.first, patchSize.second)
        let patches = x.patchified(patchSize: patchSize)  // [B, H/p, W/q, C, p, q]
        let patchShape = patches.shape
        // Tokens [B', L, C]: B' = B·(H/p)·(W/q) patches of L = p·q pixels.
        let patchCount = patchShape[0] * patchShape[1] * patchShape[2]
        let tokens = patches.permuted([0, 1, 2, 4, 5, 3]).reshaped([patchCount, p * q, channels])
        let latent = transition(encode(tokens))  // [B', T, C]
        let decoded = decode(tokens, latent) + tokens  // [B', L, C]
        return decoded.reshaped([patchShape[0], patchShape[1], patchShape[2], p, q, channels])
            .permuted([0, 1, 2, 5, 3, 4]).unpatchified()
    }

    /// `[B', L, C]` → `[B', heads, L, C/heads]`.
    private func heads(_ x: Variable) -> Variable {
        x.reshaped([x.shape[0], x.shape[1], headCount, channels / headCount]).transposed(1, 2)
    }

    /// `[B', heads, T, C/heads]` → `[B', T, C]`.
    private func mergedHeads(_ x: Variable) -> Variable {
        let merged = x.transposed(1, 2)
        return merged.reshaped([merged.shape[0], merged.shape[1], channels])
    }

    /// The latent tokens of each patch: `[B', L, C]` → `[B', T, C]`.
    private func encode(_ tokens: Variable) -> Variable {
        let keysAndValues = encoderProjection(tokens)
        let keys = keysAndValues.narrowed(axis: 2, start: 0, length: channels)
        let values = keysAndValues.narrowed(axis: 2, start: channels, length: channels)
        let initial = latentTokens.variable.unsqueezed(axis: 0)  // [1, heads, T, d], broadcast over patches
        let attended = Attention.scaledDotProduct(
            query: initial, key: heads(keys), value: heads(values), scale: 1)
        return mergedHeads(attended + initial)
    }

    /// z + Σ_m w_m sin(mπz/M) + w'_m cos(mπz/M) per channel: `[B', T, C]` → `[B', T, C]`.
    private func transition(_ z: Variable) -> Variable {
        let frequencies = Tensor(
            (0..<basisCount).map { Double($0) / Double(basisCount) * Double.pi }, shape: [basisCount],
            dtype: z.dtype)
        let phases = z.unsqueezed(axis: -1) * Variable(frequencies)  // [B', T, C, M]
        let basis = Variable.concatenated([phases.sin(), phases.cos()], axis: -1)  // [B', T, C, 2M]
        return (basis * basisWeights.variable).sum(axes: [-1]) + z
    }

    /// Each pixel's query attending to its patch's latent tokens: `[B', L, C]`, `[B', T, C]` → `[B', L, C]`.
    private func decode(_ tokens: Variable, _ latent: Variable) -> Variable {
        let latentHeads = heads(latent)
        let attended = Attention.scaledDotProduct(
            query: heads(decoderProjection(tokens)), key: latentHeads, value: latentHeads, scale: 1)
        return mergedHeads(attended)
    }
}
