import Foundation
import Models
import XCTest

/// The Langevin + SWA reproduction at toy size (d = 16, n = 256, 200 steps): files, overlaps in [0, 1], determinism
/// under a seed. Verdicts are not asserted.
final class LangevinSWAReproductionTests: XCTestCase {
    func testToyRunWritesOverlapsInRangeAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("langevin-swa-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let result = try ExperimentRunner.run(LangevinSWAExperiment(), configuration)
        XCTAssertEqual(result.claims.count, 5)
        let csv = try String(contentsOf: folder.appendingPathComponent("overlaps.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n").dropFirst().map {
            $0.split(separator: ",").dropFirst().map { Double($0)! }
        }
        XCTAssertEqual(rows.count, 2)
        for overlap in rows.joined() { XCTAssertTrue(overlap >= 0 && overlap <= 1 + 1e-12, "\(overlap)") }
        XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent("pilot.csv").path))
        let again = try LangevinSWAExperiment().run(configuration)
        XCTAssertEqual(again.claims.map(\.measured), result.claims.map(\.measured))
    }
}
