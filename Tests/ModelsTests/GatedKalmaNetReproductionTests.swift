import Foundation
import Layers
import Tensor
import XCTest

@testable import Models

/// The Gated KalmaNet study at toy size: files, residuals and recalls in range, determinism; the simulated systems'
/// construction (bounds, condition numbers).
final class GatedKalmaNetReproductionTests: XCTestCase {
    func testToyRunWritesItsFilesAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gka-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let first = try ExperimentRunner.run(GatedKalmaNetExperiment(), configuration)
        XCTAssertEqual(first.claims.count, 5)
        for file in ["solver_residuals.csv", "solver_residuals.svg", "mqar_recall.csv", "mqar_loss.svg", "result.json"]
        {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let residuals = try CSV.load(from: folder.appendingPathComponent("solver_residuals.csv"), dtype: .float64)
        XCTAssertEqual(residuals.values.shape, [20, 14])
        for value in residuals.values.toDoubles() { XCTAssert(value >= 0, "\(value)") }
        let recalls = try CSV.load(from: folder.appendingPathComponent("mqar_recall.csv"), dtype: .float64)
        XCTAssertEqual(recalls.values.shape, [2, 4])
        for recall in recalls.values.toDoubles() { XCTAssert((0...1).contains(recall)) }
        for claim in first.claims.prefix(2) {
            XCTAssert(claim.measured.values.allSatisfy { (0...1).contains($0) }, claim.name)
        }
        let second = try GatedKalmaNetExperiment().run(configuration)
        XCTAssertEqual(second.claims.map(\.measured), first.claims.map(\.measured), "same seed, same figures")
    }

    /// The systems are bfloat16 values, λ = α·tr H with α ∈ [1/99, 1/9], and GKA's bounds [λ, λ + tr H] contain
    /// every eigenvalue up to the bfloat16 rounding of A (which can push κ a little past 1 + 1/α: the full run finds
    /// 110 > 100 once in 2000); in Float32 both solvers reach small residuals, so a bfloat16 stall is the rounding's
    /// doing.
    func testSimulatedSystems() throws {
        var generator = RandomGenerator(seed: 3)
        let systems = try LowPrecisionSolverStudy.systems(count: 12, using: &generator)
        XCTAssertEqual(systems.matrices.toDoubles(), systems.matrices.roundedToBFloat16().toDoubles())
        for i in 0..<12 {
            let ratio = systems.shifts.element(at: [i]) / systems.traces.element(at: [i])
            XCTAssert(ratio >= 1.0 / 99 * 0.999 && ratio <= 1.0 / 9 * 1.001, "α = \(ratio)")
            XCTAssertGreaterThan(systems.conditionNumbers[i], 1)
        }
        let eigenvalues = try Linalg.eigh(systems.matrices.cast(to: .float64)).eigenvalues
        for i in 0..<12 {
            let shift = systems.shifts.element(at: [i])
            let trace = systems.traces.element(at: [i])
            XCTAssertGreaterThanOrEqual(eigenvalues.element(at: [i, 0]), shift * 0.98)
            XCTAssertLessThanOrEqual(eigenvalues.element(at: [i, 31]), (shift + trace) * 1.02)
        }
        let native = LowPrecisionSolverStudy.solve(systems, precision: .native)
        XCTAssert(native.chebyshev.allSatisfy { $0 < 1e-2 }, "\(native.chebyshev)")
        XCTAssert(native.conjugateGradient.allSatisfy { $0 < 1e-2 }, "\(native.conjugateGradient)")
    }
}
