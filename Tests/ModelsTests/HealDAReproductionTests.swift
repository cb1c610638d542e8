import Autograd
import Foundation
import Layers
import Tensor
import XCTest

@testable import Models

/// The Lorenz-96 HealDA analogue at toy size: files, figures finite and in physical bands, determinism; the
/// network's output shape; the lead-time and spectrum measures on known curves.
final class HealDAReproductionTests: XCTestCase {
    func testToyRunWritesItsFilesAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("healda-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let first = try ExperimentRunner.run(HealDAExperiment(), configuration)
        XCTAssertEqual(first.claims.count, 3)
        for file in ["rmse.csv", "rmse.svg", "spectra.csv", "spectra.svg", "training.svg", "result.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let rmse = try CSV.load(from: folder.appendingPathComponent("rmse.csv"), dtype: .float64)
        XCTAssertEqual(rmse.values.shape, [25, 4])
        for row in 0..<25 {
            XCTAssertEqual(rmse.values.element(at: [row, 0]), 0.05 * Double(row), accuracy: 1e-12)
            for column in 1...3 {
                let value = rmse.values.element(at: [row, column])
                // Lorenz-96 errors stay below twice the climatological spread (≈ 3.6 per site, √2 for two states).
                XCTAssertTrue(value.isFinite && value >= 0 && value < 10, "row \(row), column \(column): \(value)")
            }
        }
        XCTAssertEqual(rmse.values.element(at: [0, 1]), 0, "the truth-initialized forecast starts exact")
        XCTAssertGreaterThan(rmse.values.element(at: [24, 1]), 0, "the forecaster's model error grows")
        let spectra = try CSV.load(from: folder.appendingPathComponent("spectra.csv"), dtype: .float64)
        XCTAssertEqual(spectra.values.shape, [21, 4])
        XCTAssertTrue(spectra.values.toDoubles().allSatisfy { $0.isFinite && $0 >= 0 })
        for claim in first.claims { XCTAssertTrue(claim.measured.mean.isFinite, claim.name) }
        let second = try HealDAExperiment().run(configuration)
        XCTAssertEqual(second.claims.map(\.measured), first.claims.map(\.measured), "same seed, same figures")
    }

    /// A curve shifted by 0.1 MTU loses 0.1 MTU; an exponential ln-slope is its rate; the spectrum sums to the
    /// mean square and a single wavenumber lands where it belongs.
    func testMeasuresOnKnownCurves() {
        let leads = (0...40).map { 0.05 * Double($0) }
        let reference = leads.map { 0.1 * Foundation.exp(1.5 * $0) }
        let shifted = leads.map { 0.1 * Foundation.exp(1.5 * ($0 + 0.1)) }
        XCTAssertEqual(HealDAExperiment.leadTimeLoss(shifted, reference: reference, leads: leads), 0.1, accuracy: 2e-3)
        XCTAssertEqual(HealDAExperiment.growthRate(reference, leads: leads), 1.5, accuracy: 1e-9)
        let sites = 40
        let wave = (0..<sites).map { 2 * Foundation.cos(2 * Double.pi * 13 * Double($0) / Double(sites)) + 0.5 }
        let spectrum = HealDAExperiment.varianceSpectrum(Tensor(wave, shape: [1, sites]))
        XCTAssertEqual(spectrum.count, 21)
        XCTAssertEqual(spectrum.reduce(0, +), wave.reduce(0) { $0 + $1 * $1 } / Double(sites), accuracy: 1e-12)
        XCTAssertEqual(spectrum[13], 2, accuracy: 1e-12)
        XCTAssertEqual(spectrum[0], 0.25, accuracy: 1e-12)
        XCTAssertEqual(HealDAExperiment.smallScaleShare(spectrum), 2 / 2.25, accuracy: 1e-12)
    }

    func testNetworkMapsAWindowToAState() {
        var g = RandomGenerator(seed: 1)
        let network = AssimilationNetwork(times: 4, width: 6, depth: 2, using: &g)
        let observations = Lorenz96Observations(
            cases: 3, times: 4, settings: Lorenz96Observations.Settings(), using: &g)
        let input = observations.windowInputs(endingAt: 3, length: 4, mean: 2.3, scale: 3.6)
        XCTAssertEqual(input.shape, [3, 8, 40])
        XCTAssertEqual(network(Variable(input)).shape, [3, 40])
        // Masks are 0/1 and the observations are zero where unobserved.
        let masks = input.narrowed(axis: 1, start: 4, length: 4).toDoubles()
        let values = input.narrowed(axis: 1, start: 0, length: 4).toDoubles()
        XCTAssertTrue(masks.allSatisfy { $0 == 0 || $0 == 1 })
        XCTAssertTrue(zip(masks, values).allSatisfy { $0.0 == 1 || $0.1 == 0 })
        XCTAssertEqual(Double(masks.filter { $0 == 1 }.count) / Double(masks.count), 0.5, accuracy: 0.1)
    }
}
