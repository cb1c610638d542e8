/// Estimators of a population mean (1/N) Σ_{u=1…N} e_u from the units observed under a selection o_u ~ Bernoulli(p_u)
/// (a prediction error over every user–item pair, seen only on the rated pairs).
///
/// With the true propensities as weights, w = 1/p, inverse-propensity scoring is unbiased; doubly robust is unbiased
/// when either the weights are 1/p or the imputed errors ê are exact. The naive mean is biased unless selection is
/// uniform.
public enum PopulationMeanEstimator {
    /// The observed mean (1/n) Σ_obs e.
    public static func naive(_ observed: [Double]) -> Double {
        precondition(!observed.isEmpty, "PopulationMeanEstimator.naive: no observed units")
        return observed.reduce(0, +) / Double(observed.count)
    }

    /// Inverse-propensity scoring (1/N) Σ_obs w_k e_k (w_k = 1/p_k, or balancing weights scaled to Σw ≈ N).
    public static func inversePropensity(_ observed: [Double], weights: [Double], populationCount: Int) -> Double {
        precondition(
            observed.count == weights.count && populationCount > 0,
            "PopulationMeanEstimator.inversePropensity: \(observed.count) errors, \(weights.count) weights, "
                + "population \(populationCount)")
        return zip(observed, weights).reduce(0) { $0 + $1.0 * $1.1 } / Double(populationCount)
    }

    /// Doubly robust (1/N) [Σ_all ê_u + Σ_obs w_k (e_k − ê_k)], from the sum of the imputed errors over the whole
    /// population and the imputed errors `[n]` on the observed units.
    public static func doublyRobust(
        _ observed: [Double], imputedObserved: [Double], imputedTotal: Double, weights: [Double], populationCount: Int
    ) -> Double {
        precondition(
            observed.count == weights.count && observed.count == imputedObserved.count && populationCount > 0,
            "PopulationMeanEstimator.doublyRobust: \(observed.count) errors, \(imputedObserved.count) imputed, "
                + "\(weights.count) weights, population \(populationCount)")
        let correction = (0..<observed.count).reduce(0.0) { $0 + weights[$1] * (observed[$1] - imputedObserved[$1]) }
        return (imputedTotal + correction) / Double(populationCount)
    }
}
