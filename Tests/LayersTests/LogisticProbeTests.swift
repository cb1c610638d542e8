import Autograd
import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

/// What a probe user reads off a fit: the one-vector binary objective behind λ = 1/(C·n), convergence and iterations,
/// stratified folds, the warm-started path, and whether the tuned penalty sits on the edge of its grid.
final class LogisticProbeTests: XCTestCase {
    private func blobs(separation: Double, count: Int, seed: UInt64) -> (Tensor, Tensor) {
        var g = RandomGenerator(seed: seed)
        let labels = Tensor.randomIntegers([count], high: 2, using: &g)
        let centers = (labels.cast(to: .float64).unsqueezed(axis: 1) * 2 - 1) * separation
        return (Tensor.normal([count, 4], dtype: .float64, using: &g) + centers, labels)
    }

    /// The two-class probe is binary logistic regression with one weight vector: it matches an independent Newton
    /// solve of mean log(1 + e^{−ỹ(x·w + b)}) + ½λ‖w‖² (scikit-learn's objective at C = 1/(λn)).
    func testBinaryProbeMatchesNewtonOnTheOneVectorObjective() throws {
        let (features, labels) = blobs(separation: 0.5, count: 300, seed: 1)
        let lambda = 0.05
        var probe = LogisticProbe(classes: 2, penalty: lambda)
        probe.fit(features: features, labels: labels)
        XCTAssertTrue(probe.converged)
        XCTAssertGreaterThan(probe.iterations, 0)
        let weight = try XCTUnwrap(probe.weight)
        XCTAssertEqual(weight.shape, [4, 1])
        XCTAssertEqual(probe.bias?.shape, [1])
        // Newton on θ = (w, b) with the design [X, 1]; the bias is not penalized.
        let n = Double(features.shape[0])
        let design = Tensor.concatenated([features, Tensor.ones([300, 1], dtype: .float64)], axis: 1)
        let y = labels.cast(to: .float64).unsqueezed(axis: 1)
        var penalty = Tensor.eye(5, dtype: .float64) * lambda
        penalty = penalty.updated(
            at: { $0.narrowed(axis: 0, start: 4, length: 1) }, with: Tensor.zeros([1, 5], dtype: .float64))
        var theta = Tensor.zeros([5, 1], dtype: .float64)
        for _ in 0..<30 {
            let p = design.matmul(theta).sigmoid()
            let gradient = design.transposed().matmul(p - y) / n + penalty.matmul(theta)
            let hessian = design.transposed().matmul(design * (p * (1 - p))) / n + penalty
            theta = theta - (try Linalg.solve(hessian, gradient))
        }
        assertClose(
            weight, theta.narrowed(axis: 0, start: 0, length: 4), relativeTolerance: 1e-5, absoluteTolerance: 1e-6)
        assertClose(
            probe.bias!, theta.narrowed(axis: 0, start: 4, length: 1).reshaped([1]), relativeTolerance: 1e-6,
            absoluteTolerance: 1e-6)
        // logits are [0, x·w + b].
        let logits = probe.logits(features: features)
        XCTAssertEqual(logits.shape, [300, 2])
        XCTAssertEqual(logits.selected(axis: 1, index: 0).abs().max().item(), 0)
    }

    /// Stratified folds partition the rows, and each class is spread over the folds within one row.
    func testStratifiedFoldsPartitionTheRowsAndBalanceTheClasses() {
        var g = RandomGenerator(seed: 9)
        let labels = Tensor((0..<53).map { Int64($0 % 7 == 0 ? 2 : $0 % 3 == 0 ? 1 : 0) })
        let splits = LogisticProbe.splits(labels: labels, classes: 3, validation: .stratifiedFolds(5), using: &g)
        XCTAssertEqual(splits.count, 5)
        var seen = [Int](repeating: 0, count: 53)
        let label = labels.toDoubles().map { Int($0) }
        for (training, validation) in splits {
            let rows = validation.toDoubles().map { Int($0) }
            XCTAssertEqual(training.shape[0] + validation.shape[0], 53)
            XCTAssertTrue(Set(rows).isDisjoint(with: Set(training.toDoubles().map { Int($0) })))
            for row in rows { seen[row] += 1 }
            for c in 0..<3 {
                let total = label.filter { $0 == c }.count
                let inFold = rows.filter { label[$0] == c }.count
                XCTAssertLessThanOrEqual(Swift.abs(Double(inFold) - Double(total) / 5), 1, "class \(c)")
            }
        }
        XCTAssertEqual(seen, [Int](repeating: 1, count: 53))
    }

    /// The path runs from the largest penalty down, warm-started: the weights grow as λ falls, and the warm-started
    /// path needs fewer iterations in all than cold fits at the same penalties.
    func testRegularizationPathIsWarmStarted() {
        let (features, labels) = blobs(separation: 0.5, count: 300, seed: 5)
        let penalties = (0..<8).map { Foundation.pow(10, -3 + Double($0) / 2) }
        var probe = LogisticProbe(classes: 2)
        let path = probe.regularizationPath(features: features, labels: labels, penalties: penalties)
        XCTAssertEqual(path.map(\.penalty), penalties.sorted(by: >))
        let norms = path.map { $0.weight.norm().item() }
        for (larger, smaller) in zip(norms, norms.dropFirst()) { XCTAssertLessThan(larger, smaller) }
        XCTAssertEqual(probe.penalty, penalties.min())
        let cold = penalties.map { lambda -> Int in
            var fresh = LogisticProbe(classes: 2, penalty: lambda)
            fresh.fit(features: features, labels: labels)
            return fresh.iterations
        }
        XCTAssertLessThan(path.map(\.iterations).reduce(0, +), cold.reduce(0, +))
        XCTAssertTrue(path.allSatisfy(\.converged))
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

    /// Labels independent of the features: the largest penalty has the lowest validation loss, at the edge of the grid.
    func testPenaltyOnGridEdgeIsFlagged() {
        var g = RandomGenerator(seed: 3)
        let features = Tensor.normal([200, 20], dtype: .float64, using: &g)
        let labels = Tensor.randomIntegers([200], high: 2, using: &g)
        var probe = LogisticProbe(classes: 2)
        let chosen = probe.fitTuningPenalty(
            features: features, labels: labels, candidates: [1e-3, 1e-2, 1e-1, 1, 10], score: .loss, using: &g)
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
