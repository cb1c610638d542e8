extension ARIMAModel {
    /// PMM2 for ARIMA(p, d, q), as EstemPMM's `arima_pmm2`: fit by exact maximum likelihood (the package starts
    /// from R's CSS-ML), take the moments m₂, m₃, m₄ of its conditional residuals ê, then solve the PMM2 equations
    /// (`PolynomialMaximization.solve`) from the likelihood coefficients for the linear model
    ///
    ///     w_t = Σφᵢw_{t−i} + Σθⱼê_{t−j} + e_t,   t ≥ max(p, q),
    ///
    /// (the MA regressors are the starting fit's residuals, held fixed). σ² is the mean square of the final
    /// conditional residuals.
    static func fitByPolynomialMaximization(_ w: [Double], p: Int, d: Int, q: Int) -> ARIMAFit {
        let start = fitByExactLikelihood(w, p: p, d: d, q: q)
        let k = p + q
        guard k > 0 else { return start }
        // The starting residuals on the time axis of w (zero before t = p).
        let startResiduals = [Double](repeating: 0, count: p) + start.residuals
        let moments = PolynomialMaximization.Moments(residuals: start.residuals)
        let first = max(p, q)
        var design: [Double] = []
        design.reserveCapacity((w.count - first) * k)
        for t in first..<w.count {
            for i in 1...max(p, 1) where p > 0 { design.append(w[t - i]) }
            for j in 1...max(q, 1) where q > 0 { design.append(startResiduals[t - j]) }
        }
        let solution = PolynomialMaximization.solve(
            design: design, response: Array(w[first...]),
            start: start.model.autoregressive + start.model.movingAverage, moments: moments)
        let beta = solution.coefficients
        let phi = Array(beta[..<p])
        let theta = Array(beta[p...])
        let residuals = conditionalResiduals(w, autoregressive: phi, movingAverage: theta)
        let model = ARIMAModel(
            autoregressive: phi, movingAverage: theta, differences: d,
            innovationVariance: residuals.reduce(0) { $0 + $1 * $1 } / Double(residuals.count))
        return ARIMAFit(
            model: model, estimator: .polynomialMaximization, residuals: residuals,
            logLikelihood: model.exactLogLikelihood(differenced: w), iterations: solution.iterations,
            converged: solution.converged)
    }
}
