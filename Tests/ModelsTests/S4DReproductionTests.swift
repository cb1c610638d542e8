import Foundation
import Models
import XCTest

/// The quick S4D reproduction (the configuration CI runs): its figures are finite and it writes its
/// outputs.
final class S4DReproductionTests: XCTestCase {
    func testQuickReproductionFiguresAndOutputs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("s4d-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try ExperimentRunner.run(S4DExperiment(), ExperimentConfiguration(scale: .quick, outputDirectory: folder))
        XCTAssertFalse(result.claims.isEmpty)
        for claim in result.claims {
            XCTAssertTrue(claim.measured.mean.isFinite, "\(claim.name)\n\(result.table)")
        }
        for file in ["kernels.svg", "kernel_error_vs_state_size.svg", "adding_training.svg", "kernels.csv"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
    }
}
