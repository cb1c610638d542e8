import Tensor

/// Windows of consecutive states and the state that follows each, the training pairs of delay forecasters.
public enum DelayEmbedding {
    /// For series `[B, T, D]` and a window of `length` k: inputs `[B·(T − k), k, D]` (states t − k + 1 … t) and
    /// targets `[B·(T − k), D]` (state t + 1), series by series.
    public static func windows(_ series: Tensor, length k: Int) -> (inputs: Tensor, targets: Tensor) {
        precondition(
            series.rank == 3 && k >= 1 && series.shape[1] > k,
            "DelayEmbedding.windows: series [B, T, D] with T > length \(k) needed, got \(series.shape)")
        let (batch, time, dimension) = (series.shape[0], series.shape[1], series.shape[2])
        let count = time - k
        let inputs = Tensor.stacked((0..<k).map { series.narrowed(axis: 1, start: $0, length: count) }, axis: 2)
        let targets = series.narrowed(axis: 1, start: k, length: count)
        return (inputs.reshaped([batch * count, k, dimension]), targets.reshaped([batch * count, dimension]))
    }
}
