import Autograd
import Foundation
import Layers
import Tensor
import XCTest

@testable import Models

/// Invariants of the S4-PTD reproduction at toy scale (seconds): the files it writes, figures finite and in their
/// physical ranges, determinism under a seed, and the mechanics of its studies. No verdict of a paper's claim is
/// asserted: the claims' verdicts are findings of the default run (docs/experiments/s4-ptd.md).
final class S4PTDReproductionTests: XCTestCase {
    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("s4-ptd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The columns of a CSV file the run wrote, by name.
    private func columns(_ url: URL) throws -> [String: [Double]] {
        let table = try CSV.load(from: url, dtype: .float64)
        let names = table.columnNames ?? []
        let width = names.count
        let values = table.values.toDoubles()
        var result: [String: [Double]] = [:]
        for (index, name) in names.enumerated() {
            result[name] = stride(from: index, to: values.count, by: width).map { values[$0] }
        }
        return result
    }

    func testToyRunWritesItsFilesWithFiniteFiguresInRange() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try ExperimentRunner.run(
            S4PTDExperiment(), ExperimentConfiguration(scale: .toy, outputDirectory: folder))
        XCTAssertEqual(result.claims.count, 10)
        XCTAssertEqual(result.seeds.count, 2)
        for claim in result.claims {
            XCTAssertTrue(claim.measured.mean.isFinite, "\(claim.name)\n\(result.table)")
        }
        for file in result.files + ["result.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let robustness = try columns(folder.appendingPathComponent("robustness.csv"))
        for (name, column) in robustness where name.hasSuffix("_clean") || name.hasSuffix("_noisy") {
            XCTAssert(column.allSatisfy { $0 >= 0 && $0 <= 1 }, "\(name): accuracies \(column)")
        }
        for name in ["s4d_noise_to_signal", "s4ptd_noise_to_signal"] {
            XCTAssert(robustness[name]!.allSatisfy { $0 > 0 && $0.isFinite }, "\(name): \(robustness[name]!)")
        }
        let errors = try columns(folder.appendingPathComponent("error_vs_state_size.csv"))
        XCTAssert(errors["s4d_error"]!.allSatisfy { $0 > 0 && $0.isFinite })
        // The grid with the eigenfrequencies sees at least what the log grid alone sees.
        for (full, logOnly) in zip(errors["s4d_error"]!, errors["s4d_error_log_grid_only"]!) {
            XCTAssertGreaterThanOrEqual(full, logOnly * (1 - 1e-12))
        }
        XCTAssert(errors["kappa_unperturbed"]!.allSatisfy { $0 >= 1 })
        let sweep = try columns(folder.appendingPathComponent("perturbation_sweep.csv"))
        XCTAssert(sweep["kappa"]!.allSatisfy { $0 >= 1 && $0.isFinite })
        XCTAssert(sweep["ptd_error"]!.allSatisfy { $0 >= 0 && $0.isFinite })
    }

    /// The grid holds every eigenfrequency of A_N in range, and S4D's largest error sits on one of them.
    func testGridContainsTheEigenfrequenciesAndTheSpikeIsOne() throws {
        let hippo = HiPPO(.legendreScaled, stateSize: 32)
        let eigenfrequencies = try TransferFunctionStudy.eigenfrequencies(hippo)
        let grid = TransferFunctionStudy.frequencies(count: 300, including: eigenfrequencies).toDoubles()
        XCTAssertEqual(grid, grid.sorted())
        for omega in eigenfrequencies where omega >= 0.1 && omega <= 1e5 { XCTAssert(grid.contains(omega), "\(omega)") }
        let frequencies = Tensor(grid, shape: [grid.count])
        let c = hippo.inputVector / hippo.inputVector.norm().item()
        let reference = try TransferFunction.normalPlusLowRank(hippo, output: c, at: frequencies)
        let s4d = try DiagonalSystem(
            try hippo.diagonalizedNormalPart(), input: hippo.inputVector, output: c, inputScale: 0.5)
        let peak = TransferFunction.relativeSupremumError(s4d.transferFunction(at: frequencies), reference: reference)
            .peak
        XCTAssert(eigenfrequencies.contains(grid[peak]), "spike at ω = \(grid[peak]) is not an eigenfrequency")
        // PTD's error also looks at the PTD system's own eigenfrequencies: never less than on the grid alone.
        var perturbationGenerator = RandomGenerator(seed: 3)
        let ptd = try PerturbedDiagonalization(
            hippo.stateMatrix, perturbation: .randomOfNorm(1e-2), using: &perturbationGenerator)
        let (withPoles, onGrid) = try TransferFunctionStudy.diagonalError(
            ptd.diagonalization, hippo, reference: reference, frequencies: frequencies)
        XCTAssertGreaterThanOrEqual(
            withPoles, TransferFunction.relativeSupremumError(onGrid, reference: reference).error)
    }

    func testRobustnessStudyIsDeterministicUnderASeed() throws {
        let study = toyRobustness()
        let first = try study.run(seed: 3)
        let second = try study.run(seed: 3)
        for (a, b) in [
            (first.s4d, second.s4d), (first.s4ptd, second.s4ptd), (first.s5, second.s5), (first.s5ptd, second.s5ptd),
        ] {
            XCTAssertEqual(a.clean, b.clean)
            XCTAssertEqual(a.noisy, b.noisy)
        }
    }

    /// Λ, Δ, B (and the unused D) stay where they started; C and the rest train.
    func testFrozenParametersDoNotMoveAndTheOthersDo() throws {
        var generator = RandomGenerator(seed: 1)
        let model = try RobustnessClassifier(
            classes: 4, channels: 4, depth: 1, stateSize: 16, perturbation: toyRobustness().rankOnePerturbation,
            stepRange: RobustnessStudy.stepRange, using: &generator)
        let layer = model.layers[0]
        let frozen = [
            layer.logStep, layer.logNegativeRealEigenvalues, layer.imaginaryEigenvalues, layer.inputReal,
            layer.inputImaginary, layer.skip,
        ]
        let trained = [layer.outputReal, layer.outputImaginary, model.encoder.weight, model.decoder.weight]
        let before = (frozen + trained).map { $0.value.toDoubles() }
        var data = RandomGenerator(seed: 2)
        ClassificationTraining.train(
            model, steps: 3, learningRate: 1e-2, logits: { model($0) },
            makeBatch: { FrequencyBandTask.batch(count: 4, length: 16, classes: 4, using: &data) })
        for (parameter, old) in zip(frozen, before) { XCTAssertEqual(parameter.value.toDoubles(), old) }
        for (parameter, old) in zip(trained, before.suffix(trained.count)) {
            XCTAssertNotEqual(parameter.value.toDoubles(), old)
        }
    }

    /// The in-layer noise is a·cos(ω*Δ_h·k) per sample and channel, a in [0, 0.1], and ω* is an eigenfrequency of
    /// the S4D arm's Λ in every channel: ω*Δ_h is the angle of that channel's discrete pole e^{Δ_h λ}.
    func testLayerNoiseLandsOnTheChannelsPole() throws {
        let hippo = HiPPO(.legendreScaled, stateSize: 16)
        let omega = try TransferFunctionStudy.eigenfrequencies(hippo).last!
        var generator = RandomGenerator(seed: 5)
        let model = try RobustnessClassifier(
            classes: 4, channels: 3, depth: 1, stateSize: 16, perturbation: toyRobustness().rankOnePerturbation,
            stepRange: RobustnessStudy.stepRange, using: &generator)
        let layer = model.layers[0]
        let imaginary = layer.imaginaryEigenvalues.value.toDoubles()
        let m = layer.imaginaryEigenvalues.shape[1]
        let steps = layer.logStep.value.exp().toDoubles()
        var noiseGenerator = RandomGenerator(seed: 6)
        let noise = RobustnessClassifier.channelNoise(
            layer, batch: 2, length: 9, frequency: omega, using: &noiseGenerator)
        XCTAssertEqual(noise.shape, [2, 3, 9])
        let values = noise.toDoubles()
        for h in 0..<3 {
            XCTAssert(
                (0..<m).contains { Swift.abs(Swift.abs(imaginary[h * m + $0]) - omega) <= 1e-9 * omega },
                "channel \(h): ω* is not a pole")
            for b in 0..<2 {
                let gain = values[(b * 3 + h) * 9]
                XCTAssert(gain >= 0 && gain <= 0.1)
                for k in 0..<9 {
                    XCTAssertEqual(
                        values[(b * 3 + h) * 9 + k], gain * Foundation.cos(omega * steps[h] * Double(k)),
                        accuracy: 1e-14)
                }
            }
        }
    }

    private func toyRobustness() -> RobustnessStudy {
        let n = 16
        var generator = RandomGenerator(seed: 9)
        let e = Tensor.uniform([n, n], low: 0, high: 0.1, dtype: .float64, using: &generator)
        return RobustnessStudy(
            stateSize: n, channels: 4, depth: 1, length: 16, steps: 2, batchSize: 4, testCount: 8, classes: 4,
            learningRate: 1e-2, frequency: 80, trainedPerturbation: e, blocks: 2)
    }
}
