/// A measured figure: one exact value, the values of several seeds (or Monte Carlo replications) with their mean and
/// 95% Student-t interval, or a fitted coefficient with its 95% interval.
public struct Estimate: Sendable, Codable, Equatable {
    /// How the figure was obtained, which decides how a claim judges it.
    public enum Kind: String, Sendable, Codable {
        /// A deterministic computation (no seed changes it): judged by its value.
        case exact
        /// One value per seed: judged by its 95% interval; fewer than two seeds give no interval.
        case seeds
        /// A least-squares coefficient (`LineFit`): judged by its 95% interval.
        case fit
    }

    public let kind: Kind
    /// The value (the mean over seeds, or the fitted coefficient).
    public let mean: Double
    /// The per-seed values (`.seeds`), the one value (`.exact`), or empty (`.fit`).
    public let values: [Double]
    /// The 95% interval, lower and upper; nil for exact values and for fewer than two seeds.
    public let interval: ClosedInterval?

    /// A closed interval [lower, upper].
    public struct ClosedInterval: Sendable, Codable, Equatable {
        public let lower: Double
        public let upper: Double
    }

    /// A deterministic figure.
    public static func exact(_ value: Double) -> Estimate {
        Estimate(kind: .exact, mean: value, values: [value], interval: nil)
    }

    /// The mean of per-seed `values` and its 95% interval mean ± t₀.₉₇₅(n − 1)·s/√n (none for fewer than two values).
    public init(values: [Double]) {
        kind = .seeds
        self.values = values
        mean = Statistics.mean(values)
        if values.count >= 2 {
            let halfWidth =
                Statistics.studentTQuantile(0.975, degreesOfFreedom: Double(values.count - 1))
                * Statistics.standardDeviation(values) / Double(values.count).squareRoot()
            interval = ClosedInterval(lower: mean - halfWidth, upper: mean + halfWidth)
        } else {
            interval = nil
        }
    }

    /// A fitted coefficient with its interval.
    init(fitted value: Double, interval: ClosedInterval) {
        kind = .fit
        mean = value
        values = []
        self.interval = interval
    }

    private init(kind: Kind, mean: Double, values: [Double], interval: ClosedInterval?) {
        self.kind = kind
        self.mean = mean
        self.values = values
        self.interval = interval
    }

    /// "0.0123 [0.0101, 0.0145]" (the interval when there is one), with `digits` significant digits.
    public func formatted(digits: Int = 3) -> String {
        func number(_ x: Double) -> String { String(format: "%.\(digits)g", x) }
        guard let interval else { return number(mean) }
        return "\(number(mean)) [\(number(interval.lower)), \(number(interval.upper))]"
    }
}
