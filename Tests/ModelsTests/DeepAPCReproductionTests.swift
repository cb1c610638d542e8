import Autograd
import Foundation
import Layers
import Tensor
import XCTest

@testable import Models

/// The deep-apc study at toy size: files, finite errors, orthonormal bases, determinism; the DaPC-NN's refit keeps its
/// function and makes every layer's basis orthonormal on the signals it receives; the Beta(2, 5) inputs.
final class DeepAPCReproductionTests: XCTestCase {
    func testToyRunWritesItsFilesAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deep-apc-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let first = try ExperimentRunner.run(DeepAPCExperiment(), configuration)
        XCTAssertEqual(first.claims.count, 2)
        for file in ["errors.csv", "errors.svg", "result.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let errors = try CSV.load(from: folder.appendingPathComponent("errors.csv"), dtype: .float64)
        XCTAssertEqual(errors.values.shape, [2, 9], "1 size × 2 seeds")
        for column in 2...4 {
            for value in errors.values.selected(axis: 1, index: column).toDoubles() {
                XCTAssert(value.isFinite && value > 0, "relative error \(value) in column \(column)")
            }
        }
        XCTAssertLessThan(first.claims[1].measured.mean, 1e-10, "bases orthonormal after training")
        let second = try DeepAPCExperiment().run(configuration)
        XCTAssertEqual(second.claims.map(\.measured), first.claims.map(\.measured), "same seed, same figures")
    }

    /// After a gradient step the bases are stale (Gram ≠ I); the refit restores Gram = I to 1e-12 on every layer
    /// without changing the outputs on the data.
    func testRefitKeepsTheFunctionAndOrthonormalizes() throws {
        var generator = RandomGenerator(seed: 3)
        let data = DeepAPCExperiment.sample(60, using: &generator)
        let network = try DeepArbitraryPolynomialChaosNetwork(
            inputs: data.inputs, widths: [4, 3, 1], degree: 2, using: &generator)
        XCTAssertEqual(network.coefficientCount, 10 * 4 + 15 * 3 + 10 * 1)
        XCTAssertLessThan(network.orthonormalityError(on: data.inputs), 1e-12)
        for parameter in network.parameters() {
            parameter.assign(
                parameter.value
                    + Tensor.normal(parameter.shape, standardDeviation: 0.3, dtype: .float64, using: &generator))
        }
        XCTAssertGreaterThan(network.orthonormalityError(on: data.inputs), 1e-3, "stale bases")
        let before = network(data.inputs)
        try network.refit(on: data.inputs)
        XCTAssertLessThan(network.orthonormalityError(on: data.inputs), 1e-12)
        let after = network(data.inputs)
        let scale = before.toDoubles().map(abs).max()!
        for (a, b) in zip(after.toDoubles(), before.toDoubles()) { XCTAssertEqual(a, b, accuracy: 1e-10 * scale) }
        XCTAssertEqual(network(Variable(data.inputs)).value.toDoubles(), after.toDoubles())
    }

    /// x = −π + 2π·B with B ~ Beta(2, 5): mean −π + 2π·2/7, and every input inside [−π, π].
    func testInputsFollowTheMappedBetaDistribution() {
        var generator = RandomGenerator(seed: 4)
        let data = DeepAPCExperiment.sample(20_000, using: &generator)
        let values = data.inputs.toDoubles()
        XCTAssert(values.allSatisfy { abs($0) <= Double.pi })
        // Var B = 2·5/(7²·8); the mean of 60 000 draws has standard error 2π·√(Var B/60 000).
        let standardError = 2 * Double.pi * (10.0 / (49 * 8) / 60_000).squareRoot()
        XCTAssertEqual(
            values.reduce(0, +) / Double(values.count), -Double.pi + 4 * Double.pi / 7, accuracy: 4 * standardError)
        XCTAssertEqual(DeepAPCExperiment.ishigami([Double.pi / 2, Double.pi / 2, 1]), 1 + 7 + 0.1, accuracy: 1e-12)
    }
}
