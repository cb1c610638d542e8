import Foundation
import Layers
import Tensor

/// The wall clock of one full CGE step (every coordinate, one batch) with and without feature reuse, and the largest
/// difference between the two estimates (they compute the same finite differences).
struct FeatureReuseTiming {
    /// Seconds per full CGE step: each query recomputes the network from the data (weights of the layers below the
    /// perturbed one shared, so one GEMM per layer over all copies).
    var plainSeconds: Double
    /// Seconds per full CGE step starting each query at the perturbed layer's cached input.
    var reuseSeconds: Double
    /// Seconds for the estimator that knows no layers: every copy's every layer batched per copy.
    var allCopiesSeconds: Double
    var largestDifference: Double

    var speedup: Double { plainSeconds / reuseSeconds }

    /// Times `repeats` alternating plain and reuse steps (after one untimed warm-up of each) at the MLP's parameters.
    static func measure(_ mlp: MLP, batch: (inputs: Tensor, labels: Tensor), smoothing: Double, repeats: Int)
        -> FeatureReuseTiming
    {
        let objective = MLPObjective(
            mlp, inputs: batch.inputs, loss: DeepZeroTraining.crossEntropy(labels: batch.labels))
        let parameters = ParameterVector(mlp).flattened()
        let estimator = CoordinateGradientEstimator(smoothing: smoothing)
        let plain = estimator.estimate(objective, at: parameters, reusingFeatures: false)
        let reused = estimator.estimate(objective, at: parameters, reusingFeatures: true)
        var plainSeconds = 0.0
        var reuseSeconds = 0.0
        for _ in 0..<repeats {
            plainSeconds += seconds { _ = estimator.estimate(objective, at: parameters, reusingFeatures: false) }
            reuseSeconds += seconds { _ = estimator.estimate(objective, at: parameters, reusingFeatures: true) }
        }
        var allCopies = plain
        let allCopiesSeconds = seconds { allCopies = estimator.estimate(objective, at: parameters) }
        let largest = max((plain - reused).abs().max().item(), (allCopies - reused).abs().max().item())
        return FeatureReuseTiming(
            plainSeconds: plainSeconds / Double(repeats), reuseSeconds: reuseSeconds / Double(repeats),
            allCopiesSeconds: allCopiesSeconds, largestDifference: largest)
    }

    private static func seconds(_ body: () -> Void) -> Double {
        let start = Date()
        body()
        return Date().timeIntervalSince(start)
    }
}
