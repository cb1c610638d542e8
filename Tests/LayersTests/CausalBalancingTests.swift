import Autograd
import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

/// Entropy and kernel balancing, the IPS/DR population-mean estimators, ROC AUC and matrix factorization.
final class CausalBalancingTests: XCTestCase {
    /// Two units with g = (−1, 2) and equal base weights: Σ w g = 0 forces w = (2/3, 1/3), and w₁/w₂ = e^{−3λ} = 2.
    func testEntropyBalancingMatchesTheTwoUnitClosedForm() throws {
        let solution = try EntropyBalancing(ridge: 0).solve(
            deviations: Tensor([-1, 2], shape: [2, 1], dtype: .float64),
            baseWeights: Tensor([1, 1], shape: [2], dtype: .float64))
        assertClose(solution.weights.toDoubles(), [2.0 / 3, 1.0 / 3], relativeTolerance: 1e-12, absoluteTolerance: 0)
        XCTAssertEqual(solution.multipliers.item(), -log(2) / 3, accuracy: 1e-12)
        XCTAssertEqual(solution.effectiveSampleSize, 1 / (4.0 / 9 + 1.0 / 9), accuracy: 1e-12)
    }

    /// Random deviations around a target inside their hull: exact balance with ρ = 0, residual −ρλ with ρ > 0.
    func testEntropyBalancingSatisfiesTheBalanceConstraints() throws {
        var generator = RandomGenerator(seed: 3)
        let g = Tensor.normal([300, 6], dtype: .float64, using: &generator) + 0.3
        let q = Tensor.uniform([300], low: 0.5, high: 2, dtype: .float64, using: &generator)
        let exact = try EntropyBalancing(ridge: 0).solve(deviations: g, baseWeights: q)
        XCTAssertLessThan(exact.gradientNorm, 1e-10)
        XCTAssertLessThan(exact.residual.abs().max().item(), 1e-10, "Σ w g = 0")
        XCTAssertEqual(exact.weights.sum().item(), 1, accuracy: 1e-12)
        XCTAssertGreaterThan(exact.weights.min().item(), 0)
        assertClose(
            g.transposed().matmul(exact.weights), exact.residual, relativeTolerance: 0, absoluteTolerance: 1e-14)
        let relaxed = try EntropyBalancing(ridge: 0.05).solve(deviations: g, baseWeights: q)
        assertClose(relaxed.residual, relaxed.multipliers * -0.05, relativeTolerance: 1e-8, absoluteTolerance: 1e-10)
        XCTAssertGreaterThan(relaxed.residual.abs().max().item(), 1e-4, "the relaxation leaves some imbalance")
        // Balancing moves the weights away from the normalized base weights only as far as the constraints need.
        XCTAssertGreaterThan(relaxed.effectiveSampleSize, exact.effectiveSampleSize)
    }

    /// The balanced observed units reproduce the population's kernel means at every center.
    func testKernelBalancingMatchesThePopulationKernelMeans() throws {
        var generator = RandomGenerator(seed: 5)
        let population = Tensor.normal([2000, 3], dtype: .float64, using: &generator)
        // Observe mostly units with a positive first coordinate: a biased sample.
        let rows = (0..<2000).filter { i in
            let x = population.toDoubles()[3 * i]
            return generator.nextDouble() < (x > 0 ? 0.5 : 0.1)
        }
        let observed = population.indexSelected(axis: 0, indices: Tensor(rows.map(Int64.init), shape: [rows.count]))
        let centers = population.narrowed(axis: 0, start: 0, length: 8)
        let kernel = GaussianKernel(gamma: 0.5)
        let balancing = KernelBalancing(kernel: kernel, centers: centers, balancing: EntropyBalancing(ridge: 0))
        let solution = try balancing.solve(
            observed: observed, population: population,
            baseWeights: Tensor.full([rows.count], value: 1, dtype: .float64))
        let target = kernel.matrix(population, centers).mean(axis: 0)
        assertClose(balancing.kernelMeans(population, chunk: 300), target, relativeTolerance: 1e-12)
        let balanced = kernel.matrix(observed, centers).transposed().matmul(solution.weights)
        assertClose(balanced, target, relativeTolerance: 0, absoluteTolerance: 1e-9)
        let unweighted = kernel.matrix(observed, centers).mean(axis: 0)
        XCTAssertGreaterThan((unweighted - target).abs().max().item(), 1e-2, "the biased sample starts unbalanced")
    }

