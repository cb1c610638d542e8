import Tensor

/// Randomized (vector-wise) gradient estimation (RGE, DeepZero's Eq. 1): q random directions u_j, one forward
/// difference along each,
///
///     ĝ = (φ / q) Σ_j [ℓ(θ + μ u_j) − ℓ(θ)] / μ · u_j.
///
/// The directions live on the mask's coordinates S (all by default) and are zero elsewhere: Gaussian u ~ N(0, I_S)
/// with φ = 1, or uniform on the unit sphere of ℝ^S with φ = |S|. Either way E ĝ = ∇ℓ_μ(θ) on S, the gradient of the
/// smoothed loss ℓ_μ(θ) = E ℓ(θ + μv) (v ~ N(0, I_S), or uniform in the unit ball of ℝ^S): RGE is unbiased for the
/// smoothed gradient, with a variance of order (|S|/q)·‖∇ℓ‖². It costs q + 1 queries, sent `batchSize` at a time.
///
/// ```swift
/// var generator = RandomGenerator(seed: 0)
/// let objective = ClosureObjective(parameterCount: 2) { θ in (θ * θ).sum().item() }
/// let g = RandomGradientEstimator(directionCount: 1000, smoothing: 1e-3)
///     .estimate(objective, at: Tensor([1.0, -2.0]), using: &generator)                // ≈ [2, −4] ± 0.2
/// ```
public struct RandomGradientEstimator: Sendable {
    /// The distribution of the directions.
    public enum Direction: Sendable {
        /// u ~ N(0, I_S).
        case gaussian
        /// u uniform on the unit sphere of ℝ^S (the estimate is scaled by |S|).
        case sphere
    }

    /// q, the number of directions.
    public var directionCount: Int
    /// μ, the finite-difference step.
    public var smoothing: Double
    public var direction: Direction
    /// The number of perturbed copies per objective call.
    public var batchSize: Int

    public init(directionCount: Int, smoothing: Double = 5e-3, direction: Direction = .gaussian, batchSize: Int = 256) {
        precondition(
            directionCount > 0, "RandomGradientEstimator: directionCount must be positive, got \(directionCount)")
        precondition(smoothing > 0, "RandomGradientEstimator: smoothing must be positive, got \(smoothing)")
        precondition(batchSize > 0, "RandomGradientEstimator: batchSize must be positive, got \(batchSize)")
        self.directionCount = directionCount
        self.smoothing = smoothing
        self.direction = direction
        self.batchSize = batchSize
    }

    /// ĝ `[P]` at θ `[P]`; the directions are drawn from `generator`.
    public func estimate(
        _ objective: some ZerothOrderObjective, at parameters: Tensor, mask: CoordinateMask? = nil,
        using generator: inout RandomGenerator
    ) -> Tensor {
        objective.checkParameters(parameters, "RandomGradientEstimator.estimate")
        let parameterCount = objective.parameterCount
        let mask = mask ?? .all(parameterCount)
        precondition(
            mask.parameterCount == parameterCount,
            "RandomGradientEstimator: a mask of \(mask.parameterCount) coordinates for \(parameterCount) parameters")
        precondition(mask.count > 0, "RandomGradientEstimator: the mask keeps no coordinate")
        let dtype = objective.dtype
        let kept = mask.count
        let scale = (direction == .sphere ? Double(kept) : 1) / (smoothing * Double(directionCount))
        let dense = kept == parameterCount
        let columns = Tensor(mask.indices.map(Int64.init), shape: [1, kept])
        let base = objective.loss(at: parameters)
        var sum = Tensor.zeros([1, kept], dtype: dtype)
        for start in stride(from: 0, to: directionCount, by: batchSize) {
            let count = Swift.min(batchSize, directionCount - start)
            var u = Tensor.normal([count, kept], dtype: dtype, using: &generator)  // [K, |S|]
            if direction == .sphere { u = u / u.norm(axes: [1], keepDims: true) }
            let full =
                dense
                ? u
                : Tensor.zeros([count, parameterCount], dtype: dtype).scatterAdded(
                    axis: 1, indices: columns.expanded(to: [count, kept]).contiguous(), source: u)
            let losses = objective.losses(at: full * smoothing + parameters).toDoubles()
            let weights = Tensor(losses.map { ($0 - base) * scale }, shape: [1, count], dtype: dtype)
            sum = sum + weights.matmul(u)
        }
        return mask.scattered(sum.toDoubles(), dtype: dtype)
    }
}
