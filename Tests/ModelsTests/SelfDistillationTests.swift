import Foundation
import Models
import XCTest

/// Self-distillation at toy size: the run writes its files, its figures are finite and in their physical ranges, the
/// closed form agrees with refitting, and a seed fixes the run.
final class SelfDistillationTests: XCTestCase {
    func testToyRunIsConsistentAndDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "self-distillation-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let result = try ExperimentRunner.run(SelfDistillationExperiment(), configuration)
        func figure(_ name: String) throws -> Estimate {
            try XCTUnwrap(result.claims.first { $0.name == name }).measured
        }
        // Mechanics (not the paper's verdicts): the two computations of the same fits agree to rounding, the
        // closed-form α* is a minimizer of an affine-in-α quadratic (so never worse than a grid point beyond rounding).
        XCTAssertLessThan(try figure("closed form vs iterated").mean, 1e-9)
        XCTAssertLessThan(try figure("closed-form α* − best of 21-point grid").mean, 1e-9)
        // Loss ratios are positive and finite.
        for name in ["α = 0 collapse, authors' points", "α = 0.35 limit/first fit, noise seeds"] {
            let value = try figure(name)
            XCTAssertTrue(value.values.allSatisfy { $0.isFinite && $0 > 0 }, "\(name): \(value.values)")
        }
        XCTAssertEqual(try figure("α = 0 collapse, noise seeds").values.count, 2)
        for file in ["losses.csv", "alpha_grid.csv", "losses.svg", "result.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let again = try SelfDistillationExperiment().run(configuration)
        XCTAssertEqual(again.claims.map(\.measured), result.claims.map(\.measured))
    }
}
