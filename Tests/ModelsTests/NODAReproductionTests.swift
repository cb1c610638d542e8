import Autograd
import Foundation
import Layers
import Tensor
import XCTest

@testable import Models

/// The NODA reproduction at toy size: its files, finite figures and determinism; the mechanics of its parts (the
/// semilinear step with a zero network is the exact linear propagator; sensor masks hold the asked fraction).
final class NODAReproductionTests: XCTestCase {
    func testToyRunWritesItsFilesAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("noda-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let first = try ExperimentRunner.run(NODAExperiment(), configuration)
        XCTAssertEqual(first.claims.count, 4)
        for claim in first.claims {
            XCTAssert(claim.measured.values.allSatisfy(\.isFinite), "\(claim.name)\n\(first.table)")
        }
        for file in ["assimilation_error.csv", "assimilation_error.svg", "result.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let second = try ExperimentRunner.run(NODAExperiment(), configuration)
        XCTAssertEqual(first.claims.map(\.measured.values), second.claims.map(\.measured.values))
    }

    /// With the FNO's last layer zeroed, one semilinear step is e^{LΔt} applied in Fourier space; for the Fourier mode
    /// cos(kx) that is the factor e^{(k² − k⁴)Δt}.
    func testSemilinearStepWithoutNetworkIsTheLinearPropagator() {
        var generator = RandomGenerator(seed: 1)
        let predictor = NODAPredictor(semilinear: true, using: &generator)
        let last = predictor.network.projection.layers.last!
        last.weight.assign(Tensor.zeros(last.weight.shape, dtype: .float32))
        last.bias!.assign(Tensor.zeros(last.bias!.shape, dtype: .float32))
        let n = KuramotoSivashinskyData.points
        let k = 2 * Double.pi * 3 / KuramotoSivashinskyData.length
        let x = (0..<n).map { Double($0) * KuramotoSivashinskyData.length / Double(n) }
        let u = Tensor(x.map { cos(k * $0) }, shape: [1, n], dtype: .float32)
        let factor = exp((k * k - k * k * k * k) * KuramotoSivashinskyData.interval)
        let next = withoutGradients { predictor(Variable(u)) }.value.toDoubles()
        for (a, b) in zip(next, u.toDoubles()) { XCTAssertEqual(a, factor * b, accuracy: 1e-5) }
    }

    func testSensorMasksHoldTheFraction() {
        var generator = RandomGenerator(seed: 2)
        let truth = Tensor.zeros([3, 64], dtype: .float32)
        let (y, mask) = NODAExperiment.observe(truth, fraction: 0.25, noise: 0.1, using: &generator)
        XCTAssertEqual(mask.sum(axes: [1]).toDoubles(), [16, 16, 16])
        XCTAssertEqual(y.shape, [3, 64])
    }
}
