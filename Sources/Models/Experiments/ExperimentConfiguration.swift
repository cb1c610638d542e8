import Foundation

/// The size an experiment runs at.
public enum ExperimentScale: String, Sendable, Codable {
    /// The default configuration: the reproduction whose verdicts the documentation reports (minutes).
    case full
    /// `--quick`: the same pipeline, smaller (tens of seconds).
    case quick
    /// The tests' size: the pipeline end to end in seconds; its figures check mechanics, not the paper's claims.
    case toy
}

/// How an experiment runs: its scale, its seeds and where its outputs go.
public struct ExperimentConfiguration: Sendable {
    public var scale: ExperimentScale
    /// The number of seeds (`--seeds K`); nil for the experiment's default at this scale.
    public var seedCount: Int?
    /// The first seed (`--seed S`); the seeds are S, S + 1, ….
    public var baseSeed: UInt64
    public var outputDirectory: URL

    public init(scale: ExperimentScale = .full, seedCount: Int? = nil, baseSeed: UInt64 = 0, outputDirectory: URL) {
        precondition(seedCount.map { $0 >= 1 } ?? true, "ExperimentConfiguration: --seeds must be at least 1")
        self.scale = scale
        self.seedCount = seedCount
        self.baseSeed = baseSeed
        self.outputDirectory = outputDirectory
    }

    /// The seeds of the comparisons: `seedCount` of them if given, else the default for the scale (the protocol asks
    /// for at least 5 in the full run and 2 in the quick one).
    public func seeds(full: Int = 5, quick: Int = 2, toy: Int = 2) -> [UInt64] {
        let count = seedCount ?? value(full: full, quick: quick, toy: toy)
        return (0..<UInt64(count)).map { baseSeed &+ $0 }
    }

    /// The value for this scale: a size, a step count, a grid.
    public func value<T>(full: T, quick: T, toy: T) -> T {
        switch scale {
        case .full: full
        case .quick: quick
        case .toy: toy
        }
    }

    /// The path of `name` in the output folder.
    public func file(_ name: String) -> URL { outputDirectory.appendingPathComponent(name) }
}
