import Tensor

/// The Gaussian (RBF) kernel k(x, x′) = exp(−γ‖x − x′‖²), scikit-learn's `rbf_kernel` with `gamma` = γ.
public struct GaussianKernel: Sendable {
    public let gamma: Double

    public init(gamma: Double) {
        precondition(gamma > 0 && gamma.isFinite, "GaussianKernel: γ must be positive and finite, got \(gamma)")
        self.gamma = gamma
    }

    /// The kernel matrix `[N, M]` between rows of `x` `[N, D]` and `y` `[M, D]`, from
    /// ‖x − y‖² = ‖x‖² + ‖y‖² − 2x·y (clamped at 0 against rounding).
    public func matrix(_ x: Tensor, _ y: Tensor) -> Tensor {
        precondition(
            x.rank == 2 && y.rank == 2 && x.shape[1] == y.shape[1],
            "GaussianKernel.matrix: needs [N, D] and [M, D], got \(x.shape) and \(y.shape)")
        let squaredX = x.square().sum(axis: 1).unsqueezed(axis: 1)
        let squaredY = y.square().sum(axis: 1).unsqueezed(axis: 0)
        let distances = (squaredX + squaredY - x.matmul(y.transposed()) * 2).clamped(min: 0)
        return (distances * -gamma).exp()
    }
}
