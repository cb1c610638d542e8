import Foundation
import Models
import XCTest

final class PoissonPINNTests: XCTestCase {
    /// The quick configuration that CI runs reaches its (looser) threshold and writes its outputs.
    func testQuickReproductionHoldsAndWritesItsOutputs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pinn-poisson-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = try PoissonPINNExperiment().run(ExperimentConfiguration(quick: true, seed: 0, outputDirectory: folder))
        XCTAssert(report.claimHolds, report.table)
        for file in ["loss.svg", "solution.svg", "metrics.jsonl"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
    }
}
