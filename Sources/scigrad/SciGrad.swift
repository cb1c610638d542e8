import ArgumentParser

@main
struct SciGradCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scigrad",
        abstract: "SciGrad: scientific machine learning on the CPU, in Swift.",
        subcommands: [ReproCommand.self, ReportCommand.self, ListCommand.self, BenchCommand.self])
}
