import ArgumentParser
import Foundation
import Layers
import Models

/// `scigrad repro NAME`: runs a paper reproduction, prints each claim beside the paper's statement with its verdict,
/// and writes runs/NAME/result.json with the plots. Exits 0 when the experiment ran; `--strict` exits 1 unless every
/// claim passed (what CI and automation use).
struct ReproCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "repro", abstract: "Run a paper reproduction.")

    @Argument(help: "The experiment (see `scigrad list`).")
    var name: String

    @Flag(help: "The small configuration (tens of seconds).")
    var quick = false

    @Option(help: "Number of seeds for the comparisons of trained models (default: the experiment's, ≥ 5; 2 quick).")
    var seeds: Int?

    @Option(help: "The first seed; the seeds are S, S+1, ….")
    var seed: UInt64 = 0

    @Option(help: "Output folder (default: runs/NAME).")
    var out: String?

    @Flag(help: "Exit with status 1 unless every claim passes (FAIL or INCONCLUSIVE).")
    var strict = false

    func validate() throws {
        if let seeds, seeds < 1 { throw ValidationError("--seeds must be at least 1, got \(seeds)") }
    }

    func run() throws {
        guard let experiment = ExperimentRegistry.named(name) else {
            let names = ExperimentRegistry.all.map(\.name).joined(separator: ", ")
            throw ValidationError("no experiment named '\(name)'; the experiments are: \(names)")
        }
        let folder = URL(fileURLWithPath: out ?? "runs/\(name)")
        let result = try ExperimentRunner.run(
            experiment,
            ExperimentConfiguration(
                scale: quick ? .quick : .full, seedCount: seeds, baseSeed: seed, outputDirectory: folder))
        print(result.table)
        print("wrote \(folder.appendingPathComponent("result.json").path)")
        if strict && !result.holds { throw ExitCode(1) }
    }
}

/// `scigrad report [DIR]`: the claims of every run under DIR (runs/*/result.json) as one Markdown table.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Gather runs/*/result.json into one Markdown table.")

    @Argument(help: "The folder holding one folder per run.")
    var directory = "runs"

    @Option(help: "Write the table to this file instead of standard output.")
    var out: String?

    func run() throws {
        let results = try ResultsTable.results(in: URL(fileURLWithPath: directory))
        guard !results.isEmpty else { throw ValidationError("no result.json under \(directory)/*/") }
        let table = ResultsTable.markdown(results)
        if let out {
            try FileAccess.writeAtomically(Array(table.utf8), to: URL(fileURLWithPath: out))
        } else {
            print(table, terminator: "")
        }
    }
}

/// `scigrad list`: the experiments available.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the paper reproductions.")

    func run() {
        for experiment in ExperimentRegistry.all {
            print("\(experiment.name.padding(toLength: 18, withPad: " ", startingAt: 0)) \(experiment.summary)")
        }
    }
}
