import Autograd
import Tensor

/// Which memory a `SequenceMixer` reads from.
public enum SequenceMemoryKind: Sendable, Equatable, CustomStringConvertible {
    /// Gated KalmaNet: a ridge regression over the gated past per token (`GatedKalmanNet`), solved by `iterations`
    /// Chebyshev steps in `precision`, with λ_t = α_t·tr H_t, α_t ∈ [`minimumRegularization`, 1].
    case gatedKalmanNet(iterations: Int, precision: ArithmeticPrecision, minimumRegularization: Double)
    /// Gated DeltaNet's gated delta rule (`GatedDeltaNet`).
    case gatedDeltaNet
    /// Causal linear attention (`LinearAttention`).
    case linearAttention
    /// Causal softmax attention (`CausalSoftmaxAttention`).
    case softmaxAttention

    public var description: String {
        switch self {
        case .gatedKalmanNet: "GKA"
        case .gatedDeltaNet: "Gated DeltaNet"
        case .linearAttention: "linear attention"
        case .softmaxAttention: "softmax attention"
        }
    }
}

/// A token mixer over [B, T, D]: per head, queries, keys [dk] and values [dv] from linear maps followed by a short
/// causal convolution and SiLU (as in Gated DeltaNet and GKA), keys (and queries, except for softmax attention)
/// scaled to unit length, two per-token gates from a linear map, the chosen memory's read-out, and an output map
/// from heads × dv back to D. Every kind has the same dk and dv, so the recurrent memories (S_t for Gated DeltaNet,
/// U_t for GKA) have the same size; GKA also carries H_t [dk, dk].
///
/// The gates: γ_t = σ(a_t) (log γ_t = −softplus(−a_t)) for the decaying memories; b_t gives Gated DeltaNet's write
/// strength β_t = σ(b_t) and GKA's regularization factor α_t = α_min + (1 − α_min)σ(b_t).
public final class SequenceMixer: Module, UnaryLayer {
    public let kind: SequenceMemoryKind
    public let headCount: Int
    public let keyDimensions: Int
    public let valueDimensions: Int
    public let query: Linear
    public let key: Linear
    public let value: Linear
    public let queryConvolution: ShortCausalConvolution
    public let keyConvolution: ShortCausalConvolution
    public let valueConvolution: ShortCausalConvolution
    /// D → 2·heads: the decay and write/regularization gates.
    public let gates: Linear
    public let output: Linear

    public init(
        _ kind: SequenceMemoryKind, dimensions: Int, headCount: Int, keyDimensions: Int, valueDimensions: Int,
        convolutionSize: Int = 4, dtype: DType = .float32, using generator: inout RandomGenerator
    ) {
        if case .gatedKalmanNet(let iterations, _, let floor) = kind {
            precondition(
                iterations >= 1 && floor > 0 && floor <= 1,
                "SequenceMixer: GKA needs iterations ≥ 1 and a minimum regularization in (0, 1], got \(iterations), "
                    + "\(floor)")
        }
        self.kind = kind
        self.headCount = headCount
        self.keyDimensions = keyDimensions
        self.valueDimensions = valueDimensions
        let (qk, v) = (headCount * keyDimensions, headCount * valueDimensions)
        query = Linear(dimensions, qk, bias: false, dtype: dtype, using: &generator)
        key = Linear(dimensions, qk, bias: false, dtype: dtype, using: &generator)
        value = Linear(dimensions, v, bias: false, dtype: dtype, using: &generator)
        queryConvolution = ShortCausalConvolution(channels: qk, size: convolutionSize, dtype: dtype, using: &generator)
        keyConvolution = ShortCausalConvolution(channels: qk, size: convolutionSize, dtype: dtype, using: &generator)
        valueConvolution = ShortCausalConvolution(channels: v, size: convolutionSize, dtype: dtype, using: &generator)
        let gateWeight = Tensor.uniform(
            [2 * headCount, dimensions], low: -0.1, high: 0.1, dtype: dtype, using: &generator)
        // Decay gates start near γ = σ(3) ≈ 0.95, the other gate at σ(0) = ½.
        let gateBias = Tensor(
            (0..<2 * headCount).map { $0 < headCount ? 3.0 : 0.0 }, shape: [2 * headCount], dtype: dtype)
        gates = Linear(weight: gateWeight, bias: gateBias)
        output = Linear(v, dimensions, bias: false, dtype: dtype, using: &generator)
        super.init()
    }

    /// [B, T, D] → [B, T, D].
    public func callAsFunction(_ x: Variable) -> Variable {
        precondition(x.rank == 3, "SequenceMixer: input must be [B, T, D], got \(x.shape)")
        let (batch, length) = (x.shape[0], x.shape[1])
        /// [B, T, heads·d] → [B·heads, T, d].
        func heads(_ y: Variable, _ d: Int) -> Variable {
            y.reshaped([batch, length, headCount, d]).permuted([0, 2, 1, 3]).reshaped([batch * headCount, length, d])
        }
        var q = heads(queryConvolution(query(x)).silu(), keyDimensions)
        var k = heads(keyConvolution(key(x)).silu(), keyDimensions)
        let v = heads(valueConvolution(value(x)).silu(), valueDimensions)
        if kind != .softmaxAttention {
            q = Self.unitLength(q)
            k = Self.unitLength(k)
        }
        let g = gates(x).reshaped([batch, length, 2, headCount]).permuted([2, 0, 3, 1])  // [2, B, heads, T]
        let decayLogits = g.selected(axis: 0, index: 0).reshaped([batch * headCount, length])
        let strengthLogits = g.selected(axis: 0, index: 1).reshaped([batch * headCount, length])
        let logDecays = -(-decayLogits).softplus()
        let y: Variable
        switch kind {
        case .gatedKalmanNet(let iterations, let precision, let floor):
            let regularization = strengthLogits.sigmoid() * (1 - floor) + floor
            y = GatedKalmanNet.readout(
                queries: q, keys: k, values: v, logDecays: logDecays, regularization: regularization,
                iterations: iterations, precision: precision)
        case .gatedDeltaNet:
            y = GatedDeltaNet.readout(
                queries: q, keys: k, values: v, logDecays: logDecays, writeStrengths: strengthLogits.sigmoid())
        case .linearAttention:
            y = LinearAttention.readout(queries: q, keys: k, values: v)
        case .softmaxAttention:
            y = CausalSoftmaxAttention.readout(queries: q, keys: k, values: v)
        }
        let merged = y.reshaped([batch, headCount, length, valueDimensions]).permuted([0, 2, 1, 3])
        return output(merged.reshaped([batch, length, headCount * valueDimensions]))
    }

    /// x/√(‖x‖² + 10⁻⁶) along the last axis.
    static func unitLength(_ x: Variable) -> Variable { x * (x.square().sum(axis: -1, keepDims: true) + 1e-6).rsqrt() }
}
