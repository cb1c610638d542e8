import Tensor

/// A proper orthogonal decomposition (POD) basis: the leading left singular vectors of a snapshot matrix, the rank-r
/// subspace that minimizes the snapshots' summed squared projection error (Eckart–Young: the minimum is Σ_{j>r} σ_j²).
public struct ProperOrthogonalDecomposition: Sendable {
    /// V [N, r] with orthonormal columns.
    public let basis: Tensor
    /// All singular values of the snapshot matrix, descending.
    public let singularValues: [Double]

    /// The POD of the rows of `snapshots` [m, N] (not centered), of rank min(r, m, N).
    /// - Throws: `LinearAlgebraError.notConverged` if the SVD fails.
    public init(snapshots: Tensor, rank: Int) throws {
        precondition(
            snapshots.rank == 2 && snapshots.shape[0] >= 1 && rank >= 1,
            "ProperOrthogonalDecomposition: snapshots \(snapshots.shape), rank \(rank)")
        let (_, s, vh) = try Linalg.svd(snapshots.cast(to: .float64))
        let kept = min(rank, s.shape[0])
        basis = vh.narrowed(axis: 0, start: 0, length: kept).transposed().contiguous()
        singularValues = s.toDoubles()
    }

    /// ‖u − V·Vᵀu‖/‖u‖ for each row u of `vectors` [k, N] (0 for a zero row).
    public func relativeProjectionErrors(_ vectors: Tensor) -> [Double] {
        let u = vectors.cast(to: .float64)
        let residual = u - u.matmul(basis).matmul(basis.transposed())
        let errors = residual.square().sum(axis: 1).sqrt().toDoubles()
        let norms = u.square().sum(axis: 1).sqrt().toDoubles()
        return zip(errors, norms).map { $1 > 0 ? $0 / $1 : 0 }
    }
}
