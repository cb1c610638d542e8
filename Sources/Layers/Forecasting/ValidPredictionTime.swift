import Tensor

/// The valid prediction time of a forecast: how long its normalized error stays below a threshold (Pathak et al.
/// 2018; Vlachas et al. 2020), counted in steps and converted to Lyapunov times λ_max·t.
///
/// The error at step t is NRMSE(t) = √(mean_d (x̂_{t,d} − x_{t,d})² / σ_d²), σ_d the attractor's standard deviation
/// of component d (dysts' `nrmse` at one time); the VPT is the number of leading steps with NRMSE < threshold.
public enum ValidPredictionTime {
    /// NRMSE(t) per forecast, `[B, T]`, for predictions and truths `[B, T, D]` and scales σ `[D]`.
    public static func normalizedErrors(prediction: Tensor, truth: Tensor, scale: Tensor) -> Tensor {
        precondition(
            prediction.shape == truth.shape && prediction.rank == 3 && scale.shape == [truth.shape[2]],
            "ValidPredictionTime: prediction \(prediction.shape) and truth \(truth.shape) [B, T, D], scale "
                + "\(scale.shape) [D]")
        return ((prediction - truth) / scale).square().mean(axes: [2]).sqrt()
    }

    /// The number of leading steps of each forecast whose NRMSE is below `threshold` (a non-finite error ends it).
    public static func steps(prediction: Tensor, truth: Tensor, scale: Tensor, threshold: Double = 0.5) -> [Int] {
        let errors = normalizedErrors(prediction: prediction, truth: truth, scale: scale).toDoubles()
        let (batch, time) = (truth.shape[0], truth.shape[1])
        return (0..<batch).map { b in
            (0..<time).first { !(errors[b * time + $0] < threshold) } ?? time
        }
    }

    /// A count of steps of length Δt in Lyapunov times: steps·Δt·λ_max.
    public static func lyapunovTimes(steps: Int, interval: Double, largestExponent: Double) -> Double {
        Double(steps) * interval * largestExponent
    }
}
