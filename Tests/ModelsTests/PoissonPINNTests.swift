import Foundation
import Models
import XCTest

/// The Poisson PINN at toy size: the pipeline runs end to end, trains (the error falls well below the untrained
/// network's ≈ 1), writes its files, and is deterministic under a seed.
final class PoissonPINNTests: XCTestCase {
    func testToyRunTrainsWritesItsFilesAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pinn-poisson-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let first = try ExperimentRunner.run(PoissonPINNExperiment(), configuration)
        let error = try XCTUnwrap(first.claims.first { $0.name == "relative L2 error" }).measured.mean
        XCTAssertTrue(error.isFinite && error > 0, "\(error)")
        XCTAssertLessThan(error, 0.5, "the toy run does not train\n\(first.table)")
        for file in ["loss.svg", "solution.svg", "metrics.jsonl", "result.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        XCTAssertEqual(try ExperimentResult.read(from: folder.appendingPathComponent("result.json")).claims.count, 1)
        let second = try PoissonPINNExperiment().run(configuration)
        XCTAssertEqual(second.claims.map(\.measured), first.claims.map(\.measured), "same seed, same figures")
    }
}
