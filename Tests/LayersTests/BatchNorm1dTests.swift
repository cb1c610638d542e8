import Autograd
import Layers
import Tensor
import TestSupport
import XCTest

/// BatchNorm1d: batch statistics and running-statistic updates in training, running statistics in evaluation,
/// against hand computation; gradients in both modes.
final class BatchNorm1dTests: XCTestCase {
    /// Per-channel mean and population variance of `[N, C, L]` (or `[N, C]`) values, by loops.
    private func statistics(_ x: Tensor) -> (mean: [Double], variance: [Double], count: Int) {
        let values = x.toDoubles()
        let (n, c) = (x.shape[0], x.shape[1])
        let length = x.rank == 3 ? x.shape[2] : 1
        var mean = [Double](repeating: 0, count: c)
        var variance = [Double](repeating: 0, count: c)
        for channel in 0..<c {
            var entries: [Double] = []
            for batch in 0..<n {
                for t in 0..<length { entries.append(values[(batch * c + channel) * length + t]) }
            }
            mean[channel] = entries.reduce(0, +) / Double(entries.count)
            variance[channel] =
                entries.reduce(0) { $0 + ($1 - mean[channel]) * ($1 - mean[channel]) } / Double(entries.count)
        }
        return (mean, variance, n * length)
    }

    /// (x − m_c)/√(v_c + ε)·γ_c + β_c by loops.
    private func normalized(
        _ x: Tensor, mean: [Double], variance: [Double], gamma: [Double], beta: [Double], epsilon: Double
    )
        -> [Double]
    {
        let values = x.toDoubles()
        let c = x.shape[1]
        let length = x.rank == 3 ? x.shape[2] : 1
        return values.enumerated().map { i, v in
            let channel = (i / length) % c
            return (v - mean[channel]) / (variance[channel] + epsilon).squareRoot() * gamma[channel] + beta[channel]
        }
    }

    func testTrainingUsesBatchStatisticsAndUpdatesRunningStatistics() {
        for shape in [[4, 3, 5], [6, 3]] {
            let norm = BatchNorm1d(featureCount: 3, epsilon: 1e-4, momentum: 0.2, dtype: .float64)
            let gamma = [1.5, -0.5, 2.0]
            let beta = [0.1, 0.2, -0.3]
            norm.weight!.assign(Tensor(gamma))
            norm.bias!.assign(Tensor(beta))
            var runningMean = [0.0, 0, 0]
            var runningVariance = [1.0, 1, 1]
            for step in 0..<3 {
                let x = layoutVariant("permuted", of: LayerTesting.values(shape, seed: Double(step))) * Double(step + 1)
                let (mean, variance, count) = statistics(x)
                assertClose(
                    norm(Variable(x)).value,
                    normalized(x, mean: mean, variance: variance, gamma: gamma, beta: beta, epsilon: 1e-4),
                    shape: shape, relativeTolerance: 1e-12, absoluteTolerance: 1e-12, "step \(step) \(shape)")
                for c in 0..<3 {
                    runningMean[c] = 0.8 * runningMean[c] + 0.2 * mean[c]
                    runningVariance[c] =
                        0.8 * runningVariance[c] + 0.2 * variance[c] * Double(count) / Double(count - 1)
                }
                assertClose(norm.runningMean.value, runningMean, relativeTolerance: 1e-14, absoluteTolerance: 1e-14)
                assertClose(
                    norm.runningVariance.value, runningVariance, relativeTolerance: 1e-14, absoluteTolerance: 1e-14)
            }
            norm.eval()
            let statistics = norm.runningMean.value.toDoubles()
            let x = LayerTesting.values(shape, seed: 9)
            assertClose(
                norm(Variable(x)).value,
                normalized(x, mean: runningMean, variance: runningVariance, gamma: gamma, beta: beta, epsilon: 1e-4),
                relativeTolerance: 1e-12, absoluteTolerance: 1e-12, "eval \(shape)")
            XCTAssertEqual(norm.runningMean.value.toDoubles(), statistics, "evaluation leaves the statistics alone")
        }
    }

    func testRunningStatisticsAreFrozenParameters() {
        let norm = BatchNorm1d(featureCount: 4)
        XCTAssertEqual(norm.namedParameters().map(\.name), ["weight", "bias", "runningMean", "runningVariance"])
        XCTAssertEqual(norm.trainableParameters().count, 2)
        norm(Variable(LayerTesting.values([5, 4], seed: 1, dtype: .float32))).sum().backward()
        XCTAssertNil(norm.runningMean.gradient)
        XCTAssertNotNil(norm.weight!.gradient)
        XCTAssertEqual(
            BatchNorm1d(featureCount: 2, affine: false).namedParameters().map(\.name),
            ["runningMean", "runningVariance"])
    }

    func testGradientsInTrainingAndEvaluation() {
        let norm = BatchNorm1d(featureCount: 3, dtype: .float64)
        let x = layoutVariant("stepped", of: LayerTesting.values([4, 3, 2], seed: 2))
        let parameters = [LayerTesting.values([3], seed: 3), LayerTesting.values([3], seed: 4)]
        assertGradients(at: [x] + parameters, orders: [1, 2]) { v in
            norm(v[0], weight: v[1], bias: v[2]).tanh()
        }
        norm.eval()
        assertGradients(at: [x] + parameters) { v in norm(v[0], weight: v[1], bias: v[2]).tanh() }
    }
}
