import Foundation

/// Summary statistics of samples (per-seed figures, Monte Carlo replications), in Float64.
public enum Statistics {
    /// The arithmetic mean; NaN for no values.
    public static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }

    /// The sample standard deviation (divisor n − 1); NaN for fewer than two values.
    public static func standardDeviation(_ values: [Double]) -> Double {
        guard values.count >= 2 else { return .nan }
        let m = mean(values)
        return (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot()
    }

    /// The median; NaN for no values.
    public static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The `level` quantile (0 ≤ level ≤ 1) of `values` by linear interpolation between order statistics: with the
    /// sorted values x₀ ≤ … ≤ x_{n−1} and h = level·(n − 1), x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋+1 − x_⌊h⌋) (NumPy's default);
    /// NaN for no values.
    public static func quantile(_ values: [Double], _ level: Double) -> Double {
        precondition((0...1).contains(level), "quantile: level \(level) is outside [0, 1]")
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let h = level * Double(sorted.count - 1)
        let low = Int(h.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        return sorted[low] + (h - Double(low)) * (sorted[high] - sorted[low])
    }

    /// Spearman's rank correlation of paired samples: Pearson's correlation of their ranks, tied values sharing the
    /// mean of their ranks; NaN for fewer than two pairs or a constant sample.
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "spearman: \(x.count) and \(y.count) values")
        guard x.count >= 2 else { return .nan }
        func ranks(_ values: [Double]) -> [Double] {
            let order = values.indices.sorted { values[$0] < values[$1] }
            var result = [Double](repeating: 0, count: values.count)
            var start = 0
            while start < order.count {
                var end = start
                while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
                for position in start...end { result[order[position]] = Double(start + end) / 2 }
                start = end + 1
            }
            return result
        }
        let (a, b) = (ranks(x), ranks(y))
        let (meanA, meanB) = (mean(a), mean(b))
        var (covariance, varianceA, varianceB) = (0.0, 0.0, 0.0)
        for (u, v) in zip(a, b) {
            covariance += (u - meanA) * (v - meanB)
            varianceA += (u - meanA) * (u - meanA)
            varianceB += (v - meanB) * (v - meanB)
        }
        return covariance / (varianceA * varianceB).squareRoot()
    }

    /// The `probability` quantile of Student's t distribution with `degreesOfFreedom` ν > 0: the t with
    /// P(T ≤ t) = probability, found by bisection on the distribution function
    /// P(T ≤ t) = 1 − ½·I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0 (I the regularized incomplete beta function).
    public static func studentTQuantile(_ probability: Double, degreesOfFreedom: Double) -> Double {
        precondition(
            probability > 0 && probability < 1 && degreesOfFreedom > 0,
            "studentTQuantile: probability \(probability) must lie in (0, 1) and ν = \(degreesOfFreedom) be positive")
        if probability < 0.5 { return -studentTQuantile(1 - probability, degreesOfFreedom: degreesOfFreedom) }
        var low = 0.0
        var high = 1.0
        while studentTDistribution(high, degreesOfFreedom: degreesOfFreedom) < probability { high *= 2 }
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if studentTDistribution(middle, degreesOfFreedom: degreesOfFreedom) < probability {
                low = middle
            } else {
                high = middle
            }
            if high - low <= 1e-14 * high { break }
        }
        return (low + high) / 2
    }

    /// P(T ≤ t) for Student's t with ν degrees of freedom.
    public static func studentTDistribution(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        let tail = 0.5 * regularizedIncompleteBeta(nu / (nu + t * t), a: nu / 2, b: 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// I_x(a, b), by the continued fraction of Numerical Recipes (§6.4), using the symmetry
    /// I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges slowly.
    static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * Foundation.log(x) + b * Foundation.log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return Foundation.exp(logFront) * betaContinuedFraction(x, a: a, b: b) / a
        }
        return 1 - Foundation.exp(logFront) * betaContinuedFraction(1 - x, a: b, b: a) / b
    }

    /// The continued fraction of I_x(a, b) by the modified Lentz method.
    private static func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...300 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d
            if abs(d) < tiny { d = tiny }
            c = 1 + even / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d
            if abs(d) < tiny { d = tiny }
            c = 1 + odd / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            result *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return result
    }
}
