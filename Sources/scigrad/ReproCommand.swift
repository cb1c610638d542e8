import ArgumentParser
import Foundation
import Models

/// `scigrad repro NAME`: runs a paper reproduction, prints its figures beside the claim, writes result.json, and
/// exits non-zero when the claim does not hold.
struct ReproCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "repro", abstract: "Run a paper reproduction.")

    @Argument(help: "The experiment (see `scigrad list`).")
    var name: String

    @Flag(help: "The small configuration that CI runs.")
    var quick = false

    @Option(help: "Random seed.")
    var seed: UInt64 = 0

    @Option(help: "Output folder (default: runs/NAME).")
    var out: String?

    func run() throws {
        guard let experiment = ExperimentRegistry.named(name) else {
            throw ValidationError("no experiment named \(name); `scigrad list` shows them")
        }
        let folder = URL(fileURLWithPath: out ?? "runs/\(name)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let report = try experiment.run(ExperimentConfiguration(quick: quick, seed: seed, outputDirectory: folder))
        print(report.table)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: folder.appendingPathComponent("result.json"), options: .atomic)
        print("wrote \(folder.path)/result.json")
        if !report.claimHolds { throw ExitCode(1) }
    }
}

/// `scigrad list`: the experiments available.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the paper reproductions.")

    func run() {
        for experiment in ExperimentRegistry.all { print("\(experiment.name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(experiment.summary)") }
    }
}
