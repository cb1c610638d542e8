import Foundation

/// How values are laid out along a plot axis.
public enum AxisScale: Sendable {
    /// Equal differences take equal lengths; ticks at round numbers (1, 2 or 5 × a power of ten).
    case linear
    /// Equal ratios take equal lengths; ticks at powers of ten (decades), with unlabelled ticks at 2…9 × each
    /// decade. Values ≤ 0 cannot be shown and are skipped.
    case logarithmic
}

extension AxisScale {
    /// Whether `value` can be shown on an axis of this scale.
    func canShow(_ value: Double) -> Bool { value.isFinite && (self == .linear || value > 0) }
}

/// One axis of a plot: its range in data units, its ticks and their labels, and where a value falls along it.
struct PlotAxis {
    let scale: AxisScale
    /// The ends of the axis, in data units.
    let lower: Double
    let upper: Double
    /// Labelled ticks, in data units, from `lower` to `upper`.
    let majorTicks: [Double]
    /// Unlabelled ticks (logarithmic axes only).
    let minorTicks: [Double]

    /// An axis covering `values` (all finite, and positive on a logarithmic axis), widened to round ticks.
    init(covering values: [Double], scale: AxisScale) {
        self.scale = scale
        switch scale {
        case .linear:
            var (low, high) = (values.min() ?? 0, values.max() ?? 1)
            if low == high { (low, high) = (low - max(1, abs(low) * 0.1), high + max(1, abs(high) * 0.1)) }
            let step = Self.roundStep(for: (high - low) / 5)
            let (first, last) = ((low / step).rounded(.down), (high / step).rounded(.up))
            // A spread too small to divide (subnormal values) gets its two ends as ticks instead of a round grid.
            guard step.isNormal, (last - first).isFinite, last - first <= 100 else {
                (lower, upper, majorTicks, minorTicks) = (low, high, [low, high], [])
                return
            }
            lower = first * step
            upper = last * step
            majorTicks = stride(from: first, through: last, by: 1).map { $0 * step }
            minorTicks = []
        case .logarithmic:
            let lowExponent = Int((log10(values.min() ?? 1)).rounded(.down))
            var highExponent = max(Int((log10(values.max() ?? 10)).rounded(.up)), lowExponent + 1)
            // Beyond ten decades only every second (third, …) decade is labelled, the others get unlabelled
            // ticks, and the axis grows to end on a labelled one.
            let decadeStep = (highExponent - lowExponent + 9) / 10
            highExponent = lowExponent + (highExponent - lowExponent + decadeStep - 1) / decadeStep * decadeStep
            lower = pow(10, Double(lowExponent))
            upper = pow(10, Double(highExponent))
            let decades = Array(lowExponent...highExponent)
            majorTicks = decades.filter { ($0 - lowExponent) % decadeStep == 0 }.map { pow(10, Double($0)) }
            minorTicks =
                decadeStep == 1
                ? decades.dropLast().flatMap { exponent in (2...9).map { Double($0) * pow(10, Double(exponent)) } }
                : decades.filter { ($0 - lowExponent) % decadeStep != 0 }.map { pow(10, Double($0)) }
        }
    }

    /// Where `value` falls along the axis: 0 at `lower`, 1 at `upper`.
    func fraction(_ value: Double) -> Double {
        switch scale {
        case .linear: (value - lower) / (upper - lower)
        case .logarithmic: (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
        }
    }

    /// The label of a major tick, as SVG text content: `0.25`, `1.5e+06`, or `10` with a raised exponent.
    func label(_ value: Double) -> String {
        switch scale {
        case .linear:
            let step = majorTicks.count > 1 ? majorTicks[1] - majorTicks[0] : 1
            if value == 0 { return "0" }
            // The step's own decimals; the small slack keeps log10(0.1) = -0.99999… from asking for one more.
            let decimals = max(0, Int((-log10(step) - 1e-9).rounded(.up)))
            let text =
                abs(value) >= 1e5 || step < 1e-4 ? String(format: "%g", value) : String(format: "%.\(decimals)f", value)
            return text.replacingOccurrences(of: "-", with: "\u{2212}")
        case .logarithmic:
            let exponent = Int(log10(value).rounded())
            let text = exponent < 0 ? "\u{2212}\(-exponent)" : "\(exponent)"
            return "10<tspan dy=\"-0.6em\" font-size=\"75%\">\(text)</tspan>"
        }
    }

    /// 1, 2 or 5 times a power of ten, the one nearest `rough` (Heckbert's "nice numbers").
    static func roundStep(for rough: Double) -> Double {
        let magnitude = pow(10, log10(rough).rounded(.down))
        let residual = rough / magnitude
        return (residual < 1.5 ? 1 : residual < 3 ? 2 : residual < 7 ? 5 : 10) * magnitude
    }
}
