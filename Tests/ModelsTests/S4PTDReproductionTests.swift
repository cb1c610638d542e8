import Foundation
import Models
import XCTest

/// The quick S4-PTD reproduction (the configuration CI runs): its figures are finite and it writes its outputs.
final class S4PTDReproductionTests: XCTestCase {
    func testQuickReproductionFiguresAndOutputs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("s4-ptd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try ExperimentRunner.run(S4PTDExperiment(), ExperimentConfiguration(scale: .quick, outputDirectory: folder))
        XCTAssertFalse(result.claims.isEmpty)
        for claim in result.claims {
            XCTAssertTrue(claim.measured.mean.isFinite, "\(claim.name)\n\(result.table)")
        }
        for file in [
            "transfer_functions.svg", "error_vs_state_size.svg", "perturbation_sweep.svg", "transfer_functions.csv",
            "perturbation_sweep.csv", "perturbation_sweep_relative.csv",
        ] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
    }
}
