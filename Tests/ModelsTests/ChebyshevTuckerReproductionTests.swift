import Foundation
import Layers
import Tensor
import XCTest

@testable import Models

/// The Chebyshev–Tucker study at toy size: its file, ranks that grow as ε falls, finite errors, determinism; the
/// potential's limit at a charge.
final class ChebyshevTuckerReproductionTests: XCTestCase {
    func testToyRunWritesItsFileAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cheb-tucker-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let first = try ExperimentRunner.run(ChebyshevTuckerExperiment(), configuration)
        XCTAssertEqual(first.claims.count, 3)
        let table = try CSV.load(from: folder.appendingPathComponent("tucker.csv"), dtype: .float64)
        XCTAssertEqual(table.values.shape, [3, 9])
        let rows = (0..<3).map { table.values.selected(axis: 0, index: $0).toDoubles() }
        for mode in 0..<3 {
            // Chebyshev ranks (columns 1, 3, 5) never fall as ε decreases and never exceed the 12 nodes.
            XCTAssertLessThanOrEqual(rows[0][1 + 2 * mode], rows[1][1 + 2 * mode])
            XCTAssertLessThanOrEqual(rows[1][1 + 2 * mode], rows[2][1 + 2 * mode])
            XCTAssertLessThanOrEqual(rows[2][1 + 2 * mode], 12)
        }
        for row in rows { XCTAssertTrue(row[7].isFinite && row[7] >= 0 && row[8] > 0 && row[8] <= 1.5, "\(row)") }
        let second = try ChebyshevTuckerExperiment().run(configuration)
        XCTAssertEqual(second.claims.map(\.measured), first.claims.map(\.measured), "same seed, same figures")
    }

    /// erf(r/a)/r is continuous at r = 0 with the value 2/(a√π).
    func testPotentialIsContinuousAtACharge() {
        let charges = ChebyshevTuckerExperiment.Charges(positions: [(0.1, 0.2, 0.3)], charges: [1])
        let limit = 2 / (0.5 * Double.pi.squareRoot())
        XCTAssertEqual(charges.potential(0.1, 0.2, 0.3), limit, accuracy: 1e-14)
        XCTAssertEqual(charges.potential(0.1 + 1e-6, 0.2, 0.3), limit, accuracy: 1e-9)
    }
}
