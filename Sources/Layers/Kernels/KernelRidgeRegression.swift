import Tensor

/// Kernel ridge regression through the eigendecomposition of the Gram matrix, so every ridge strength costs one
/// matrix–vector product and leave-one-out comes in closed form.
///
/// With K = Q·diag(d)·Qᵀ `[N, N]` (symmetric, positive semidefinite) and ridge λ > 0:
/// - coefficients c = (K + λI)⁻¹y = Q·diag(1/(d + λ))·Qᵀy, so the prediction at new points is K(x, X)·c;
/// - fitted values ŷ = Hy with the hat matrix H = K(K + λI)⁻¹ = Q·diag(d/(d + λ))·Qᵀ;
/// - leave-one-out residuals yᵢ − f₋ᵢ(xᵢ) = (yᵢ − ŷᵢ)/(1 − Hᵢᵢ), exact for ridge regression (the model refitted
///   without point i predicts it so), with Hᵢᵢ = Σⱼ Qᵢⱼ²·dⱼ/(dⱼ + λ).
///
/// This is scikit-learn's `KernelRidge(alpha=λ)`: the penalty is λ‖f‖²_H on the sum (not the mean) of squared
/// errors.
public struct KernelRidgeRegression: Sendable {
    /// d, the eigenvalues of K `[N]`, ascending.
    public let eigenvalues: Tensor
    /// Q, the orthonormal eigenvectors of K as columns `[N, N]`.
    public let eigenvectors: Tensor

    /// Decomposes the Gram matrix `kernel` `[N, N]` (Float64 advised).
    /// - Throws: `LinearAlgebraError.notConverged` if the eigendecomposition fails.
    public init(kernel: Tensor) throws {
        precondition(
            kernel.rank == 2 && kernel.shape[0] == kernel.shape[1],
            "KernelRidgeRegression: the kernel must be a square [N, N] matrix, got \(kernel.shape)")
        (eigenvalues, eigenvectors) = try Linalg.eigh(kernel)
    }

    public var count: Int { eigenvalues.shape[0] }

    /// Qᵀy: targets `[N]` or `[N, K]` in the eigenbasis.
    public func spectralCoordinates(_ targets: Tensor) -> Tensor {
        precondition(
            targets.shape.first == count && targets.rank <= 2,
            "KernelRidgeRegression: targets must be [\(count)] or [\(count), K], got \(targets.shape)")
        return eigenvectors.transposed().matmul(targets)
    }

    /// Q·diag(filter)·Qᵀy for a spectral filter `[N]` applied to targets `[N]` or `[N, K]`.
    public func filtered(_ targets: Tensor, by filter: Tensor) -> Tensor {
        let coordinates = spectralCoordinates(targets)
        let scaled = coordinates.rank == 1 ? coordinates * filter : coordinates * filter.unsqueezed(axis: 1)
        return eigenvectors.matmul(scaled)
    }

    /// d/(d + λ), the eigenvalues of the hat matrix.
    public func shrinkage(ridge: Double) -> Tensor {
        precondition(ridge > 0, "KernelRidgeRegression: the ridge must be positive, got \(ridge)")
        return eigenvalues / (eigenvalues + ridge)
    }

    /// c = (K + λI)⁻¹y, `[N]` or `[N, K]`.
    public func coefficients(_ targets: Tensor, ridge: Double) -> Tensor {
        precondition(ridge > 0, "KernelRidgeRegression: the ridge must be positive, got \(ridge)")
        return filtered(targets, by: (eigenvalues + ridge).reciprocal())
    }

    /// ŷ = K(K + λI)⁻¹y at the training points.
    public func fitted(_ targets: Tensor, ridge: Double) -> Tensor {
        filtered(targets, by: shrinkage(ridge: ridge))
    }

    /// Hᵢᵢ, the diagonal of the hat matrix `[N]`.
    public func leverages(ridge: Double) -> Tensor {
        (eigenvectors.square() * shrinkage(ridge: ridge).unsqueezed(axis: 0)).sum(axis: 1)
    }

    /// yᵢ − f₋ᵢ(xᵢ), the residual of each point under the model fitted without it: (y − ŷ)/(1 − diag H).
    public func leaveOneOutResiduals(_ targets: Tensor, ridge: Double) -> Tensor {
        let residuals = targets - fitted(targets, ridge: ridge)
        let denominator = 1 - leverages(ridge: ridge)
        return residuals.rank == 1 ? residuals / denominator : residuals / denominator.unsqueezed(axis: 1)
    }

    /// The mean squared leave-one-out residual, over points (and columns).
    public func leaveOneOutError(_ targets: Tensor, ridge: Double) -> Double {
        leaveOneOutResiduals(targets, ridge: ridge).square().mean().item()
    }
}
