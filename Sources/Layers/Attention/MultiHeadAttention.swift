import Autograd
import Tensor

/// Multi-head attention (Vaswani et al. 2017) over `[…, length, features]` sequences:
///
///     headᵢ = Attention(Q·W_Qᵢ, K·W_Kᵢ, V·W_Vᵢ),   out = concat(head₁ … head_h)·W_Oᵀ + b_O
///
/// The projections are `Linear` layers (`queryProjection`, `keyProjection`, `valueProjection`: inputs →
/// `dimensions`; `outputProjection`: `dimensions` → `dimensions`); each head sees `dimensions / headCount` features
/// and runs `Attention.scaledDotProduct` on `[…, heads, length, headDimensions]` views of the projections.
///
/// ```swift
/// let attention = MultiHeadAttention(dimensions: 512, headCount: 8, using: &generator)
/// let y = attention(x)                                       // self-attention, [B, L, 512] → [B, L, 512]
/// let z = attention(x, key: memory, value: memory)           // cross-attention, memory [B, S, 512]
/// ```
public final class MultiHeadAttention: Module, UnaryLayer {
    public let headCount: Int
    public let queryProjection: Linear
    public let keyProjection: Linear
    public let valueProjection: Linear
    public let outputProjection: Linear

    /// Projections initialized like `Linear`; keys and values may come with other feature sizes
    /// (`keyInputDimensions`, `valueInputDimensions`, by default `dimensions`).
    public init(
        dimensions: Int, headCount: Int, queryInputDimensions: Int? = nil, keyInputDimensions: Int? = nil,
        valueInputDimensions: Int? = nil, bias: Bool = true, dtype: DType = .float32,
        using generator: inout RandomGenerator
    ) {
        precondition(
            headCount > 0 && dimensions > 0 && dimensions % headCount == 0,
            "MultiHeadAttention: \(headCount) heads do not divide \(dimensions) dimensions")
        self.headCount = headCount
        queryProjection = Linear(
            queryInputDimensions ?? dimensions, dimensions, bias: bias, dtype: dtype, using: &generator)
        keyProjection = Linear(
            keyInputDimensions ?? dimensions, dimensions, bias: bias, dtype: dtype, using: &generator)
        valueProjection = Linear(
            valueInputDimensions ?? dimensions, dimensions, bias: bias, dtype: dtype, using: &generator)
        outputProjection = Linear(dimensions, dimensions, bias: bias, dtype: dtype, using: &generator)
        super.init()
    }

    public var dimensions: Int { outputProjection.outputDimensions }
    public var headDimensions: Int { dimensions / headCount }

    /// Self-attention: `[…, L, dimensions]` → `[…, L, dimensions]`.
    public func callAsFunction(_ x: Variable) -> Variable { callAsFunction(x, key: x, value: x) }

    /// Queries `[…, L, E_q]` attending to keys `[…, S, E_k]` and values `[…, S, E_v]` → `[…, L, dimensions]`.
    /// The mask broadcasts against the scores `[…, heads, L, S]`.
    public func callAsFunction(_ query: Variable, key: Variable, value: Variable, mask: AttentionMask? = nil)
        -> Variable
    {
        precondition(
            query.rank >= 2 && key.rank >= 2 && value.rank >= 2
                && key.shape[key.rank - 2] == value.shape[value.rank - 2],
            "MultiHeadAttention: query \(query.shape), key \(key.shape), value \(value.shape) must be [..., L, E_q], "
                + "[..., S, E_k], [..., S, E_v]")
        let heads = Attention.scaledDotProduct(
            query: splitHeads(queryProjection(query)), key: splitHeads(keyProjection(key)),
            value: splitHeads(valueProjection(value)), mask: mask)  // [..., heads, L, headDimensions]
        let merged = heads.transposed(-3, -2)  // [..., L, heads, headDimensions]
        return outputProjection(merged.reshaped(Array(merged.shape.dropLast(2)) + [dimensions]))
    }

    /// `[…, length, dimensions]` → the view `[…, heads, length, headDimensions]`.
    private func splitHeads(_ x: Variable) -> Variable {
        let length = x.shape[x.rank - 2]
        let leading = Array(x.shape.dropLast(2))
        return x.reshaped(leading + [length, headCount, headDimensions]).transposed(-3, -2)
    }
}
