import Foundation

/// The Kalman filter of an ARMA process in state-space form (`ARMAStateSpace`) started from its stationary
/// distribution: the one-step prediction errors v_t = w_t − E[w_t | w_{<t}] and their variances σ²·F_t, which give
/// the exact Gaussian log-likelihood by the prediction-error decomposition
///
///     log L = −½ Σ_t [log 2π + log(σ²F_t) + v_t² / (σ²F_t)].
public struct KalmanFilter: Sendable {
    /// v_t, one per observation.
    public let predictionErrors: [Double]
    /// F_t, the prediction-error variances in units of σ².
    public let predictionVariances: [Double]

    /// Filters `observations` w₀ … w_{n−1}; nil when the AR part is not stationary (no stationary start exists).
    public init?(_ observations: [Double], autoregressive: [Double], movingAverage: [Double]) {
        let model = ARMAStateSpace(autoregressive: autoregressive, movingAverage: movingAverage)
        guard var p = model.stationaryCovariance(autoregressive: autoregressive) else { return nil }
        let r = model.stateDimension
        let t = model.transition
        let selection = model.selection
        var a = [Double](repeating: 0, count: r)
        var errors = [Double]()
        var variances = [Double]()
        errors.reserveCapacity(observations.count)
        variances.reserveCapacity(observations.count)
        var gain = [Double](repeating: 0, count: r)
        var updated = [Double](repeating: 0, count: r * r)
        var product = [Double](repeating: 0, count: r * r)
        for w in observations {
            // Prediction error and its variance (Z picks the first state).
            let v = w - a[0]
            let f = p[0]
            errors.append(v)
            variances.append(f)
            // Update: a += P·Zᵀ·v/F, P −= P·Zᵀ·Z·P/F.
            for i in 0..<r { gain[i] = p[i * r] / f }
            for i in 0..<r { a[i] += gain[i] * v }
            for i in 0..<r {
                for j in 0..<r { updated[i * r + j] = p[i * r + j] - gain[i] * p[j] }
            }
            // Predict: a ← T·a, P ← T·P·Tᵀ + R·Rᵀ.
            var next = [Double](repeating: 0, count: r)
            for i in 0..<r {
                var total = 0.0
                for k in 0..<r { total += t[i * r + k] * a[k] }
                next[i] = total
            }
            a = next
            for i in 0..<r {
                for j in 0..<r {
                    var total = 0.0
                    for k in 0..<r { total += t[i * r + k] * updated[k * r + j] }
                    product[i * r + j] = total
                }
            }
            for i in 0..<r {
                for j in 0..<r {
                    var total = selection[i] * selection[j]
                    for k in 0..<r { total += product[i * r + k] * t[j * r + k] }
                    p[i * r + j] = total
                }
            }
        }
        predictionErrors = errors
        predictionVariances = variances
    }

    /// The exact Gaussian log-likelihood at innovation variance σ².
    public func logLikelihood(innovationVariance: Double) -> Double {
        var total = 0.0
        for (v, f) in zip(predictionErrors, predictionVariances) {
            let variance = innovationVariance * f
            total += log(2 * Double.pi * variance) + v * v / variance
        }
        return -0.5 * total
    }

    /// σ̂² = (1/n)·Σ v_t²/F_t, the σ² that maximizes the likelihood for these coefficients.
    public var concentratedInnovationVariance: Double {
        zip(predictionErrors, predictionVariances).reduce(0) { $0 + $1.0 * $1.0 / $1.1 }
            / Double(predictionErrors.count)
    }

    /// The log-likelihood at σ² = σ̂²: −(n/2)(log 2π + 1 + log σ̂²) − ½Σ log F_t.
    public var concentratedLogLikelihood: Double {
        let n = Double(predictionErrors.count)
        let logDeterminant = predictionVariances.reduce(0) { $0 + log($1) }
        return -0.5 * n * (log(2 * Double.pi) + 1 + log(concentratedInnovationVariance)) - 0.5 * logDeterminant
    }
}
