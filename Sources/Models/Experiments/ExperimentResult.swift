import Foundation
import Layers

/// What a reproduction measured: its configuration and seeds, each claim with its verdict, the time it took, notes
/// and the files it wrote. Written as `result.json`; `scigrad report` gathers these into one table.
public struct ExperimentResult: Sendable, Codable {
    public let experiment: String
    public let paper: String
    /// The settings that decide the figures (sizes, steps, scale), as text.
    public var configuration: [String: String]
    public let seeds: [UInt64]
    public let claims: [Claim]
    /// Wall-clock seconds of the run (a reported figure, never a verdict).
    public var seconds: Double
    public let notes: [String]
    /// The plots and data written into the output folder.
    public let files: [String]

    public init(
        experiment: String, paper: String, configuration: [String: String] = [:], seeds: [UInt64], claims: [Claim],
        notes: [String] = [], files: [String] = []
    ) {
        self.experiment = experiment
        self.paper = paper
        self.configuration = configuration
        self.seeds = seeds
        self.claims = claims
        self.notes = notes
        self.files = files
        seconds = 0
    }

    /// True when every claim passed.
    public var holds: Bool { claims.allSatisfy { $0.verdict == .pass } }

    /// The claims as lines: verdict, name, measured value with its interval, threshold and the paper's statement.
    public var table: String {
        var lines = ["\(experiment) — \(paper)"]
        if !seeds.isEmpty { lines.append("  seeds: \(seeds.map(String.init).joined(separator: ", "))") }
        let width = min(44, claims.map(\.name.count).max() ?? 0)
        for claim in claims {
            let name = claim.name.padding(toLength: max(width, claim.name.count), withPad: " ", startingAt: 0)
            let verdict = claim.verdict.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
            lines.append("  \(verdict) \(name)  \(claim.measured.formatted())  needs \(claim.condition)")
            lines.append("               paper: \(claim.statement)")
            if claim.measured.kind == .seeds, claim.measured.values.count > 1 {
                let values = claim.measured.values.map { String(format: "%.4g", $0) }.joined(separator: ", ")
                lines.append("               per seed: \(values)")
            }
        }
        for note in notes { lines.append("  note: \(note)") }
        let counts = [Verdict.pass, .fail, .inconclusive].map { verdict in
            "\(claims.filter { $0.verdict == verdict }.count) \(verdict.rawValue)"
        }
        lines.append("claims: \(counts.joined(separator: ", ")) (\(String(format: "%.1f", seconds)) s)")
        return lines.joined(separator: "\n")
    }

    /// Writes the result as JSON, atomically; non-finite numbers become the strings "nan", "inf" and "-inf".
    public func write(to url: URL) throws {
        try FileAccess.writeAtomically(Array(Self.encoder.encode(self)), to: url)
    }

    /// Reads a `result.json`.
    public static func read(from url: URL) throws -> ExperimentResult {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(ExperimentResult.self, from: Data(contentsOf: url))
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }
}
