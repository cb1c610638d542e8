import Foundation
import Layers
import Tensor
import XCTest

@testable import Models

/// The DNMM study at toy size: files, finite log-likelihoods, a DNMM mass near 1 on the fine grid, determinism; the
/// target's draws inside the box.
final class DNMMReproductionTests: XCTestCase {
    func testToyRunWritesItsFilesAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deep-nmm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let first = try ExperimentRunner.run(DNMMExperiment(), configuration)
        XCTAssertEqual(first.claims.count, 3)
        for file in ["test_ll.csv", "result.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let table = try CSV.load(from: folder.appendingPathComponent("test_ll.csv"), dtype: .float64)
        XCTAssertEqual(table.values.shape, [2, 7])
        for row in 0..<2 {
            let values = table.values.selected(axis: 0, index: row).toDoubles()
            // Log-likelihoods per point of a density on [−4, 4]²: finite, below the tallest plausible peak.
            for ll in [values[1], values[2], values[4]] {
                XCTAssertTrue(ll.isFinite)
                XCTAssertLessThan(ll, 2)
            }
            XCTAssertTrue([3, 6, 12].contains(values[3]))
            XCTAssertEqual(values[6], 1, accuracy: 0.2, "the DNMM's mass on the fine grid")
        }
        let second = try DNMMExperiment().run(configuration)
        XCTAssertEqual(second.claims.map(\.measured), first.claims.map(\.measured), "same seed, same figures")
    }

    func testTargetDrawsLieInTheBox() {
        var generator = RandomGenerator(seed: 9)
        let draws = BananaRingMixture.sample(500, using: &generator)
        XCTAssertEqual(draws.shape, [500, 2])
        XCTAssertTrue(draws.toDoubles().allSatisfy { abs($0) < 4 })
    }
}
