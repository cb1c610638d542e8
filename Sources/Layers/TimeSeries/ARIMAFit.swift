/// How `ARIMAModel.fit` estimates the coefficients.
public enum ARIMAEstimator: String, Sendable, CaseIterable {
    /// Conditional sum of squares: minimizes Σe_t² over t ≥ p with the MA pre-sample e = 0 (R's `method = "CSS"`);
    /// for a pure AR model this is ordinary least squares on the lagged differenced series.
    case conditionalLeastSquares
    /// Exact Gaussian maximum likelihood: maximizes the Kalman-filter likelihood of the differenced series from its
    /// stationary start, with σ² concentrated out (R's `method = "ML"`, statsmodels' `ARIMA`).
    case exactMaximumLikelihood
    /// The polynomial maximization method of order 2 (PMM2), from the exact maximum-likelihood fit, as the
    /// authors' R package EstemPMM does (`arima_pmm2`): see `ARIMAModel.fitByPolynomialMaximization`.
    case polynomialMaximization
}

/// A fitted ARIMA model: its coefficients and σ², the residuals and, for the likelihood fit, the log-likelihood.
public struct ARIMAFit: Sendable {
    public let model: ARIMAModel
    public let estimator: ARIMAEstimator
    /// The conditional residuals e_t (t ≥ p) of the differenced series at the fitted coefficients.
    public let residuals: [Double]
    /// The exact Gaussian log-likelihood of the differenced series at the fit (every estimator reports it, so fits
    /// can be compared); nil when the fitted AR part is not stationary.
    public let logLikelihood: Double?
    /// Iterations of the estimator's solver.
    public let iterations: Int
    public let converged: Bool
}

extension ARIMAModel {
    /// Fits an ARIMA(p, d, q) model to `series` (the undifferenced values) without a mean term.
    public static func fit(_ series: [Double], p: Int, d: Int, q: Int, by estimator: ARIMAEstimator) -> ARIMAFit {
        precondition(p >= 0 && d >= 0 && q >= 0, "ARIMAModel.fit: orders must be ≥ 0, got (\(p), \(d), \(q))")
        precondition(
            series.count > d + 2 * max(p, q) + 2,
            "ARIMAModel.fit: \(series.count) values are too few for ARIMA(\(p), \(d), \(q))")
        let w = Differencing.differenced(series, order: d)
        switch estimator {
        case .conditionalLeastSquares: return fitByConditionalLeastSquares(w, p: p, d: d, q: q)
        case .exactMaximumLikelihood: return fitByExactLikelihood(w, p: p, d: d, q: q)
        case .polynomialMaximization: return fitByPolynomialMaximization(w, p: p, d: d, q: q)
        }
    }

    /// The exact log-likelihood of the differenced series `w` at these coefficients and σ²; nil when the AR part is
    /// not stationary.
    public func exactLogLikelihood(differenced w: [Double]) -> Double? {
        KalmanFilter(w, autoregressive: autoregressive, movingAverage: movingAverage)?
            .logLikelihood(innovationVariance: innovationVariance)
    }
}
