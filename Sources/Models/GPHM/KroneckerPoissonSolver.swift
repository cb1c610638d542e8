import Autograd
import Foundation
import Layers
import Tensor

/// GP-HM on a 2-D grid (`model_GP_solver_2d.py`): u_xx + u_yy = f on an n₁ × n₂ grid of [0, 1]² with the product
/// kernel k₁(x, x′)·k₂(y, y′), one trainable spectral mixture per axis. The covariance of the grid values is
/// K₁ ⊗ K₂, so the prior's terms never form the (n₁n₂)² matrix:
/// - vec(U)ᵀ(K₁ ⊗ K₂)⁻¹vec(U) = ‖(L₁⁻¹ ⊗ L₂⁻¹)·vec(U)‖² (a `KroneckerProduct` of the inverse Cholesky factors);
/// - log det(K₁ ⊗ K₂) = n₂·log det K₁ + n₁·log det K₂;
/// - the Laplacian is the Kronecker sum D₁ ⊗ I + I ⊗ D₂ of the per-axis operators D_d = K_d⁽²⁾K_d⁻¹, i.e.
///   D₁·U + U·D₂ᵀ, with K_d⁻¹ = L_d⁻ᵀL_d⁻¹.
/// The likelihood terms are the 1-D solver's (boundary weight 200, learned log-precisions).
final class KroneckerPoissonSolver: GaussianProcessPoissonSolver {
    let priors: [GridSpectralMixturePrior]
    let solution: Parameter
    let logBoundaryPrecision = Parameter(Tensor(scalar: 0.0, dtype: .float64))
    let logEquationPrecision = Parameter(Tensor(scalar: 0.0, dtype: .float64))
    /// f on the grid `[n₁, n₂]`, the boundary values (zero inside) and the boundary indicator.
    let source: Tensor
    let boundaryValues: Tensor
    let boundaryMask: Tensor

    /// `source` and `boundaryValues` are `[n₁, n₂]` on the grid linspace(0, 1, n₁) × linspace(0, 1, n₂).
    init(components: Int, frequencyScale: Double, source: Tensor, boundaryValues: Tensor) {
        let (n1, n2) = (source.shape[0], source.shape[1])
        priors = [n1, n2].map {
            GridSpectralMixturePrior(
                components: components, frequencyScale: frequencyScale, count: $0, spacing: 1 / Double($0 - 1))
        }
        solution = Parameter(Tensor.zeros([n1, n2], dtype: .float64))
        self.source = source
        var mask = [Double](repeating: 0, count: n1 * n2)
        for i in 0..<n1 {
            for j in 0..<n2 where i == 0 || j == 0 || i == n1 - 1 || j == n2 - 1 { mask[i * n2 + j] = 1 }
        }
        boundaryMask = Tensor(mask, shape: [n1, n2], dtype: .float64)
        self.boundaryValues = boundaryValues * boundaryMask
    }

    var parameters: [Parameter] {
        priors.flatMap(\.parameters) + [solution, logBoundaryPrecision, logEquationPrecision]
    }

    func loss() throws -> Variable {
        let (n1, n2) = (source.shape[0], source.shape[1])
        let factors = try priors.map { try $0.factors() }
        let inverseCholesky = try factors.map { factor in
            let n = factor.cholesky.shape[0]
            return try Linalg.solveTriangular(factor.cholesky, Variable(Tensor.eye(n, dtype: .float64)), upper: false)
        }
        let u = solution.variable
        let whitened = KroneckerProduct(inverseCholesky).multipliedGrid(u)
        let logDeterminants = factors.map { $0.cholesky.diagonal().log().sum() * 2 }
        let negativeLogPrior =
            (logDeterminants[0] * Double(n2) + logDeterminants[1] * Double(n1)) * 0.5
            + whitened.square().sum() * 0.5
            + priors.map { LogWeightPrior.jeffreys.negativeLogDensity(logWeights: $0.logWeights.variable) }.reduce(
                Variable(Tensor(scalar: 0.0, dtype: .float64)), +)
        let operators = zip(factors, inverseCholesky).map { factor, inverse in
            factor.curvature.matmul(inverse.transposed().matmul(inverse))  // D_d = K_d⁽²⁾K_d⁻¹
        }
        let laplacian = operators[0].matmul(u) + u.matmul(operators[1].transposed())
        let boundaryGap = ((u - Variable(boundaryValues)) * Variable(boundaryMask)).square().sum()
        let equationGap = (laplacian - Variable(source)).square().sum()
        let tau = logBoundaryPrecision.variable
        let v = logEquationPrecision.variable
        let boundaryCount = boundaryMask.sum().item()
        let boundaryTerm = (tau.exp() * boundaryGap - tau * boundaryCount) * 0.5
        let equationTerm = (v.exp() * equationGap - v * Double(n1 * n2)) * 0.5
        return negativeLogPrior + boundaryTerm * SpectralMixturePoissonSolver.boundaryWeight + equationTerm
    }
}
