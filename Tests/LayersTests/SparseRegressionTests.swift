import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

/// STLSQ and its candidate library: a known sparse system is recovered exactly, thresholds remove small spurious
/// terms, column scaling makes λ compare contributions.
final class SparseRegressionTests: XCTestCase {
    private func lorenzSamples(_ count: Int, seed: UInt64) -> (states: Tensor, derivatives: Tensor) {
        var generator = RandomGenerator(seed: seed)
        let states = Tensor.uniform([count, 3], low: -20, high: 20, dtype: .float64, using: &generator)
        return (states, Lorenz.lorenz63()(states))
    }

    func testPolynomialLibraryListsTheMonomialsOnce() {
        let states = Tensor([2, 3, 5, -1, 0, 4], shape: [2, 3], dtype: .float64)
        let library = CandidateLibrary.polynomial(states, degree: 2, variables: ["x", "y", "z"])
        XCTAssertEqual(library.names, ["1", "x", "y", "z", "x*x", "x*y", "x*z", "y*y", "y*z", "z*z"])
        assertClose(
            library.matrix, [1, 2, 3, 5, 4, 6, 10, 9, 15, 25, 1, -1, 0, 4, 1, 0, -4, 0, 0, 16], shape: [2, 10])
        XCTAssertEqual(CandidateLibrary.polynomial(states, degree: 3, variables: ["x", "y", "z"]).names.count, 20)
    }

    /// Lorenz-63 is sparse in the degree-2 library: 7 non-zero coefficients of 30; STLSQ finds exactly them.
    func testRecoversLorenzFromExactDerivatives() throws {
        let (states, derivatives) = lorenzSamples(200, seed: 1)
        let library = CandidateLibrary.polynomial(states, degree: 2, variables: ["x", "y", "z"])
        let xi = try SequentiallyThresholdedLeastSquares(threshold: 0.1).fit(library.matrix, derivatives)
        XCTAssertEqual(xi.shape, [10, 3])
        var expected = [Double](repeating: 0, count: 30)
        func set(_ term: String, _ equation: Int, _ value: Double) {
            expected[library.names.firstIndex(of: term)! * 3 + equation] = value
        }
        set("x", 0, -10)
        set("y", 0, 10)
        set("x", 1, 28)
        set("y", 1, -1)
        set("x*z", 1, -1)
        set("z", 2, -8.0 / 3)
        set("x*y", 2, 1)
        assertClose(xi, expected, shape: [10, 3], relativeTolerance: 1e-9, absoluteTolerance: 1e-9)
        XCTAssertEqual(xi.toDoubles().map { $0 != 0 }, expected.map { $0 != 0 }, "the support is exact")
    }

    /// With noisy targets plain least squares puts small weights on every term; the threshold removes them, and the
    /// refit on the true support is close to the truth.
    func testThresholdRemovesSpuriousTermsOfNoisyData() throws {
        let (states, derivatives) = lorenzSamples(2000, seed: 2)
        var generator = RandomGenerator(seed: 3)
        let noisy = derivatives + Tensor.normal(derivatives.shape, dtype: .float64, using: &generator) * 0.5
        let library = CandidateLibrary.polynomial(states, degree: 2, variables: ["x", "y", "z"]).matrix
        let dense = try Linalg.leastSquares(library, noisy).toDoubles()
        XCTAssertEqual(dense.filter { $0 != 0 }.count, 30)
        let xi = try SequentiallyThresholdedLeastSquares(threshold: 0.2).fit(library, noisy).toDoubles()
        XCTAssertEqual(xi.filter { $0 != 0 }.count, 7)
        let exact = try SequentiallyThresholdedLeastSquares(threshold: 0.2).fit(library, derivatives).toDoubles()
        for (a, e) in zip(xi, exact) { XCTAssertEqual(a, e, accuracy: 0.05 * Swift.max(1, abs(e))) }
    }

    /// y = 1e-3·a + 200·b with |a| ~ 1e3 and |b| ~ 1e-2 (equal contributions) plus a third term c of a tiny
    /// contribution: raw coefficients would keep c and drop a at λ = 0.01; scaled columns keep exactly a and b.
    func testColumnScalingThresholdsContributions() throws {
        var generator = RandomGenerator(seed: 4)
        let a = Tensor.normal([500, 1], dtype: .float64, using: &generator) * 1000
        let b = Tensor.normal([500, 1], dtype: .float64, using: &generator) * 0.01
        let c = Tensor.normal([500, 1], dtype: .float64, using: &generator) * 1e-4
        let library = Tensor.concatenated([a, b, c], axis: 1)
        let y = a * 1e-3 + b * 200 + c * 0.5
        let raw = try SequentiallyThresholdedLeastSquares(threshold: 0.01).fit(library, y).toDoubles()
        XCTAssertEqual(raw.map { $0 != 0 }, [false, true, true])
        let scaled = try SequentiallyThresholdedLeastSquares(threshold: 0.01, normalizesColumns: true)
            .fit(library, y.squeezed(axis: 1))
        XCTAssertEqual(scaled.shape, [3])
        let values = scaled.toDoubles()
        XCTAssertEqual(values[0], 1e-3, accuracy: 1e-7)
        XCTAssertEqual(values[1], 200, accuracy: 0.1)
        XCTAssertEqual(values[2], 0)
    }
}
