import Tensor

/// A dissimilarity between vectors, for clustering.
public enum Dissimilarity: Sendable {
    /// ‖u − v‖.
    case euclidean
    /// 1 − cos²∠(u, v) = 1 − (u·v)²/(‖u‖²‖v‖²): the squared relative error of projecting u onto span{v}; invariant to
    /// scaling either vector (Daniel et al., 2021). Zero when u or v is zero.
    case sineSquared

    /// The dissimilarities between the rows of `a` [n, d] and of `b` [m, d], [n, m] float64, through the Gram matrix
    /// a·bᵀ (‖u − v‖² = ‖u‖² + ‖v‖² − 2u·v, clamped at 0 against rounding).
    public func pairwise(_ a: Tensor, _ b: Tensor) -> Tensor {
        precondition(
            a.rank == 2 && b.rank == 2 && a.shape[1] == b.shape[1],
            "Dissimilarity.pairwise: rows of \(a.shape) and \(b.shape) must have one length")
        let x = a.cast(to: .float64)
        let y = b.cast(to: .float64)
        let gram = x.matmul(y.transposed())
        let left = x.square().sum(axis: 1).reshaped([-1, 1])
        let right = y.square().sum(axis: 1).reshaped([1, -1])
        switch self {
        case .euclidean:
            return (left + right - gram * 2).clamped(min: 0).sqrt()
        case .sineSquared:
            let products = left * right
            let cosineSquared = gram.square() / products.clamped(min: Double.leastNormalMagnitude)
            let sine = (1 - cosineSquared).clamped(min: 0, max: 1)
            return Tensor.where(products.compared(.greater, scalar: 0), sine, Tensor.zeros(like: sine))
        }
    }
}
