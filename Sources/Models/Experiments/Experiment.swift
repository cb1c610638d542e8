import Foundation

/// A paper reproduction: a model built from SciGrad layers, trained on data generated in code, measured against the
/// paper's claims.
///
/// `run` computes the figures (printing progress), writes its plots and data into the configuration's folder, and
/// returns the claims; `ExperimentRunner` times it and writes `result.json`. Claims are judged by `Claim`'s rule
/// (intervals over seeds, fitted slopes); the thresholds are fixed before any run.
public protocol Experiment: Sendable {
    /// The name used by `scigrad repro NAME`.
    var name: String { get }
    /// One line: the paper and the claim.
    var summary: String { get }
    /// The paper's title, authors and venue.
    var paper: String { get }
    /// Runs the experiment and reports its claims.
    func run(_ configuration: ExperimentConfiguration) throws -> ExperimentResult
}

/// The experiments `scigrad` knows.
public enum ExperimentRegistry {
    public static let all: [any Experiment] = [
        PoissonPINNExperiment(), S4DExperiment(), S4PTDExperiment(), JAWSExperiment(), NODAExperiment(),
        PMM2ARIMAExperiment(), DPPWLSExperiment(), ChebyshevTuckerExperiment(), SelfDistillationExperiment(),
        NTKExperiment(), LangevinSWAExperiment(), RAPTORExperiment(), GAMPGDExperiment(), ChaosForecastingExperiment(),
        StNNExperiment(), MEDIDAExperiment(), GPHMExperiment(), METALICExperiment(), SDGDExperiment(),
        HealDAExperiment(), GatedKalmaNetExperiment(), ILASDPExperiment(), ROMNetExperiment(), DNMMExperiment(),
        WoSNOExperiment(), DGNOExperiment(), LSMExperiment(), HierarchicalPolynomialsExperiment(), ADMMFLExperiment(),
        DeepAPCExperiment(), KernelBalancingExperiment(), DeepZeroExperiment(), SLIMKLExperiment(),
    ]

    public static func named(_ name: String) -> (any Experiment)? { all.first { $0.name == name } }
}

/// Runs an experiment the way `scigrad repro` does: creates the output folder, times the run, records the
/// configuration and writes `result.json`.
public enum ExperimentRunner {
    public static func run(_ experiment: any Experiment, _ configuration: ExperimentConfiguration) throws
        -> ExperimentResult
    {
        try FileManager.default.createDirectory(at: configuration.outputDirectory, withIntermediateDirectories: true)
        let start = Date()
        var result = try experiment.run(configuration)
        result.seconds = Date().timeIntervalSince(start)
        result.configuration["scale"] = configuration.scale.rawValue
        try result.write(to: configuration.file("result.json"))
        return result
    }
}