    /// Exhaustive over the 2⁴ observation patterns: with w = 1/p, E[IPS] and E[DR] (any imputation) are the mean.
    func testInversePropensityAndDoublyRobustAreUnbiasedWithTruePropensities() {
        let errors = [0.3, 1.2, -0.5, 2.0]
        let propensities = [0.2, 0.5, 0.9, 0.6]
        let imputed = [1.0, -0.4, 0.7, 0.1]
        let truth = errors.reduce(0, +) / 4
        var expectedIPS = 0.0
        var expectedDR = 0.0
        var expectedNaive = 0.0
        var nonEmpty = 0.0
        for pattern in 0..<16 {
            let isObserved = (0..<4).map { (pattern >> $0) & 1 == 1 }
            let units = (0..<4).filter { isObserved[$0] }
            var probability = 1.0
            for unit in 0..<4 { probability *= isObserved[unit] ? propensities[unit] : 1 - propensities[unit] }
            let observed = units.map { errors[$0] }
            let weights = units.map { 1 / propensities[$0] }
            expectedIPS +=
                probability * PopulationMeanEstimator.inversePropensity(observed, weights: weights, populationCount: 4)
            expectedDR +=
                probability
                * PopulationMeanEstimator.doublyRobust(
                    observed, imputedObserved: units.map { imputed[$0] }, imputedTotal: imputed.reduce(0, +),
                    weights: weights, populationCount: 4)
            if !units.isEmpty {
                expectedNaive += probability * PopulationMeanEstimator.naive(observed)
                nonEmpty += probability
            }
        }
        XCTAssertEqual(expectedIPS, truth, accuracy: 1e-14)
        XCTAssertEqual(expectedDR, truth, accuracy: 1e-14)
        XCTAssertGreaterThan(abs(expectedNaive / nonEmpty - truth), 0.05, "the naive mean is biased")
        // DR with the exact errors imputed is exact on every pattern.
        XCTAssertEqual(
            PopulationMeanEstimator.doublyRobust(
                [errors[1]], imputedObserved: [errors[1]], imputedTotal: errors.reduce(0, +), weights: [7],
                populationCount: 4), truth, accuracy: 1e-15)
    }

    /// AUC against the brute-force count over all positive–negative pairs, ties ½.
    func testAreaUnderROCMatchesThePairCount() {
        var generator = RandomGenerator(seed: 11)
        for _ in 0..<5 {
            let count = 200
            let scores = (0..<count).map { _ in Double(generator.nextInteger(below: 15)) }  // many ties
            let labels = scores.map { generator.nextDouble() < 0.2 + 0.04 * $0 }
            var wins = 0.0
            var pairs = 0.0
            for p in 0..<count where labels[p] {
                for n in 0..<count where !labels[n] {
                    wins += scores[p] > scores[n] ? 1 : scores[p] == scores[n] ? 0.5 : 0
                    pairs += 1
                }
            }
            XCTAssertEqual(RankingMetrics.areaUnderROC(scores: scores, labels: labels), wins / pairs, accuracy: 1e-12)
        }
        XCTAssertEqual(
            RankingMetrics.areaUnderROC(scores: [0.1, 0.4, 0.35, 0.8], labels: [false, true, false, true]), 1)
        XCTAssertEqual(RankingMetrics.areaUnderROC(scores: [1, 2, 3], labels: [true, false, false]), 0)
        XCTAssertTrue(RankingMetrics.areaUnderROC(scores: [1, 2], labels: [true, true]).isNaN)
    }

    /// The gathered logits are the entries of P·Qᵀ, and a loss on gathered pairs (a pair twice) has the gradient of
    /// the same loss written on the dense matrix.
    func testMatrixFactorizationGatherAgreesWithTheDenseProduct() {
        var generator = RandomGenerator(seed: 2)
        let model = MatrixFactorization(userCount: 5, itemCount: 7, rank: 3, dtype: .float64, using: &generator)
        let users = Tensor([Int64(0), 4, 2, 4, 1], shape: [5])
        let items = Tensor([Int64(6), 0, 3, 0, 2], shape: [5])
        let coefficients = [0.5, -1.0, 2.0, 0.25, 1.5]
        let dense = model.allLogits()
        XCTAssertEqual(dense.shape, [5, 7])
        let gathered = model.logits(users: users, items: items)
        let all = dense.value.toDoubles()
        assertClose(
            gathered.value.toDoubles(),
            (0..<5).map { all[Int(users.scalars(as: Int64.self)[$0]) * 7 + Int(items.scalars(as: Int64.self)[$0])] },
            relativeTolerance: 1e-14)
        (gathered * Variable(Tensor(coefficients, shape: [5], dtype: .float64))).sum().backward()
        let sparseGradients = model.parameters().map { $0.gradient! }
        model.zeroGradients()
        var weightMatrix = [Double](repeating: 0, count: 35)
        for k in 0..<5 {
            weightMatrix[Int(users.scalars(as: Int64.self)[k]) * 7 + Int(items.scalars(as: Int64.self)[k])] +=
                coefficients[k]
        }
        (model.allLogits() * Variable(Tensor(weightMatrix, shape: [5, 7], dtype: .float64))).sum().backward()
        for (sparse, parameter) in zip(sparseGradients, model.parameters()) {
            assertClose(sparse, parameter.gradient!, relativeTolerance: 1e-12, absoluteTolerance: 1e-14)
        }
    }
}
