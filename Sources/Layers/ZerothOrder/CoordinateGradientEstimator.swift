import Tensor

/// Coordinate-wise gradient estimation (CGE, DeepZero's Eq. 2): one forward difference per kept coordinate,
///
///     ĝ_i = [ℓ(θ + μ e_i) − ℓ(θ)] / μ   for i ∈ S,   ĝ_i = 0 outside S,
///
/// with S the mask's coordinates (all of them by default). It costs |S| + 1 queries, is deterministic, and errs by
/// O(μ): ĝ_i = ∂_iℓ(θ) + (μ/2)·∂²_iℓ(θ) + O(μ²).
///
/// The perturbed copies θ + μe_i go to the objective `batchSize` at a time. On a `LayeredObjective`,
/// `estimate(_:at:mask:reusingFeatures:)` groups the coordinates by layer; with `reusingFeatures` the layers below the
/// perturbed one are computed once at θ and shared by all its queries (DeepZero's feature reuse).
///
/// ```swift
/// let objective = ClosureObjective(parameterCount: 2) { θ in (θ * θ).sum().item() }   // ℓ = ‖θ‖²
/// let g = CoordinateGradientEstimator(smoothing: 1e-6)
///     .estimate(objective, at: Tensor([1.0, -2.0]))                                    // ≈ [2, −4]
/// ```
public struct CoordinateGradientEstimator: Sendable {
    /// μ, the finite-difference step.
    public var smoothing: Double
    /// The number of perturbed copies per objective call.
    public var batchSize: Int

    public init(smoothing: Double = 5e-3, batchSize: Int = 256) {
        precondition(smoothing > 0, "CoordinateGradientEstimator: smoothing must be positive, got \(smoothing)")
        precondition(batchSize > 0, "CoordinateGradientEstimator: batchSize must be positive, got \(batchSize)")
        self.smoothing = smoothing
        self.batchSize = batchSize
    }

    /// ĝ `[P]` at θ `[P]`, every query a whole parameter vector.
    public func estimate(
        _ objective: some ZerothOrderObjective, at parameters: Tensor, mask: CoordinateMask? = nil
    ) -> Tensor {
        objective.checkParameters(parameters, "CoordinateGradientEstimator.estimate")
        let mask = checked(mask, objective.parameterCount)
        let base = objective.loss(at: parameters)
        var values: [Double] = []
        values.reserveCapacity(mask.count)
        for chunk in chunks(mask.indices[...]) {
            let copies = perturbed(parameters, at: chunk.map { $0 })
            values += objective.losses(at: copies).toDoubles().map { ($0 - base) / smoothing }
        }
        return mask.scattered(values, dtype: objective.dtype)
    }

    /// ĝ `[P]` at θ `[P]` layer by layer: each query replaces one layer's block; with `reusingFeatures` it starts
    /// from that layer's input at θ instead of the data. Both give the same estimate.
    public func estimate(
        _ objective: some LayeredObjective, at parameters: Tensor, mask: CoordinateMask? = nil,
        reusingFeatures: Bool
    ) -> Tensor {
        objective.checkParameters(parameters, "CoordinateGradientEstimator.estimate")
        let mask = checked(mask, objective.parameterCount)
        let ranges = objective.layerRanges
        precondition(
            ranges.first?.lowerBound == 0 && ranges.last?.upperBound == objective.parameterCount
                && zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound },
            "CoordinateGradientEstimator: layer ranges \(ranges) do not tile 0..<\(objective.parameterCount)")
        let base = objective.loss(at: parameters)
        let inputs = reusingFeatures ? objective.layerInputs(at: parameters) : nil
        var values: [Double] = []
        values.reserveCapacity(mask.count)
        var next = 0  // the first coordinate of the mask not yet estimated
        for (layer, range) in ranges.enumerated() {
            let end = mask.indices[next...].firstIndex { $0 >= range.upperBound } ?? mask.count
            let block = parameters.narrowed(axis: 0, start: range.lowerBound, length: range.count)
            for chunk in chunks(mask.indices[next..<end]) {
                let copies = perturbed(block, at: chunk.map { $0 - range.lowerBound })
                let losses = objective.losses(replacing: layer, with: copies, at: parameters, reusing: inputs?[layer])
                values += losses.toDoubles().map { ($0 - base) / smoothing }
            }
            next = end
        }
        return mask.scattered(values, dtype: objective.dtype)
    }

    /// K = `coordinates.count` copies of `vector` `[m]` with μ added to coordinate `coordinates[k]` of copy k: `[K, m]`.
    private func perturbed(_ vector: Tensor, at coordinates: [Int]) -> Tensor {
        let count = coordinates.count
        let steps = Tensor.zeros([count, vector.shape[0]], dtype: vector.dtype).scatterAdded(
            axis: 1, indices: Tensor(coordinates.map(Int64.init), shape: [count, 1]),
            source: Tensor.full([count, 1], value: smoothing, dtype: vector.dtype))
        return steps + vector
    }

    private func chunks(_ indices: ArraySlice<Int>) -> [ArraySlice<Int>] {
        stride(from: indices.startIndex, to: indices.endIndex, by: batchSize).map {
            indices[$0..<Swift.min($0 + batchSize, indices.endIndex)]
        }
    }

    private func checked(_ mask: CoordinateMask?, _ parameterCount: Int) -> CoordinateMask {
        guard let mask else { return .all(parameterCount) }
        precondition(
            mask.parameterCount == parameterCount,
            "CoordinateGradientEstimator: a mask of \(mask.parameterCount) coordinates for \(parameterCount) parameters"
        )
        return mask
    }
}
