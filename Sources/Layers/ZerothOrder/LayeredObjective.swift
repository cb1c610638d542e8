import Tensor

/// A zeroth-order objective computed layer by layer, ℓ(θ) = L(f_{S−1}(… f_0(x; θ_0) …; θ_{S−1})), whose parameter
/// vector is the concatenation of the layers' blocks θ_s (contiguous ranges of θ, in order).
///
/// A perturbation inside block s leaves the layers before s unchanged, so their outputs at θ can be computed once
/// and reused by every query that perturbs layer s (DeepZero's feature reuse): such a query costs the layers s, …,
/// S − 1 instead of the whole network. `CoordinateGradientEstimator.estimate(_:at:mask:reusingFeatures:)` uses it.
public protocol LayeredObjective: ZerothOrderObjective {
    /// The block of θ each layer owns, in order; together they cover 0..<P.
    var layerRanges: [Range<Int>] { get }

    /// The input of every layer at θ `[P]`: entry s is what layer s receives (entry 0 is the data), shared by every
    /// query that perturbs only layer s or later.
    func layerInputs(at parameters: Tensor) -> [Tensor]

    /// The losses `[K]` of K copies of θ `[P]` whose block of `layer` is replaced by the rows of `blocks`
    /// `[K, |θ_layer|]`.
    ///
    /// With `reusing` (the layer's entry of `layerInputs(at: parameters)`) the copies start at `layer` from that
    /// shared input; without it each copy runs the whole network from the data, as an estimator that knows nothing
    /// of the layers would. Both give the same losses.
    func losses(replacing layer: Int, with blocks: Tensor, at parameters: Tensor, reusing input: Tensor?) -> Tensor
}
