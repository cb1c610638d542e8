import Tensor

/// Which scores of an attention `[…, L, S]` (L queries, S keys) take part, as PyTorch's
/// `scaled_dot_product_attention` reads its `attn_mask`.
///
/// Either mask broadcasts against the scores' shape `[…, L, S]` (e.g. `[L, S]` for every batch and head, or
/// `[B, 1, 1, S]` for per-sample key padding).
public enum AttentionMask {
    /// A `bool` tensor: true where query i may attend to key j; a false score becomes −∞ before the softmax (a
    /// row with no true entry gives NaN, as in PyTorch).
    case boolean(Tensor)
    /// A floating tensor added to the scores before the softmax (−∞ entries exclude a key; finite entries bias it).
    case additive(Tensor)

    /// The causal mask of L queries over S keys: query i sees keys j ≤ i + S − L (the last query sees every key;
    /// for L = S the lower triangle), `[L, S]` `bool`.
    public static func causal(queryLength: Int, keyLength: Int) -> AttentionMask {
        precondition(
            queryLength > 0 && keyLength > 0,
            "AttentionMask.causal: lengths must be positive, got \(queryLength) queries and \(keyLength) keys")
        var allowed = [Double](repeating: 0, count: queryLength * keyLength)
        for i in 0..<queryLength {
            for j in 0..<keyLength where j <= i + keyLength - queryLength { allowed[i * keyLength + j] = 1 }
        }
        return .boolean(Tensor(allowed, shape: [queryLength, keyLength]).compared(.equal, scalar: 1))
    }
}
