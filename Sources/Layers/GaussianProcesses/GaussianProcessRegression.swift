import Autograd
import Tensor

/// Exact Gaussian-process regression y = f(X) + ε, f ~ GP(0, k), ε ~ N(0, σ_n²I), through the Cholesky factor
/// L·Lᵀ = K + σ_n²I (K = k(X, X) `[N, N]`). Everything is a variable of the kernel's hyperparameters and of σ_n², so
/// the negative log marginal likelihood differentiates through the Cholesky factor (and to second order).
///
/// - weights α = (K + σ_n²I)⁻¹y = L⁻ᵀ(L⁻¹y);
/// - posterior mean at X*: K(X*, X)·α; posterior variance of f: k(x*, x*) − ‖L⁻¹K(X, x*)‖²;
/// - −log p(y | X) = ½yᵀα + Σᵢ log Lᵢᵢ + ½N·log 2π.
public struct GaussianProcessRegression {
    public let kernel: any StationaryKernel
    /// X `[N, D]`.
    public let inputs: Tensor
    /// y `[N]`.
    public let targets: Tensor
    /// K + σ_n²I `[N, N]`.
    public let covariance: Variable
    /// L `[N, N]`, lower triangular.
    public let factor: Variable
    /// α `[N]`.
    public let weights: Variable

    /// Factors K + σ_n²I; `noiseVariance` is a scalar variable (include any jitter in it).
    /// - Throws: `LinearAlgebraError` when K + σ_n²I is not positive definite.
    public init(kernel: any StationaryKernel, inputs: Tensor, targets: Tensor, noiseVariance: Variable) throws {
        precondition(
            inputs.rank == 2 && targets.rank == 1 && targets.shape[0] == inputs.shape[0],
            "GaussianProcessRegression: inputs must be [N, D] and targets [N], got \(inputs.shape) and \(targets.shape)"
        )
        precondition(
            noiseVariance.rank == 0,
            "GaussianProcessRegression: the noise variance must be a scalar, got \(noiseVariance.shape)")
        self.kernel = kernel
        self.inputs = inputs
        self.targets = targets
        let count = inputs.shape[0]
        covariance =
            kernel.matrix(inputs, inputs) + Variable(Tensor.eye(count, dtype: inputs.dtype)) * noiseVariance
        factor = try Linalg.cholesky(covariance)
        let whitened = try Linalg.solveTriangular(factor, Variable(targets.unsqueezed(axis: 1)), upper: false)
        weights = try Linalg.solveTriangular(factor.transposed(), whitened, upper: true).squeezed(axis: 1)
    }

    /// −log p(y | X, θ) = −log N(y | 0, K + σ_n²I) `[]`, whose gradient reaches K + σ_n²I as ½((K + σ_n²I)⁻¹ − ααᵀ)
    /// (`Linalg.gaussianNegativeLogLikelihood`, from the factor computed here).
    public func negativeLogMarginalLikelihood() -> Variable {
        // The factor of the covariance exists, so the likelihood cannot fail.
        try! Linalg.gaussianNegativeLogLikelihood(Variable(targets), covariance: covariance, factor: factor.value)
    }

    /// The posterior mean of f at the rows of `points` `[M, D]`, as `[M]`.
    public func posteriorMean(at points: Tensor) -> Variable {
        kernel.matrix(points, inputs).matmul(weights.unsqueezed(axis: 1)).squeezed(axis: 1)
    }

    /// The posterior variance of f (without the noise) at the rows of `points` `[M, D]`, as `[M]`.
    public func posteriorVariance(at points: Tensor) -> Variable {
        let cross = kernel.matrix(inputs, points)  // [N, M]
        // L solved in init, so it is invertible.
        let projected = try! Linalg.solveTriangular(factor, cross, upper: false)
        let prior = kernel.value(at: Tensor.zeros([points.shape[0], points.shape[1]], dtype: points.dtype))
        return prior - projected.square().sum(axis: 0)
    }
}
