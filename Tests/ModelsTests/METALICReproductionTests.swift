import Foundation
import Layers
import XCTest

@testable import Models

/// METALIC at toy size: the arm set, and a run that writes finite figures and is deterministic. Verdicts are not
/// asserted.
final class METALICReproductionTests: XCTestCase {
    func testTheArmsAreTheFifteenNonEmptySubsets() {
        let subsets = METALICExperiment.subsets
        XCTAssertEqual(subsets.count, 15)
        XCTAssertEqual(Set(subsets.map { $0.map(\.rawValue).joined(separator: "+") }).count, 15)
        XCTAssert(subsets.allSatisfy { !$0.isEmpty })
        XCTAssertEqual(METALICExperiment.label([.value, .flux]), "{I1,I2}")
        let features = METALICExperiment.features(beta: 2.5, subsets: [[.flux, .averageValue]])
        XCTAssertEqual(features.toDoubles(), [2.5, 0, 1, 0, 1])
    }

    func testToyRunWritesFiniteFiguresAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("metalic-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let result = try ExperimentRunner.run(METALICExperiment(), configuration)
        XCTAssertEqual(result.claims.count, 2)
        for claim in result.claims {
            XCTAssert(claim.measured.mean.isFinite, "\(claim.name): \(claim.measured.mean)")
        }
        // The choice can be no better than the oracle.
        XCTAssertGreaterThanOrEqual(result.claims[1].measured.mean, 0)
        let rounds = try String(contentsOf: folder.appendingPathComponent("bandit_rounds.csv"), encoding: .utf8)
        XCTAssertEqual(rounds.split(separator: "\n").count, 1 + 3, "one row per round")
        for file in result.files + ["result.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let again = try METALICExperiment().run(configuration)
        XCTAssertEqual(again.claims.map(\.measured), result.claims.map(\.measured))
    }
}
