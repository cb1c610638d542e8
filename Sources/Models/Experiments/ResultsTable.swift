import Foundation

/// The claims of several runs as one Markdown table (`scigrad report`): the README's reproduction table.
public enum ResultsTable {
    /// Reads `folder/*/result.json` (one folder per run, as `scigrad repro` writes them), sorted by experiment name.
    /// A file that does not parse is a thrown error naming it.
    public static func results(in folder: URL) throws -> [ExperimentResult] {
        let entries = try FileManager.default.contentsOfDirectory(
            at: folder, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])
        var results: [ExperimentResult] = []
        for entry in entries.sorted(by: { $0.path < $1.path }) {
            let file = entry.appendingPathComponent("result.json")
            guard FileManager.default.fileExists(atPath: file.path) else { continue }
            do {
                results.append(try ExperimentResult.read(from: file))
            } catch {
                throw ResultsTableError.unreadable(path: file.path, reason: "\(error)")
            }
        }
        return results.sorted { $0.experiment < $1.experiment }
    }

    /// One row per claim: experiment, claim, the paper's statement, measured (mean [95% interval]), threshold, seeds,
    /// verdict; a last column gives each run's scale and time on its first row.
    public static func markdown(_ results: [ExperimentResult]) -> String {
        var lines = [
            "| experiment | claim | paper | measured [95% interval] | needs | seeds | verdict | run |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for result in results {
            for (index, claim) in result.claims.enumerated() {
                let run =
                    index == 0
                    ? "\(result.configuration["scale"] ?? "?"), \(String(format: "%.0f", result.seconds)) s" : ""
                let seeds = claim.measured.kind == .seeds ? "\(claim.measured.values.count)" : "–"
                let cells = [
                    index == 0 ? "`\(result.experiment)`" : "", claim.name, claim.statement,
                    claim.measured.formatted(), claim.condition.description, seeds,
                    claim.verdict == .pass ? "PASS" : "**\(claim.verdict.rawValue)**", run,
                ]
                lines.append(
                    "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A result file `scigrad report` could not read.
public enum ResultsTableError: Error, CustomStringConvertible {
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "report: \(path) is not a readable result.json: \(reason)"
        }
    }
}
