extension ARIMAModel {
    /// The conditional residuals of the ARMA(p, q) recursion on the differenced series w, from t = p:
    /// e_t = w_t − Σφᵢw_{t−i} − Σθⱼe_{t−j}, with e_t = 0 before t = p. n − p values.
    public static func conditionalResiduals(_ w: [Double], autoregressive: [Double], movingAverage: [Double])
        -> [Double]
    {
        let p = autoregressive.count
        var e = [Double](repeating: 0, count: w.count)
        for t in p..<w.count {
            var value = w[t]
            for (i, phi) in autoregressive.enumerated() { value -= phi * w[t - i - 1] }
            for (j, theta) in movingAverage.enumerated() where t - j - 1 >= p { value -= theta * e[t - j - 1] }
            e[t] = value
        }
        return Array(e[p...])
    }

    /// Minimizes Σe_t² by Gauss–Newton with Levenberg damping, the Jacobian by its own recursion:
    /// ∂e_t/∂φᵢ = −w_{t−i} − Σθⱼ∂e_{t−j}/∂φᵢ, ∂e_t/∂θⱼ = −e_{t−j} − Σθₖ∂e_{t−k}/∂θⱼ. Starts from zero (one exact step
    /// for a pure AR model); σ² = Σe²/(n − p).
    static func fitByConditionalLeastSquares(_ w: [Double], p: Int, d: Int, q: Int) -> ARIMAFit {
        let k = p + q
        var beta = [Double](repeating: 0, count: k)
        func sumOfSquares(_ beta: [Double]) -> Double {
            conditionalResiduals(w, autoregressive: Array(beta[..<p]), movingAverage: Array(beta[p...]))
                .reduce(0) { $0 + $1 * $1 }
        }
        var value = sumOfSquares(beta)
        var iterations = 0
        var converged = k == 0
        while !converged && iterations < 200 {
            iterations += 1
            let (residuals, jacobian) = residualJacobian(w, beta, p: p)
            var normal = [Double](repeating: 0, count: k * k)
            var gradient = [Double](repeating: 0, count: k)
            for (t, e) in residuals.enumerated() {
                for a in 0..<k {
                    gradient[a] += jacobian[t * k + a] * e
                    for b in 0..<k { normal[a * k + b] += jacobian[t * k + a] * jacobian[t * k + b] }
                }
            }
            let scale = 1 + (0..<k).map { normal[$0 * k + $0] }.max()!
            var improved = false
            for damping in [0.0, 1e-8, 1e-6, 1e-4, 1e-2, 1] {
                guard let step = NewtonMinimizer.solve(normal, gradient, damping: damping * scale, n: k) else {
                    continue
                }
                let candidate = zip(beta, step).map { $0 + $1 }
                let candidateValue = sumOfSquares(candidate)
                guard candidateValue.isFinite && candidateValue <= value else { continue }
                let relativeChange = zip(step, beta).map { abs($0) / max(1, abs($1)) }.max()!
                beta = candidate
                improved = true
                converged = relativeChange < 1e-12 || value - candidateValue <= 1e-15 * value
                value = candidateValue
                break
            }
            if !improved { converged = true }
        }
        let model = ARIMAModel(
            autoregressive: Array(beta[..<p]), movingAverage: Array(beta[p...]), differences: d,
            innovationVariance: value / Double(w.count - p))
        let residuals = conditionalResiduals(
            w, autoregressive: model.autoregressive, movingAverage: model.movingAverage)
        return ARIMAFit(
            model: model, estimator: .conditionalLeastSquares, residuals: residuals,
            logLikelihood: model.exactLogLikelihood(differenced: w), iterations: iterations, converged: converged)
    }

    /// The conditional residuals at β = (φ, θ) and their Jacobian [n − p, p + q] (row-major).
    static func residualJacobian(_ w: [Double], _ beta: [Double], p: Int) -> ([Double], [Double]) {
        let k = beta.count
        let theta = Array(beta[p...])
        let residuals = conditionalResiduals(w, autoregressive: Array(beta[..<p]), movingAverage: theta)
        let count = residuals.count
        var jacobian = [Double](repeating: 0, count: count * k)
        for s in 0..<count {
            let t = s + p
            for a in 0..<k {
                var value = a < p ? -w[t - a - 1] : (s - (a - p) - 1 >= 0 ? -residuals[s - (a - p) - 1] : 0)
                for (j, th) in theta.enumerated() where s - j - 1 >= 0 { value -= th * jacobian[(s - j - 1) * k + a] }
                jacobian[s * k + a] = value
            }
        }
        return (residuals, jacobian)
    }
}
