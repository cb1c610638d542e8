import Tensor

/// Time-delay embedding of a scalar series: the rows of the (transposed) Hankel matrix,
///
///     W[t] = (x_t, x_{t+1}, …, x_{t+q−1}),   t = 0 … T − q,
///
/// oldest value first. The Hankel matrix of Takens/HAVOK is Wᵀ `[q, T − q + 1]`.
public enum DelayEmbedding {
    /// The windows `[T − q + 1, q]` of `series` `[T]` (same dtype), q = `length` ≤ T.
    public static func windows(_ series: Tensor, length q: Int) -> Tensor {
        precondition(
            series.rank == 1 && q >= 1 && q <= series.count,
            "DelayEmbedding.windows: series \(series.shape) must be 1-D and at least \(q) long (q ≥ 1)")
        let x = series.contiguous().toDoubles()
        let rows = x.count - q + 1
        var values = [Double](repeating: 0, count: rows * q)
        for t in 0..<rows {
            for j in 0..<q { values[t * q + j] = x[t + j] }
        }
        return Tensor(values, shape: [rows, q], dtype: series.dtype)
    }
}
