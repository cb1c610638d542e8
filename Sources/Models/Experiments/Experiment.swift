import Foundation

/// How an experiment runs: the small CI configuration or the default one, the seed, and where outputs go.
public struct ExperimentConfiguration: Sendable {
    public var quick: Bool
    public var seed: UInt64
    public var outputDirectory: URL

    public init(quick: Bool = false, seed: UInt64 = 0, outputDirectory: URL) {
        self.quick = quick
        self.seed = seed
        self.outputDirectory = outputDirectory
    }
}

/// One measured figure beside the paper's claim and the threshold fixed in advance.
public struct Figure: Sendable, Codable {
    public let name: String
    public let measured: Double
    /// What the paper claims (or the plan's CPU-scale version of it), in words.
    public let claim: String
    /// The pass condition, in words (e.g. "< 1e-3").
    public let threshold: String
    public let passed: Bool

    public init(name: String, measured: Double, claim: String, threshold: String, passed: Bool) {
        self.name = name
        self.measured = measured
        self.claim = claim
        self.threshold = threshold
        self.passed = passed
    }
}

/// What an experiment found.
public struct ExperimentReport: Sendable, Codable {
    public let experiment: String
    public let paper: String
    public let figures: [Figure]
    public let seconds: Double
    public let notes: [String]
    /// True when every figure met its threshold.
    public var claimHolds: Bool { figures.allSatisfy(\.passed) }

    public init(experiment: String, paper: String, figures: [Figure], seconds: Double, notes: [String] = []) {
        self.experiment = experiment
        self.paper = paper
        self.figures = figures
        self.seconds = seconds
        self.notes = notes
    }

    /// The figures as a table beside the claims, and the verdict.
    public var table: String {
        var lines = ["\(experiment) — \(paper)"]
        let width = max(8, figures.map(\.name.count).max() ?? 0)
        for f in figures {
            let name = f.name.padding(toLength: width, withPad: " ", startingAt: 0)
            lines.append("  \(name)  \(String(format: "%-12.4g", f.measured))  \(f.passed ? "PASS" : "FAIL")  needs \(f.threshold)  (claim: \(f.claim))")
        }
        for note in notes { lines.append("  note: \(note)") }
        lines.append("verdict: \(claimHolds ? "the claim holds" : "the claim does NOT hold") (\(String(format: "%.1f", seconds)) s)")
        return lines.joined(separator: "\n")
    }
}

/// A paper reproduction: a model built from SciGrad layers, trained on data generated in code, measured against
/// the paper's claim.
public protocol Experiment: Sendable {
    /// The name used by `scigrad repro NAME`.
    var name: String { get }
    /// One line: the paper and the claim.
    var summary: String { get }
    /// Runs the experiment (printing progress), writes its outputs into the configuration's folder, and reports.
    func run(_ configuration: ExperimentConfiguration) throws -> ExperimentReport
}

/// The experiments `scigrad` knows.
public enum ExperimentRegistry {
    public static let all: [any Experiment] = [PoissonPINNExperiment(), S4DExperiment(), S4PTDExperiment()]

    public static func named(_ name: String) -> (any Experiment)? { all.first { $0.name == name } }
}
