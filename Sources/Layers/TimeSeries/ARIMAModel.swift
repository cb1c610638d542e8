/// An ARIMA(p, d, q) process: the d-th difference w of the series is the ARMA(p, q) process
///
///     w_t = φ₁w_{t−1} + … + φ_p w_{t−p} + ε_t + θ₁ε_{t−1} + … + θ_q ε_{t−q},
///
/// with i.i.d. innovations ε of mean 0 and variance σ² (the sign convention of R's `arima` and statsmodels: the MA
/// polynomial is 1 + θ₁L + … + θ_q L^q).
public struct ARIMAModel: Sendable, Equatable {
    /// φ₁, …, φ_p.
    public var autoregressive: [Double]
    /// θ₁, …, θ_q.
    public var movingAverage: [Double]
    /// d, the number of differences.
    public var differences: Int
    /// σ², the innovation variance.
    public var innovationVariance: Double

    public init(
        autoregressive: [Double] = [], movingAverage: [Double] = [], differences: Int = 0,
        innovationVariance: Double = 1
    ) {
        precondition(differences >= 0, "ARIMAModel: differences must be ≥ 0, got \(differences)")
        precondition(
            innovationVariance > 0, "ARIMAModel: innovation variance must be positive, got \(innovationVariance)")
        self.autoregressive = autoregressive
        self.movingAverage = movingAverage
        self.differences = differences
        self.innovationVariance = innovationVariance
    }

    /// (p, d, q).
    public var order: (p: Int, d: Int, q: Int) { (autoregressive.count, differences, movingAverage.count) }

    /// The ARMA(p, q) recursion driven by `innovations` ε₀, ε₁, … from a zero pre-sample (w and ε are 0 before t = 0):
    /// w_t = Σφᵢw_{t−i} + ε_t + Σθⱼε_{t−j}. The innovations are taken as given (σ² does not scale them).
    public func armaSeries(innovations: [Double]) -> [Double] {
        var w = [Double](repeating: 0, count: innovations.count)
        for t in 0..<innovations.count {
            var value = innovations[t]
            for (i, phi) in autoregressive.enumerated() where t - i - 1 >= 0 { value += phi * w[t - i - 1] }
            for (j, theta) in movingAverage.enumerated() where t - j - 1 >= 0 {
                value += theta * innovations[t - j - 1]
            }
            w[t] = value
        }
        return w
    }

    /// A simulated series of `count` values: the ARMA recursion driven by σ·`innovations` (unit-variance draws,
    /// burnIn + count + d of them) runs from a zero start, its first `burnIn` values are dropped (the start-up
    /// transient), the rest is integrated d times from zero and the first d values of that are dropped. As R's
    /// `arima.sim` followed by `tail(·, count)`.
    public func simulate(count: Int, burnIn: Int = 200, innovations: [Double]) -> [Double] {
        precondition(
            count > 0 && burnIn >= 0 && innovations.count == burnIn + count + differences,
            "ARIMAModel.simulate: \(innovations.count) innovations for burnIn \(burnIn) + count \(count) + d \(differences)"
        )
        let scale = innovationVariance.squareRoot()
        let w = Array(armaSeries(innovations: innovations.map { scale * $0 }).suffix(count + differences))
        return Array(Differencing.integrated(w, order: differences).suffix(count))
    }
}
