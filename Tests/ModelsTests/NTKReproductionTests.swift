import Foundation
import Models
import XCTest

/// The NTK reproduction at toy size (widths 8…64, 20 circle points, 20 steps): files, finite figures in their
/// ranges, determinism under a seed. Verdicts are not asserted.
final class NTKReproductionTests: XCTestCase {
    func testToyRunWritesFiniteFiguresAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ntk-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let result = try ExperimentRunner.run(NTKExperiment(), configuration)
        XCTAssertEqual(result.claims.count, 3)
        for claim in result.claims {
            XCTAssertTrue(claim.measured.mean.isFinite, "\(claim.name): \(claim.measured.mean)")
        }
        // Relative distances are positive, and the kernel regression and the network agree in sign of magnitude
        // (a sup distance beyond 10 would mean a broken prediction, the targets are ±1).
        let distance = try XCTUnwrap(result.claims.last).measured
        XCTAssertTrue(distance.values.allSatisfy { $0 > 0 && $0 < 10 }, "\(distance.values)")
        let csv = try String(contentsOf: folder.appendingPathComponent("widths.csv"), encoding: .utf8)
        XCTAssertEqual(csv.split(separator: "\n").count, 1 + 4 * 2, "one row per width and seed")
        for file in ["widths.csv", "functions.csv", "kernel.svg", "functions.svg", "result.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let again = try NTKExperiment().run(configuration)
        XCTAssertEqual(again.claims.map(\.measured), result.claims.map(\.measured))
    }
}
