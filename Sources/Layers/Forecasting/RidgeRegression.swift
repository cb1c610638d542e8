import Tensor

/// Linear least squares with an L2 penalty: W = argmin ‖XW − Y‖²_F + α‖W‖²_F = (XᵀX + αI)⁻¹XᵀY, by the Cholesky
/// factor of the regularized Gram matrix (the readout of reservoir computers and NVAR).
///
/// The normal equations accumulate batch by batch (`add`), so features never need to be held all at once.
public struct RidgeRegression {
    /// XᵀX `[F, F]` and XᵀY `[F, O]` over the rows added so far.
    public private(set) var gram: Tensor
    public private(set) var moments: Tensor
    public private(set) var rowCount = 0

    /// Empty normal equations for F features and O outputs.
    public init(featureCount: Int, outputCount: Int, dtype: DType = .float64) {
        gram = Tensor.zeros([featureCount, featureCount], dtype: dtype)
        moments = Tensor.zeros([featureCount, outputCount], dtype: dtype)
    }

    /// Adds rows: features X `[N, F]`, targets Y `[N, O]`.
    public mutating func add(features x: Tensor, targets y: Tensor) {
        precondition(
            x.rank == 2 && y.rank == 2 && x.shape[0] == y.shape[0] && x.shape[1] == gram.shape[0]
                && y.shape[1] == moments.shape[1],
            "RidgeRegression.add: features [N, \(gram.shape[0])] and targets [N, \(moments.shape[1])] needed, got "
                + "\(x.shape) and \(y.shape)")
        gram = gram + x.transposed().matmul(x)
        moments = moments + x.transposed().matmul(y)
        rowCount += x.shape[0]
    }

    /// The weights `[F, O]` for the ridge α > 0.
    /// - Throws: `LinearAlgebraError.notPositiveDefinite` when XᵀX + αI is not numerically positive definite.
    public func solve(ridge: Double) throws -> Tensor {
        precondition(ridge > 0, "RidgeRegression.solve: the ridge must be > 0, got \(ridge)")
        let factor = try Linalg.cholesky(gram + Tensor.eye(gram.shape[0], dtype: gram.dtype) * ridge)
        return Linalg.choleskySolve(factor, moments)
    }

    /// The weights `[F, O]` for features X `[N, F]` and targets Y `[N, O]` (Float64 advised) in one call.
    public static func fit(features x: Tensor, targets y: Tensor, ridge: Double) throws -> Tensor {
        precondition(
            x.rank == 2 && y.rank == 2,
            "RidgeRegression.fit: features [N, F] and targets [N, O] needed, got "
                + "\(x.shape) and \(y.shape)")
        var equations = RidgeRegression(featureCount: x.shape[1], outputCount: y.shape[1], dtype: x.dtype)
        equations.add(features: x, targets: y)
        return try equations.solve(ridge: ridge)
    }
}
