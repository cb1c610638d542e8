import Autograd
import Tensor

/// What follows the sequence mixer in a `StateSpaceBlock`.
public enum StateSpaceBlockOutput: Sendable {
    /// GELU, then a Linear H → H.
    case gelu
    /// GELU, then a Linear H → 2H and a gated linear unit a·σ(b) (S4's default).
    case glu
}

/// The normalization in front of the mixer of a `StateSpaceBlock`.
public enum StateSpaceNormalization: Sendable {
    /// LayerNorm over the H channels of each step (S4's default).
    case layer
    /// BatchNorm per channel over batch and time (S4's `norm: batch`, S5's LRA setting). Unlike LayerNorm it does not
    /// mix channels: a channel that is zero at most steps stays a clean input for its (per-channel) SSM.
    case batch
}

/// One residual block of a deep state-space model (pre-norm, as S4's): x + Dropout(Out(Dropout(GELU(Mixer(Norm(x)))))),
/// with Out a Linear (`.gelu`) or a Linear to 2H and a GLU (`.glu`). `[batch, L, H]` → `[batch, L, H]`.
public final class StateSpaceBlock: Module, UnaryLayer {
    /// A `LayerNorm` over H or a `BatchNorm1d` of H channels, as `normalization` says.
    public let norm: any UnaryLayer
    public let normalization: StateSpaceNormalization
    /// The sequence mixer: an `S4DLayer`, an `S5Layer`, or any `[batch, L, H]` → `[batch, L, H]` layer.
    public let mixer: any UnaryLayer
    public let outputLinear: Linear
    public let output: StateSpaceBlockOutput
    public let gate: GLU
    public let dropout: Dropout

    public init(
        mixer: any UnaryLayer, channels: Int, output: StateSpaceBlockOutput = .glu,
        normalization: StateSpaceNormalization = .layer, dropout: Double = 0, dtype: DType = .float32,
        using generator: inout RandomGenerator
    ) {
        switch normalization {
        case .layer: norm = LayerNorm(normalizedShape: [channels], dtype: dtype)
        case .batch: norm = BatchNorm1d(featureCount: channels, dtype: dtype)
        }
        self.normalization = normalization
        self.mixer = mixer
        let width = output == .glu ? 2 * channels : channels
        outputLinear = Linear(channels, width, dtype: dtype, using: &generator)
        self.output = output
        gate = GLU(axis: -1)
        self.dropout = Dropout(probability: dropout, seed: generator.next())
        super.init()
    }

    /// The normalization in front of the mixer: `[batch, L, H]` → `[batch, L, H]`.
    public func normalized(_ x: Variable) -> Variable {
        switch normalization {
        case .layer: norm(x)
        case .batch: norm(x.permuted([0, 2, 1])).permuted([0, 2, 1])  // BatchNorm1d wants [batch, H, L]
        }
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        let mixed = dropout(mixer(normalized(x)).gelu())
        let z = outputLinear(mixed)
        return x + dropout(output == .glu ? gate(z) : z)
    }
}
