import Tensor

/// Time-delay embeddings: the windows of a scalar series (the rows of the transposed Hankel matrix,
///
///     W[t] = (x_t, x_{t+1}, …, x_{t+q−1}),   t = 0 … T − q,
///
/// oldest value first; the Hankel matrix of Takens/HAVOK is Wᵀ `[q, T − q + 1]`), and the (window, next state) pairs
/// that delay forecasters train on.
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

    /// For series `[B, T, D]` and a window of `length` k: inputs `[B·(T − k), k, D]` (states t − k + 1 … t) and
    /// targets `[B·(T − k), D]` (state t + 1), series by series.
    public static func forecastingPairs(_ series: Tensor, length k: Int) -> (inputs: Tensor, targets: Tensor) {
        precondition(
            series.rank == 3 && k >= 1 && series.shape[1] > k,
            "DelayEmbedding.forecastingPairs: series [B, T, D] with T > length \(k) needed, got \(series.shape)")
        let (batch, time, dimension) = (series.shape[0], series.shape[1], series.shape[2])
        let count = time - k
        let inputs = Tensor.stacked((0..<k).map { series.narrowed(axis: 1, start: $0, length: count) }, axis: 2)
        let targets = series.narrowed(axis: 1, start: k, length: count)
        return (inputs.reshaped([batch * count, k, dimension]), targets.reshaped([batch * count, dimension]))
    }
}
