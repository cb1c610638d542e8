import Tensor

/// A loss ℓ(θ) that a zeroth-order estimator may only query: values at parameter vectors θ ∈ ℝᴾ, never gradients.
///
/// Queries come in batches: `losses(at:)` takes K parameter vectors `[K, P]` and returns their K losses `[K]`, so an
/// objective that can evaluate many perturbed models at once (one batched product per layer, as `MLPObjective`
/// does) serves a whole batch of perturbations in one call. `ClosureObjective` wraps any one-vector loss.
public protocol ZerothOrderObjective {
    /// P, the length of θ.
    var parameterCount: Int { get }
    /// The dtype of θ (and of the losses).
    var dtype: DType { get }
    /// The losses `[K]` at the K parameter vectors `[K, P]`.
    func losses(at parameters: Tensor) -> Tensor
}

extension ZerothOrderObjective {
    /// ℓ(θ) at one parameter vector `[P]`.
    public func loss(at parameters: Tensor) -> Double {
        losses(at: parameters.unsqueezed(axis: 0)).item()
    }

    /// Stops with a message naming `op` unless `parameters` is a `[P]` vector of the objective's dtype.
    func checkParameters(_ parameters: Tensor, _ op: String) {
        precondition(
            parameters.shape == [parameterCount] && parameters.dtype == dtype,
            "\(op): θ is \(parameters.dtype) \(parameters.shape), the objective takes \(dtype) [\(parameterCount)]")
    }
}

/// A zeroth-order objective from a closure over one parameter vector `[P]` (any model: assign θ, run it, return the
/// loss); a batch of queries is evaluated one row after the other.
public struct ClosureObjective: ZerothOrderObjective {
    public let parameterCount: Int
    public let dtype: DType
    private let loss: (Tensor) -> Double

    public init(parameterCount: Int, dtype: DType = .float64, loss: @escaping (Tensor) -> Double) {
        precondition(parameterCount > 0, "ClosureObjective: parameterCount must be positive, got \(parameterCount)")
        self.parameterCount = parameterCount
        self.dtype = dtype
        self.loss = loss
    }

    public func losses(at parameters: Tensor) -> Tensor {
        precondition(
            parameters.rank == 2 && parameters.shape[1] == parameterCount && parameters.dtype == dtype,
            "ClosureObjective.losses: parameters \(parameters.dtype) \(parameters.shape), expected \(dtype) "
                + "[K, \(parameterCount)]")
        let values = (0..<parameters.shape[0]).map { loss(parameters.selected(axis: 0, index: $0).contiguous()) }
        return Tensor(values, shape: [values.count], dtype: dtype)
    }
}
