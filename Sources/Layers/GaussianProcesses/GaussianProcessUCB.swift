import Autograd
import Foundation
import Tensor

/// GP-UCB for a bandit over a discrete arm set (Srinivas, Krause, Kakade & Seeger, 2010): the reward of an arm with
/// features a is modelled by a GP; the next arm maximizes μ(a) + √β_t·σ(a), the posterior mean and standard deviation
/// given the rewards seen so far. Contextual bandits pass, each round, the arms' features joined with the context.
public struct GaussianProcessUCB {
    public let kernel: any StationaryKernel
    /// σ_n², the variance of a reward around its mean.
    public let noiseVariance: Double

    public init(kernel: any StationaryKernel, noiseVariance: Double) {
        precondition(noiseVariance > 0, "GaussianProcessUCB: the noise variance must be positive, got \(noiseVariance)")
        self.kernel = kernel
        self.noiseVariance = noiseVariance
    }

    /// β_t = 2·log(|A|·t²·π²/(6δ)), the exploration weight of Srinivas et al.'s Theorem 1 (finite arm set): with
    /// probability 1 − δ the regret is O*(√(T·β_T·γ_T)). `round` t counts from 1.
    public static func explorationWeight(round: Int, armCount: Int, failureProbability delta: Double) -> Double {
        precondition(
            round >= 1 && armCount >= 1 && delta > 0 && delta < 1,
            "GaussianProcessUCB.explorationWeight: needs round ≥ 1, armCount ≥ 1, δ in (0, 1), got \(round), \(armCount), \(delta)"
        )
        let t = Double(round)
        return 2 * Foundation.log(Double(armCount) * t * t * Double.pi * Double.pi / (6 * delta))
    }

    /// μ(a) + √β·σ(a) `[A]` for the candidate arms `[A, D]`, given the observed arms `[n, D]` and their rewards
    /// `[n]`. The GP models the rewards minus their mean (the prior mean is the mean reward; 0 with no rewards).
    /// - Throws: `LinearAlgebraError` when the observed covariance is not positive definite.
    public func scores(candidates: Tensor, observed: Tensor, rewards: Tensor, explorationWeight beta: Double) throws
        -> Tensor
    {
        precondition(
            candidates.rank == 2 && observed.rank == 2 && observed.shape[1] == candidates.shape[1] && rewards.rank == 1
                && rewards.shape[0] == observed.shape[0],
            "GaussianProcessUCB.scores: candidates [A, D], observed [n, D] and rewards [n] expected, got "
                + "\(candidates.shape), \(observed.shape), \(rewards.shape)")
        precondition(beta >= 0, "GaussianProcessUCB.scores: β must be non-negative, got \(beta)")
        return try withoutGradients {
            guard observed.shape[0] > 0 else {
                let prior = kernel.value(at: Tensor.zeros(candidates.shape, dtype: candidates.dtype)).value
                return prior.sqrt() * beta.squareRoot()
            }
            let offset = rewards.mean().item()
            let regression = try GaussianProcessRegression(
                kernel: kernel, inputs: observed, targets: rewards - offset,
                noiseVariance: Variable(Tensor(scalar: noiseVariance, dtype: candidates.dtype)))
            let mean = regression.posteriorMean(at: candidates).value + offset
            let deviation = regression.posteriorVariance(at: candidates).value.clamped(min: 0).sqrt()
            return mean + deviation * beta.squareRoot()
        }
    }

    /// The index of the candidate with the largest upper confidence bound (the first of ties).
    public func select(candidates: Tensor, observed: Tensor, rewards: Tensor, explorationWeight beta: Double) throws
        -> Int
    {
        let values = try scores(candidates: candidates, observed: observed, rewards: rewards, explorationWeight: beta)
            .toDoubles()
        return values.indices.max { values[$0] < values[$1] || (values[$0] == values[$1] && $0 > $1) }!
    }
}
