import Autograd
import Foundation
import Layers
import Tensor
import XCTest

@testable import Models

/// The LSM study at toy size: its files, errors in a physical band, determinism under a seed, the parameter
/// matching of the FNO, and the normalization of the Darcy data.
final class LSMReproductionTests: XCTestCase {
    func testToyRunWritesItsFilesAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lsm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let first = try ExperimentRunner.run(LSMExperiment(), configuration)
        XCTAssertEqual(first.claims.map(\.name), ["LSM rel-L2 < 0.05", "LSM ≤ 1.1× FNO"])
        for file in ["curves.csv", "lsm.svg", "result.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let curves = try CSV.load(from: folder.appendingPathComponent("curves.csv"), dtype: .float64)
        XCTAssertEqual(curves.values.shape, [2, 8], "2 epochs × (test, train) × (LSM, FNO) × 2 seeds")
        // Relative L2 errors of barely trained models: positive, finite, and not far beyond predicting zero (1).
        for error in curves.values.toDoubles() { XCTAssert(error > 0 && error < 3, "\(error)") }
        XCTAssertEqual(first.claims[0].measured.values.count, 2)
        let second = try LSMExperiment().run(configuration)
        XCTAssertEqual(second.claims.map(\.measured), first.claims.map(\.measured), "same seed, same figures")
    }

    func testFNOIsMatchedToLSMsParameterCount() {
        let folder = FileManager.default.temporaryDirectory
        let settings = LSMExperiment.settings(ExperimentConfiguration(scale: .full, outputDirectory: folder))
        var generator = RandomGenerator(seed: 0)
        let lsm = LSMExperiment().makeLSM(settings, using: &generator)
        let fno = LSMExperiment().makeFNO(settings, matching: lsm.parameterCount, using: &generator)
        let ratio = Double(fno.parameterCount) / Double(lsm.parameterCount)
        XCTAssert(ratio > 0.85 && ratio < 1.15, "FNO \(fno.parameterCount) vs LSM \(lsm.parameterCount)")
    }

    func testDarcyDataAreNormalizedAndSolveThePDE() {
        var generator = RandomGenerator(seed: 1)
        let data = DarcyOperatorData(trainCount: 12, testCount: 3, side: 12, dtype: .float64, using: &generator)
        XCTAssertEqual(data.trainInputs.shape, [12, 12, 12, 1])
        XCTAssertEqual(data.testTargets.shape, [3, 12, 12])
        // Training inputs have zero mean per pixel; solutions vanish on the boundary and are positive inside (f = 1).
        XCTAssertLessThan(data.trainInputs.mean(axes: [0]).abs().max().item(), 1e-12)
        let u = data.trainTargets
        XCTAssertEqual(u.selected(axis: 1, index: 0).abs().max().item(), 0)
        XCTAssertGreaterThan(
            u.narrowed(axis: 1, start: 1, length: 10).narrowed(axis: 2, start: 1, length: 10).min().item(), 0)
        // Decoding a normalized target gives the target back.
        let normalized = (u - data.targetMean) / data.targetScale
        let decoded = data.decoded(Variable(normalized.reshaped([12, 12, 12, 1]))).value
        XCTAssertLessThan((decoded - u).abs().max().item(), 1e-12)
    }
}
