/// The verdict on a claim: it holds, it does not, or the measurement cannot tell.
public enum Verdict: String, Sendable, Codable {
    case pass = "PASS"
    case fail = "FAIL"
    /// The 95% interval straddles the threshold, or a comparison has fewer than two seeds.
    case inconclusive = "INCONCLUSIVE"
}

/// The condition a claim's figure must meet, fixed before the run.
public enum Condition: Sendable, Equatable, CustomStringConvertible {
    case below(Double)
    case atMost(Double)
    case above(Double)
    case atLeast(Double)
    case between(Double, Double)

    /// Whether one value meets the condition.
    public func holds(for value: Double) -> Bool {
        switch self {
        case .below(let bound): value < bound
        case .atMost(let bound): value <= bound
        case .above(let bound): value > bound
        case .atLeast(let bound): value >= bound
        case .between(let lower, let upper): value >= lower && value <= upper
        }
    }

    /// Whether every value of [lower, upper] meets the condition.
    func holds(throughout interval: Estimate.ClosedInterval) -> Bool {
        holds(for: interval.lower) && holds(for: interval.upper)
    }

    /// Whether no value of [lower, upper] meets the condition.
    func fails(throughout interval: Estimate.ClosedInterval) -> Bool {
        switch self {
        case .below(let bound): interval.lower >= bound
        case .atMost(let bound): interval.lower > bound
        case .above(let bound): interval.upper <= bound
        case .atLeast(let bound): interval.upper < bound
        case .between(let lower, let upper): interval.upper < lower || interval.lower > upper
        }
    }

    public var description: String {
        func number(_ x: Double) -> String { String(format: "%g", x) }
        switch self {
        case .below(let bound): return "< \(number(bound))"
        case .atMost(let bound): return "≤ \(number(bound))"
        case .above(let bound): return "> \(number(bound))"
        case .atLeast(let bound): return "≥ \(number(bound))"
        case .between(let lower, let upper): return "in [\(number(lower)), \(number(upper))]"
        }
    }
}

/// One claim of a paper, as measured: the paper's statement, the figure (with its interval), the condition fixed
/// before the run, and the verdict.
///
/// The verdict of an exact figure is its value against the condition. A figure over seeds or from a fit passes only
/// when its whole 95% interval meets the condition and fails when none of it does; an interval that straddles the
/// threshold, or a seeded figure with fewer than two seeds, is INCONCLUSIVE. So a comparison of two trained models,
/// stated on the per-seed differences or ratios ("B − A < 0"), passes only when its interval excludes the other side.
/// A figure that is not finite (a diverged run) fails.
public struct Claim: Sendable, Codable {
    /// A short name, unique within the experiment ("S4D-Lin vs random, delay MSE ratio").
    public let name: String
    /// What the paper (or PLAN.md's CPU-scale version of it) states, in words.
    public let statement: String
    public let measured: Estimate
    public let condition: Condition
    public let verdict: Verdict

    public init(name: String, statement: String, measured: Estimate, condition: Condition) {
        self.name = name
        self.statement = statement
        self.measured = measured
        self.condition = condition
        verdict = Claim.judge(measured, condition)
    }

    static func judge(_ measured: Estimate, _ condition: Condition) -> Verdict {
        guard measured.mean.isFinite, measured.values.allSatisfy(\.isFinite) else { return .fail }
        switch measured.kind {
        case .exact:
            return condition.holds(for: measured.mean) ? .pass : .fail
        case .seeds, .fit:
            guard let interval = measured.interval else { return .inconclusive }
            if condition.holds(throughout: interval) { return .pass }
            return condition.fails(throughout: interval) ? .fail : .inconclusive
        }
    }

    private enum CodingKeys: String, CodingKey { case name, statement, measured, threshold, bounds, verdict }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(statement, forKey: .statement)
        try container.encode(measured, forKey: .measured)
        try container.encode(condition.description, forKey: .threshold)
        try container.encode(ConditionRecord(condition), forKey: .bounds)
        try container.encode(verdict, forKey: .verdict)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        statement = try container.decode(String.self, forKey: .statement)
        measured = try container.decode(Estimate.self, forKey: .measured)
        condition = try container.decode(ConditionRecord.self, forKey: .bounds).condition(
            codingPath: decoder.codingPath)
        verdict = try container.decode(Verdict.self, forKey: .verdict)
    }
}

/// A condition as JSON: `{"relation": "<", "value": 0.01}` or `{"relation": "in", "lower": 1.6, "upper": 2.4}`.
private struct ConditionRecord: Codable {
    var relation: String
    var value: Double?
    var lower: Double?
    var upper: Double?

    init(_ condition: Condition) {
        switch condition {
        case .below(let bound):
            relation = "<"
            value = bound
        case .atMost(let bound):
            relation = "<="
            value = bound
        case .above(let bound):
            relation = ">"
            value = bound
        case .atLeast(let bound):
            relation = ">="
            value = bound
        case .between(let a, let b):
            relation = "in"
            lower = a
            upper = b
        }
    }

    func condition(codingPath: [any CodingKey]) throws -> Condition {
        switch (relation, value, lower, upper) {
        case ("<", let v?, _, _): return .below(v)
        case ("<=", let v?, _, _): return .atMost(v)
        case (">", let v?, _, _): return .above(v)
        case (">=", let v?, _, _): return .atLeast(v)
        case ("in", _, let a?, let b?): return .between(a, b)
        default:
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: codingPath, debugDescription: "claim bounds: relation '\(relation)' without its values")
            )
        }
    }
}
