import Autograd
import Tensor

/// What follows the sequence mixer in a `StateSpaceBlock`.
public enum StateSpaceBlockOutput: Sendable {
    /// GELU, then a Linear H → H.
    case gelu
    /// GELU, then a Linear H → 2H and a gated linear unit a·σ(b) (S4's default).
    case glu
}

/// One residual block of a deep state-space model (pre-norm, as S4's): x + Dropout(Out(Dropout(GELU(Mixer(Norm(x)))))),
/// with Out a Linear (`.gelu`) or a Linear to 2H and a GLU (`.glu`). `[batch, L, H]` → `[batch, L, H]`.
public final class StateSpaceBlock: Module, UnaryLayer {
    public let norm: LayerNorm
    /// The sequence mixer: an `S4DLayer`, an `S5Layer`, or any `[batch, L, H]` → `[batch, L, H]` layer.
    public let mixer: any UnaryLayer
    public let outputLinear: Linear
    public let output: StateSpaceBlockOutput
    public let gate: GLU
    public let dropout: Dropout

    public init(
        mixer: any UnaryLayer, channels: Int, output: StateSpaceBlockOutput = .glu, dropout: Double = 0,
        dtype: DType = .float64, using generator: inout RandomGenerator
    ) {
        norm = LayerNorm(normalizedShape: [channels], dtype: dtype)
        self.mixer = mixer
        let width = output == .glu ? 2 * channels : channels
        outputLinear = Linear(channels, width, dtype: dtype, using: &generator)
        self.output = output
        gate = GLU(axis: -1)
        self.dropout = Dropout(probability: dropout, seed: generator.next())
        super.init()
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        let mixed = dropout(mixer(norm(x)).gelu())
        let z = outputLinear(mixed)
        return x + dropout(output == .glu ? gate(z) : z)
    }
}
