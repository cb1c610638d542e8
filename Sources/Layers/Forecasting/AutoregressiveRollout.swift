import Tensor

/// Closed-loop forecasting with a one-step model of a window of past states: each prediction is appended to the window
/// and the oldest state dropped.
public enum AutoregressiveRollout {
    /// The `steps` states after `context` `[B, C, D]` (its last `window` states seed the loop), `[B, steps, D]`.
    /// `next` maps windows `[B, window, D]` to the following states `[B, D]`.
    public static func forecast(
        context: Tensor, window: Int, steps: Int, next: (Tensor) -> Tensor
    ) -> Tensor {
        precondition(
            context.rank == 3 && window >= 1 && context.shape[1] >= window && steps >= 1,
            "AutoregressiveRollout.forecast: context [B, C, D] with C ≥ window \(window), steps \(steps) ≥ 1; got "
                + "\(context.shape)")
        var history = context.narrowed(axis: 1, start: context.shape[1] - window, length: window)
        var predictions: [Tensor] = []
        predictions.reserveCapacity(steps)
        for _ in 0..<steps {
            let state = next(history).unsqueezed(axis: 1)
            predictions.append(state)
            history = Tensor.concatenated(
                [history.narrowed(axis: 1, start: 1, length: window - 1), state], axis: 1)
        }
        return Tensor.concatenated(predictions, axis: 1)
    }
}
