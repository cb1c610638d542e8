/// The mean of n independent samples of a random variable with its standard error s/√n (s the sample standard
/// deviation, n − 1 in the denominator; zero for n = 1).
public struct MonteCarloEstimate: Sendable, Equatable {
    public let mean: Double
    public let standardError: Double
    public let count: Int

    public init(samples: [Double]) {
        precondition(!samples.isEmpty, "MonteCarloEstimate: no samples")
        let n = Double(samples.count)
        let mean = samples.reduce(0, +) / n
        let squares = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        self.mean = mean
        self.standardError = samples.count > 1 ? (squares / (n - 1) / n).squareRoot() : 0
        self.count = samples.count
    }

    /// (mean − truth)/standard error: about standard normal when the estimator is unbiased.
    public func zScore(against truth: Double) -> Double { (mean - truth) / standardError }
}
