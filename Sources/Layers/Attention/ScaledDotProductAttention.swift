import Autograd
import Tensor

/// Attention functions (no parameters); `MultiHeadAttention` is the layer.
public enum Attention {
    /// Scaled dot-product attention (Vaswani et al. 2017), PyTorch's `scaled_dot_product_attention`:
    ///
    ///     A = softmax(s·Q·Kᵀ + M) along the keys,   out = A·V
    ///
    /// for queries `[…, L, d]`, keys `[…, S, d]` and values `[…, S, d_v]` (the leading axes broadcast, e.g.
    /// `[batch, heads]`), giving `[…, L, d_v]`. The scale s defaults to 1/√d; M is the mask (see
    /// `AttentionMask`: −∞ where a boolean mask is false, the tensor itself when additive), broadcast against the
    /// scores `[…, L, S]`.
    ///
    /// Built from matmul (batched BLAS GEMMs on strided views: per-head slices of `[B, L, heads·d]` are not copied)
    /// and the fused softmax, so derivatives of every order follow.
    ///
    /// ```swift
    /// let out = Attention.scaledDotProduct(query: q, key: k, value: v)    // [B, H, L, d] → [B, H, L, d]
    /// ```
    public static func scaledDotProduct(
        query: Variable, key: Variable, value: Variable, mask: AttentionMask? = nil, scale: Double? = nil
    ) -> Variable {
        let shapes = "query \(query.shape), key \(key.shape), value \(value.shape)"
        precondition(
            query.rank >= 2 && key.rank >= 2 && value.rank >= 2,
            "scaledDotProduct: \(shapes) must be [..., length, features]")
        precondition(
            query.dtype == key.dtype && key.dtype == value.dtype && query.dtype.isFloatingPoint,
            "scaledDotProduct: \(shapes) need one floating dtype, got \(query.dtype), \(key.dtype), \(value.dtype)")
        let features = query.shape[query.rank - 1]
        let keyCount = key.shape[key.rank - 2]
        precondition(
            key.shape[key.rank - 1] == features,
            "scaledDotProduct: \(shapes): queries and keys need the same feature size")
        precondition(
            value.shape[value.rank - 2] == keyCount,
            "scaledDotProduct: \(shapes): keys and values need the same length")
        let batchShape = Layout.broadcastShape(
            Array(query.shape.dropLast(2)), Array(key.shape.dropLast(2))
        )
        .flatMap { Layout.broadcastShape($0, Array(value.shape.dropLast(2))) }
        precondition(batchShape != nil, "scaledDotProduct: \(shapes): the leading axes do not broadcast")
        let s = scale ?? 1 / Double(features).squareRoot()
        var scores = (query * s).matmul(key.transposed())  // [..., L, S]
        if let mask {
            let additive = additiveMask(mask, scores: scores.shape, dtype: scores.dtype, shapes: shapes)
            scores = scores + Variable(additive)
        }
        return scores.softmax(axis: -1).matmul(value)
    }

    /// The mask as a tensor to add to scores of `shape`: 0 where allowed and −∞ elsewhere for a boolean mask.
    private static func additiveMask(_ mask: AttentionMask, scores shape: [Int], dtype: DType, shapes: String)
        -> Tensor
    {
        let tensor: Tensor
        switch mask {
        case .boolean(let allowed):
            precondition(
                allowed.dtype == .bool, "scaledDotProduct: a boolean mask must be bool, got \(allowed.dtype)")
            tensor = Tensor.where(
                allowed, Tensor.zeros([], dtype: dtype), Tensor.full([], value: -.infinity, dtype: dtype))
        case .additive(let bias):
            precondition(
                bias.dtype == dtype,
                "scaledDotProduct: the additive mask is \(bias.dtype) but the scores are \(dtype)")
            tensor = bias
        }
        precondition(
            Layout.broadcastShape(tensor.shape, shape) == shape,
            "scaledDotProduct: mask \(tensor.shape) does not broadcast to the scores \(shape) (\(shapes))")
        return tensor
    }
}
