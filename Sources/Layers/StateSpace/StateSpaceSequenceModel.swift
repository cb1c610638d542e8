import Autograd
import Tensor

/// How a sequence model reduces the time axis before its decoder.
public enum SequencePooling: Sendable {
    /// The mean over time: `[batch, L, H]` → `[batch, H]`.
    case mean
    /// The last step (a causal model's summary of the whole sequence): `[batch, L, H]` → `[batch, H]`.
    case last
    /// No pooling: the decoder runs at every step, `[batch, L, H]` → `[batch, L, H]`.
    case none
}

/// A deep state-space sequence model: a Linear encoder to H channels, `depth` residual `StateSpaceBlock`s around a
/// state-space mixer (S4D, S4-PTD, S5, …), a final LayerNorm (optional), pooling over time and a Linear decoder.
///
/// `[batch, L, inputDimensions]` → `[batch, outputDimensions]` (or `[batch, L, outputDimensions]` without pooling).
///
/// ```swift
/// var generator = RandomGenerator(seed: 0)
/// let model = try StateSpaceSequenceModel(
///     inputDimensions: 2, channels: 32, outputDimensions: 1, depth: 2, pooling: .last, using: &generator
/// ) { generator in try S4DLayer(channels: 32, stateSize: 64, initialization: .inverse, using: &generator) }
/// ```
/// Parameters of the mixers keep their options (Λ, Δ, B: their own learning-rate scale, no weight decay).
public final class StateSpaceSequenceModel: Module, UnaryLayer {
    public let encoder: Linear
    public let blocks: [StateSpaceBlock]
    /// nil without `finalNorm`: a regression read from one step needs a linear path from the channel that carries the
    /// answer, and a LayerNorm over H divides that channel by the spread of all of them.
    public let finalNorm: LayerNorm?
    public let decoder: Linear
    public let pooling: SequencePooling

    public init(
        inputDimensions: Int, channels: Int, outputDimensions: Int, depth: Int, pooling: SequencePooling,
        output: StateSpaceBlockOutput = .glu, normalization: StateSpaceNormalization = .layer, finalNorm: Bool = true,
        dropout: Double = 0, dtype: DType = .float32,
        using generator: inout RandomGenerator, mixer makeMixer: (inout RandomGenerator) throws -> any UnaryLayer
    ) rethrows {
        encoder = Linear(inputDimensions, channels, dtype: dtype, using: &generator)
        var blocks: [StateSpaceBlock] = []
        for _ in 0..<depth {
            let mixer = try makeMixer(&generator)
            blocks.append(
                StateSpaceBlock(
                    mixer: mixer, channels: channels, output: output, normalization: normalization,
                    dropout: dropout, dtype: dtype, using: &generator))
        }
        self.blocks = blocks
        self.finalNorm = finalNorm ? LayerNorm(normalizedShape: [channels], dtype: dtype) : nil
        decoder = Linear(channels, outputDimensions, dtype: dtype, using: &generator)
        self.pooling = pooling
        super.init()
    }

    public func callAsFunction(_ u: Variable) -> Variable {
        precondition(u.rank == 3, "StateSpaceSequenceModel: input \(u.shape) is not [batch, L, features]")
        var h = encoder(u)
        for block in blocks { h = block(h) }
        if let finalNorm { h = finalNorm(h) }
        switch pooling {
        case .mean: h = h.mean(axes: [1])
        case .last: h = h.selected(axis: 1, index: -1)
        case .none: break
        }
        return decoder(h)
    }
}
