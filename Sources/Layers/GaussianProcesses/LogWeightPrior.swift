import Autograd
import Foundation
import Tensor

/// A prior on positive weights w (mixture weights, signal variances) that are estimated in the log domain,
/// θ = log w. By the change of variables p_θ(θ) = p_w(eᶿ)·eᶿ:
/// - `.logNormal(mean: m, standardDeviation: s)`: θ ~ N(m, s²), so −log p_θ(θ) = (θ − m)²/(2s²) + log(s√(2π));
/// - `.jeffreys`: p_w(w) ∝ 1/w (improper, scale invariant), so p_θ is flat: estimating log-weights without a prior
///   term is MAP under the Jeffreys prior (GP-HM's reading, whose sparsity comes from the likelihood's log det).
public enum LogWeightPrior: Sendable {
    case logNormal(mean: Double, standardDeviation: Double)
    case jeffreys

    /// −log p_θ(θ) summed over the log-weights θ (any shape) `[]`; the Jeffreys prior's is 0 (up to its constant).
    public func negativeLogDensity(logWeights: Variable) -> Variable {
        switch self {
        case .logNormal(let mean, let deviation):
            precondition(
                deviation > 0, "LogWeightPrior.logNormal: the standard deviation must be positive, got \(deviation)")
            let constant = Double(logWeights.count) * Foundation.log(deviation * (2 * Double.pi).squareRoot())
            return ((logWeights - mean).square() / (2 * deviation * deviation)).sum() + constant
        case .jeffreys:
            return (logWeights * 0).sum()
        }
    }

    /// −log p_w(w) summed over positive weights w `[]`: the log-domain density minus the log-Jacobian Σ log w.
    public func negativeLogDensity(weights: Variable) -> Variable {
        let logWeights = weights.log()
        return negativeLogDensity(logWeights: logWeights) + logWeights.sum()
    }
}
