import Foundation

/// An ordinary least-squares line y ≈ intercept + slope·x with a 95% interval for the slope: the figure of a
/// scaling claim ("error ∝ n⁻¹" is a slope of −1 on log-log axes), fitted over several points rather than read
/// off the ratio of two.
///
/// The interval is slope ± t₀.₉₇₅(n − 2)·SE, SE = √(Σr²/(n − 2) / Σ(x − x̄)²), from the residuals r of the fit. It
/// needs n ≥ 3 points; the protocol's scaling claims use n ≥ 4.
public struct LineFit: Sendable, Codable, Equatable {
    /// The slope with its 95% interval.
    public let slope: Estimate
    public let intercept: Double
    /// The coefficient of determination R² (1 for points on a line).
    public let rSquared: Double
    public let pointCount: Int

    /// The fit of y against x.
    public static func linear(x: [Double], y: [Double]) -> LineFit { LineFit(x: x, y: y) }

    /// The fit of log y against log x (natural logarithms; every value must be positive).
    public static func logLog(x: [Double], y: [Double]) -> LineFit {
        precondition(
            x.allSatisfy { $0 > 0 } && y.allSatisfy { $0 > 0 },
            "LineFit.logLog: every value must be positive (x: \(x), y: \(y))")
        return LineFit(x: x.map { Foundation.log($0) }, y: y.map { Foundation.log($0) })
    }

    private init(x: [Double], y: [Double]) {
        precondition(x.count == y.count, "LineFit: \(x.count) x values for \(y.count) y values")
        precondition(x.count >= 3, "LineFit: a slope with an interval needs at least 3 points, got \(x.count)")
        let meanX = Statistics.mean(x)
        let meanY = Statistics.mean(y)
        var sxx = 0.0
        var sxy = 0.0
        var syy = 0.0
        for (a, b) in zip(x, y) {
            sxx += (a - meanX) * (a - meanX)
            sxy += (a - meanX) * (b - meanY)
            syy += (b - meanY) * (b - meanY)
        }
        precondition(sxx > 0, "LineFit: the x values are all equal (\(x.first ?? 0)); no slope can be fitted")
        let slope = sxy / sxx
        intercept = meanY - slope * meanX
        let residualSquares = Swift.max(0, syy - slope * sxy)
        let standardError = (residualSquares / Double(x.count - 2) / sxx).squareRoot()
        let halfWidth = Statistics.studentTQuantile(0.975, degreesOfFreedom: Double(x.count - 2)) * standardError
        self.slope = Estimate(
            fitted: slope, interval: Estimate.ClosedInterval(lower: slope - halfWidth, upper: slope + halfWidth))
        rSquared = syy > 0 ? 1 - residualSquares / syy : 1
        pointCount = x.count
    }
}
