import Autograd
import Layers
import Tensor
import XCTest

/// What a probe user reads off a fit: convergence, iterations, the two-class symmetry behind λ = 2/(C·n), and whether
/// the tuned penalty sits on the edge of its grid.
final class LogisticProbeTests: XCTestCase {
    private func blobs(separation: Double, count: Int, seed: UInt64) -> (Tensor, Tensor) {
        var g = RandomGenerator(seed: seed)
        let labels = Tensor.randomIntegers([count], high: 2, using: &g)
        let centers = (labels.cast(to: .float64).unsqueezed(axis: 1) * 2 - 1) * separation
        return (Tensor.normal([count, 4], dtype: .float64, using: &g) + centers, labels)
    }

    func testConvergenceIsReportedAndTheTwoColumnsAreOpposite() throws {
        let (features, labels) = blobs(separation: 0.5, count: 300, seed: 1)
        var probe = LogisticProbe(classes: 2, penalty: 0.1)
        probe.fit(features: features, labels: labels)
        XCTAssertTrue(probe.converged)
        XCTAssertGreaterThan(probe.iterations, 0)
        // The penalized minimizer is antisymmetric, W₀ = −W₁ (so the penalty on w = W₁ − W₀ is λ‖w‖²/4).
        let weight = try XCTUnwrap(probe.weight)
        let columnSum = (weight.selected(axis: 1, index: 0) + weight.selected(axis: 1, index: 1)).abs().max().item()
        XCTAssertLessThan(columnSum, 1e-6)
    }

    /// Separable data and a vanishing penalty: the objective has no minimizer, the fit stops at the cap unconverged.
    func testSeparableDataWithTinyPenaltyDoesNotConverge() {
        let (features, labels) = blobs(separation: 4, count: 60, seed: 2)
        var probe = LogisticProbe(classes: 2, penalty: 1e-10)
        probe.maximumIterations = 15
        probe.fit(features: features, labels: labels)
        XCTAssertFalse(probe.converged)
        XCTAssertEqual(probe.iterations, 15)
    }

    /// Labels independent of the features: the largest penalty predicts best, at the edge of the grid.
    func testPenaltyOnGridEdgeIsFlagged() {
        var g = RandomGenerator(seed: 3)
        let features = Tensor.normal([200, 20], dtype: .float64, using: &g)
        let labels = Tensor.randomIntegers([200], high: 2, using: &g)
        var probe = LogisticProbe(classes: 2)
        let chosen = probe.fitTuningPenalty(
            features: features, labels: labels, candidates: [1e-3, 1e-2, 1e-1, 1, 10], using: &g)
        XCTAssertEqual(chosen, 10)
        XCTAssertTrue(probe.penaltyOnGridEdge)
        // With a weak signal in many dimensions the flag is exactly "the choice is an end of the grid".
        let grid = [1e-3, 1e-2, 1e-1, 1, 10, 100]
        for seed in UInt64(4)...6 {
            let (signal, signalLabels) = blobs(separation: 0.3, count: 80, seed: seed)
            let chosen = probe.fitTuningPenalty(features: signal, labels: signalLabels, candidates: grid, using: &g)
            XCTAssertEqual(probe.penaltyOnGridEdge, chosen == grid.first || chosen == grid.last, "chosen \(chosen)")
        }
    }
}
