extension ARIMAModel {
    /// Maximizes the exact concentrated log-likelihood over (φ, θ) with `NewtonMinimizer`, from the conditional
    /// least-squares fit (its AR part shrunk toward 0 until stationary); σ̂² = (1/n)·Σv_t²/F_t. The objective is
    /// −log L/n, +∞ where the AR part is not stationary.
    static func fitByExactLikelihood(_ w: [Double], p: Int, d: Int, q: Int) -> ARIMAFit {
        var start = fitByConditionalLeastSquares(w, p: p, d: d, q: q).model
        while !ARMAStateSpace.isStationary(start.autoregressive) {
            start.autoregressive = start.autoregressive.map { $0 * 0.9 }
        }
        let n = Double(w.count)
        func objective(_ beta: [Double]) -> Double {
            guard
                let filter = KalmanFilter(w, autoregressive: Array(beta[..<p]), movingAverage: Array(beta[p...]))
            else { return .infinity }
            return -filter.concentratedLogLikelihood / n
        }
        let result = NewtonMinimizer().minimize(objective, from: start.autoregressive + start.movingAverage)
        let beta = result.minimizer
        let filter = KalmanFilter(w, autoregressive: Array(beta[..<p]), movingAverage: Array(beta[p...]))!
        let model = ARIMAModel(
            autoregressive: Array(beta[..<p]), movingAverage: Array(beta[p...]), differences: d,
            innovationVariance: filter.concentratedInnovationVariance)
        return ARIMAFit(
            model: model, estimator: .exactMaximumLikelihood,
            residuals: conditionalResiduals(
                w, autoregressive: model.autoregressive, movingAverage: model.movingAverage),
            logLikelihood: filter.concentratedLogLikelihood, iterations: result.iterations, converged: result.converged)
    }
}
