import Foundation
import Models
import XCTest

/// The RAPTOR reproduction at toy size (d = 32): files, accuracies and stabilities in their ranges, a chosen λ on the
/// grid, determinism under a seed. Verdicts are not asserted.
final class RAPTORReproductionTests: XCTestCase {
    func testToyRunWritesFiguresInRangeAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("raptor-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let result = try ExperimentRunner.run(RAPTORExperiment(), configuration)
        XCTAssertEqual(result.claims.count, 5, "3 accuracy margins and 2 stability margins (n/d ≤ 1/2)")
        let csv = try String(contentsOf: folder.appendingPathComponent("probes.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n")
        let header = lines[0].split(separator: ",")
        XCTAssertEqual(lines.count, 1 + 3 * 2)
        for line in lines.dropFirst() {
            for (name, cell) in zip(header, line.split(separator: ",")) {
                let value = try XCTUnwrap(Double(cell))
                if name.hasPrefix("accuracy") { XCTAssertTrue(value >= 0 && value <= 1, "\(name) \(value)") }
                if name.hasPrefix("stability") { XCTAssertTrue(value >= -1 && value <= 1 + 1e-12, "\(name) \(value)") }
                if name == "chosen_ridge" { XCTAssertTrue(value >= 1e-4 * 0.999 && value <= 1e2 * 1.001, "\(value)") }
            }
        }
        let again = try RAPTORExperiment().run(configuration)
        XCTAssertEqual(again.claims.map(\.measured), result.claims.map(\.measured))
    }
}
