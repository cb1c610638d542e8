import Autograd
import Foundation
import Layers
import Tensor
import XCTest

@testable import Models

/// Invariants of the S4D reproduction at toy size: the delay task's data, the ablation's mechanics and determinism,
/// the files a run writes and the ranges of its figures. No test asserts whether a paper's claim holds.
final class S4DReproductionTests: XCTestCase {
    /// The target is the input delayed by the lag, zero before it; the signal starts at 0, has no power above the band
    /// limit, and (without its start shift) the authors' root mean square 0.5.
    func testDelayTargetsAreShiftedBandLimitedInputs() {
        let task = ContinuousDelay(length: 256, lag: 64, samplingStep: 1e-3, bandLimit: 100)
        var generator = RandomGenerator(seed: 1)
        let (inputs, targets) = task.batch(count: 64, using: &generator)
        XCTAssertEqual(inputs.shape, [64, 256, 1])
        XCTAssertEqual(targets.shape, [64, 256, 1])
        XCTAssertEqual(targets.narrowed(axis: 1, start: 0, length: 64).abs().max().item(), 0)
        XCTAssertEqual(
            targets.narrowed(axis: 1, start: 64, length: 192).toDoubles(),
            inputs.narrowed(axis: 1, start: 0, length: 192).toDoubles())
        XCTAssertEqual(inputs.narrowed(axis: 1, start: 0, length: 1).abs().max().item(), 0)

        let u = inputs.reshaped([64, 256])
        let spectrum = FFT.rfft(u, axis: -1)  // bin k is the frequency k/(256·1e-3) ≈ 3.9k
        let magnitude = (spectrum.real.square() + spectrum.imaginary.square()).sqrt()
        let inBand = magnitude.narrowed(axis: 1, start: 1, length: 25).max().item()
        let aboveBand = magnitude.narrowed(axis: 1, start: 26, length: 103).max().item()
        XCTAssertGreaterThan(inBand, 1)
        XCTAssertLessThan(aboveBand, 1e-9 * inBand)
        let centred = u - u.mean(axes: [1], keepDims: true)
        XCTAssertEqual(centred.square().mean().item(), 0.25, accuracy: 0.03)
    }

    /// One arm of the ablation at toy size: a seed fixes the result, the error is finite and positive, and the trained
    /// layer's convolution and recurrence are one map.
    func testAblationArmIsDeterministicAndItsLayerIsOneMap() throws {
        let ablation = InitializationAblation(
            task: ContinuousDelay(length: 64, lag: 16, samplingStep: 1e-3, bandLimit: 100), channels: 2,
            stateSize: 8, steps: 6, batchSize: 4, learningRate: 1e-2, testCount: 8)
        for arm in InitializationAblation.arms {
            let first = try ablation.run(arm, seed: 3)
            let second = try ablation.run(arm, seed: 3)
            XCTAssertEqual(first.normalizedError, second.normalizedError, arm.name)
            XCTAssertTrue(first.normalizedError.isFinite && first.normalizedError > 0, arm.name)
            XCTAssertLessThan(first.normalizedError, 10, arm.name)
            XCTAssertEqual(first.losses.count, 6)
            XCTAssertEqual(first.layerInputs.shape, [4, 64, 2])
            XCTAssertLessThan(
                InitializationAblation.convolutionRecurrenceDifference(first.layer, inputs: first.layerInputs), 1e-10,
                arm.name)
        }
    }

    /// The whole experiment at toy scale: its files are written, its result.json reads back, every figure is finite and
    /// in its physical range, and the seeds fix the result.
    func testToyRunWritesItsFilesAndFiguresInRange() throws {
        func run() throws -> (ExperimentResult, URL) {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("s4d-\(UUID().uuidString)")
            let result = try ExperimentRunner.run(
                S4DExperiment(), ExperimentConfiguration(scale: .toy, outputDirectory: folder))
            return (result, folder)
        }
        let (result, folder) = try run()
        defer { try? FileManager.default.removeItem(at: folder) }
        for file in result.files + ["result.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let stored = try ExperimentResult.read(from: folder.appendingPathComponent("result.json"))
        XCTAssertEqual(stored.claims.map(\.name), result.claims.map(\.name))
        XCTAssertEqual(result.seeds.count, 2)
        let pairs =
            InitializationAblation.arms.filter(\.structured).count
            * InitializationAblation.arms.filter { !$0.structured }.count
        XCTAssertEqual(result.claims.count, 3 + pairs + 1)
        for claim in result.claims {
            XCTAssertTrue(claim.measured.mean.isFinite, "\(claim.name)\n\(result.table)")
        }
        let byName = Dictionary(uniqueKeysWithValues: result.claims.map { ($0.name, $0.measured) })
        XCTAssertGreaterThan(byName["kernel error N=8 / N=64"]!.mean, 0)
        let fraction = byName["kernel error falls at every doubling of N"]!.mean
        XCTAssertTrue((0...1).contains(fraction))
        XCTAssertLessThan(byName["conv vs recurrence (rel.)"]!.mean, 1e-10)
        for claim in result.claims where claim.name.hasSuffix("log MSE ratio") {
            XCTAssertEqual(claim.measured.values.count, 2, claim.name)
            XCTAssertNotNil(claim.measured.interval, claim.name)
        }
        let (again, secondFolder) = try run()
        defer { try? FileManager.default.removeItem(at: secondFolder) }
        XCTAssertEqual(again.claims.map(\.measured), result.claims.map(\.measured))
    }
}
