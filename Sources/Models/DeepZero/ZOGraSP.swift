import Layers
import Tensor

/// DeepZero's ZO-GraSP: GraSP pruning at initialization with the Hessian-gradient product replaced by finite
/// differences of RGE estimates, used only for its layer-wise pruning ratios (the authors' `zoo_grasp_importance_score`
/// and `global_prune`).
///
/// With g₀ = RGE(θ) and g₁ = RGE(θ + μg₀) (q directions each, drawn independently, on the weights only),
/// Hg ≈ (g₁ − g₀)/μ and the score of weight i is −θ_i·(Hg)_i. The weights with the largest |score| over all layers
/// are kept (a fraction `density`); each layer's kept fraction is its density. Training then draws random masks with
/// these layer-wise densities (biases always estimated).
enum ZOGraSP {
    /// The kept fraction of each weight block (`weightRanges`, in θ) after global pruning to `density`.
    static func layerDensities(
        objective: MLPObjective, at parameters: Tensor, weightRanges: [Range<Int>], density: Double,
        directions: Int, smoothing: Double, using generator: inout RandomGenerator
    ) -> [Double] {
        let weights = CoordinateMask(
            parameterCount: objective.parameterCount, indices: weightRanges.flatMap { Array($0) })
        let estimator = RandomGradientEstimator(directionCount: directions, smoothing: smoothing)
        let g0 = estimator.estimate(objective, at: parameters, mask: weights, using: &generator)
        let g1 = estimator.estimate(objective, at: parameters + g0 * smoothing, mask: weights, using: &generator)
        let hessianGradient = (g1 - g0) / smoothing
        let scores = (parameters * hessianGradient).abs().toDoubles()  // |−θ ⊙ Hg|
        let keep = Int((density * Double(weights.count)).rounded())
        let ranked = weights.indices.sorted { scores[$0] > scores[$1] }
        let kept = CoordinateMask(parameterCount: objective.parameterCount, indices: Array(ranked.prefix(keep)))
        return weightRanges.map { Double(kept.count(in: $0)) / Double($0.count) }
    }
}
