import Autograd
import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

final class GaussianProcessPriorAndBanditTests: XCTestCase {
    /// The log-normal prior in the log domain is a normalized density (its integral over θ is 1), and the weight
    /// domain differs from it by the log-Jacobian Σ log w; the Jeffreys prior is flat in θ and ∝ 1/w in w.
    func testPriorsObeyTheChangeOfVariables() {
        let prior = LogWeightPrior.logNormal(mean: -1, standardDeviation: 0.7)
        let theta = Tensor.linspace(-9, 7, count: 4001, dtype: .float64)
        let densities = theta.toDoubles().map {
            Foundation.exp(-prior.negativeLogDensity(logWeights: Variable(Tensor.f64([$0], [1]))).item())
        }
        let step = 16.0 / 4000
        let integral = densities.reduce(0, +) * step - 0.5 * step * (densities.first! + densities.last!)
        XCTAssertEqual(integral, 1, accuracy: 1e-9)
        let weights = Tensor.f64([0.3, 1.7, 0.05], [3])
        for prior in [prior, LogWeightPrior.jeffreys] {
            let inWeights = prior.negativeLogDensity(weights: Variable(weights)).item()
            let inLogs = prior.negativeLogDensity(logWeights: Variable(weights.log())).item()
            XCTAssertEqual(inWeights - inLogs, weights.log().sum().item(), accuracy: 1e-12)
        }
        XCTAssertEqual(LogWeightPrior.jeffreys.negativeLogDensity(logWeights: Variable(weights.log())).item(), 0)
        let gradient = checkGradients(at: [weights], order: 2) { v in prior.negativeLogDensity(weights: v[0]) }
        XCTAssert(gradient.passed, "\(gradient)")
    }

    /// β_t by its formula; with no data every arm ties and the first is chosen; scores are μ + √β·σ of the reward
    /// GP; β = 0 exploits the best observed region, a large β explores an unobserved one.
    func testUpperConfidenceBoundSelection() throws {
        XCTAssertEqual(
            GaussianProcessUCB.explorationWeight(round: 3, armCount: 10, failureProbability: 0.1),
            2 * Foundation.log(10 * 9 * Double.pi * Double.pi / 0.6), accuracy: 1e-12)
        let arms = Tensor.linspace(0, 1, count: 11, dtype: .float64).unsqueezed(axis: 1)
        let bandit = GaussianProcessUCB(kernel: SquaredExponentialKernel(lengthscales: [0.1]), noiseVariance: 1e-4)
        let none = Tensor.zeros([0, 1], dtype: .float64)
        XCTAssertEqual(
            try bandit.select(
                candidates: arms, observed: none, rewards: Tensor.zeros([0], dtype: .float64), explorationWeight: 2), 0)
        let observed = Tensor.f64([0.0, 0.1, 0.2, 0.3], [4, 1])
        let rewards = Tensor.f64([0.1, 0.9, 0.4, 0.2], [4])
        XCTAssertEqual(
            try bandit.select(candidates: arms, observed: observed, rewards: rewards, explorationWeight: 0), 1)
        XCTAssertGreaterThanOrEqual(
            try bandit.select(candidates: arms, observed: observed, rewards: rewards, explorationWeight: 100), 5)
        let regression = try GaussianProcessRegression(
            kernel: bandit.kernel, inputs: observed, targets: rewards - rewards.mean().item(),
            noiseVariance: Variable(Tensor(scalar: 1e-4, dtype: .float64)))
        let expected =
            regression.posteriorMean(at: arms).value + rewards.mean().item()
            + regression.posteriorVariance(at: arms).value.clamped(min: 0).sqrt() * 2
        assertClose(
            try bandit.scores(candidates: arms, observed: observed, rewards: rewards, explorationWeight: 4), expected,
            relativeTolerance: 1e-12, absoluteTolerance: 1e-12)
    }
}
