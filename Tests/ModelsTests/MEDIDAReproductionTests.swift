import Foundation
import Layers
import Tensor
import XCTest

@testable import Models

/// The MEDIDA reproduction at toy size: files, finite figures, determinism; the mechanics of its parts (the truth's
/// hidden terms act as stated on a Fourier mode, the spline interpolates its knots, STLSQ on the exact state finds the
/// hidden terms).
final class MEDIDAReproductionTests: XCTestCase {
    func testToyRunWritesItsFilesAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("medida-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let first = try ExperimentRunner.run(MEDIDAExperiment(), configuration)
        XCTAssertEqual(first.claims.count, 4)
        for claim in first.claims {
            XCTAssertEqual(claim.measured.values.count, 2, claim.name)
            XCTAssert(claim.measured.values.allSatisfy(\.isFinite), "\(claim.name)\n\(first.table)")
        }
        for file in ["discovery.csv", "interpolation.svg", "error_spectrum.svg", "result.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let second = try ExperimentRunner.run(MEDIDAExperiment(), configuration)
        XCTAssertEqual(first.claims.map(\.measured.values), second.claims.map(\.measured.values))
    }

    /// Truth minus model on a small Fourier mode over one step: the hidden terms' (c₁(ik)³ + c₂)·û·Δt, to first order.
    func testTruthAddsTheHiddenTermsToTheModel() {
        let twin = ModelErrorTwin(points: 64, length: 22, step: 1e-3, dispersion: 0.3, damping: -0.05)
        let k = 2 * Double.pi * 2 / 22
        let u = Tensor(twin.grid.map { 1e-4 * cos(k * $0) }, shape: [1, 64], dtype: .float64)
        let difference = (twin.advanceTruth(u, steps: 1) - twin.model.advance(u, steps: 1)) / 1e-3
        // c₁·u_xxx + c₂·u for u = ε·cos(kx): c₁·ε·k³·sin(kx) − 0.05·ε·cos(kx).
        let expected = twin.grid.map { 1e-4 * (0.3 * k * k * k * sin(k * $0) - 0.05 * cos(k * $0)) }
        for (a, e) in zip(difference.toDoubles(), expected) { XCTAssertEqual(a, e, accuracy: 1e-7) }
    }

    func testSplineInterpolatesItsKnotsAndReproducesASmoothPeriodicFunction() throws {
        let knots = (0..<24).map { Double($0) * 2 * Double.pi / 24 + 0.05 * sin(Double($0)) }
        let values = Tensor(knots.flatMap { [sin($0), cos(2 * $0)] }, shape: [24, 2], dtype: .float64)
        let spline = try PeriodicCubicSpline(knots: knots, period: 2 * Double.pi, values: values)
        let atKnots = spline.evaluate(at: knots).toDoubles()
        for (a, e) in zip(atKnots, values.toDoubles()) { XCTAssertEqual(a, e, accuracy: 1e-12) }
        let between = (0..<50).map { Double($0) * 2 * Double.pi / 50 }
        let fitted = spline.evaluate(at: between).toDoubles()
        for (i, x) in between.enumerated() {
            XCTAssertEqual(fitted[2 * i], sin(x), accuracy: 1e-3)
            XCTAssertEqual(fitted[2 * i + 1], cos(2 * x), accuracy: 5e-3)
        }
    }
}
