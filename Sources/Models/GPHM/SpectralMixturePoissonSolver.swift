import Autograd
import Foundation
import Layers
import Tensor

/// GP-HM (Fang et al., 2024) for u″ = f on a uniform grid of [0, 1] (`model_GP_solver_1d.py`): the unknowns are u at
/// the N grid points and the spectral-mixture hyperparameters; the solution's second derivative on the grid is
/// K⁽²⁾K⁻¹u, and the loss is the negative log joint
///
///   ½ log det K + ½uᵀK⁻¹u                                  (GP prior on u, Jeffreys prior on the weights: flat in log w)
///   + 200·(½τ·Σ_boundary (u − g)² − ½·2·log τ)           (boundary likelihood, the authors' llk_weight 200)
///   + ½v·Σᵢ (u″ᵢ − fᵢ)² − ½N·log v                         (equation likelihood)
///
/// with learned log-precisions log τ and log v, all trained by Adam at 1e-2 from u = 0.
final class SpectralMixturePoissonSolver: GaussianProcessPoissonSolver {
    let prior: GridSpectralMixturePrior
    let solution: Parameter
    let logBoundaryPrecision = Parameter(Tensor(scalar: 0.0, dtype: .float64))
    let logEquationPrecision = Parameter(Tensor(scalar: 0.0, dtype: .float64))
    /// f on the grid `[N]`, and the boundary values u(0), u(1).
    let source: Tensor
    let boundary: (Double, Double)
    static let boundaryWeight = 200.0

    init(components: Int, frequencyScale: Double, source: Tensor, boundary: (Double, Double)) {
        let count = source.shape[0]
        prior = GridSpectralMixturePrior(
            components: components, frequencyScale: frequencyScale, count: count, spacing: 1 / Double(count - 1))
        solution = Parameter(Tensor.zeros([count], dtype: .float64))
        self.source = source
        self.boundary = boundary
    }

    var parameters: [Parameter] { prior.parameters + [solution, logBoundaryPrecision, logEquationPrecision] }

    func loss() throws -> Variable {
        let count = source.shape[0]
        let (_, cholesky, curvature) = try prior.factors()
        let u = solution.variable
        let whitened = try Linalg.solveTriangular(cholesky, u.unsqueezed(axis: 1), upper: false)  // L⁻¹u
        let weights = try Linalg.solveTriangular(cholesky.transposed(), whitened, upper: true)  // K⁻¹u
        let logDeterminant = cholesky.diagonal().log().sum() * 2
        let negativeLogPrior =
            logDeterminant * 0.5 + whitened.square().sum() * 0.5
            + LogWeightPrior.jeffreys.negativeLogDensity(logWeights: prior.logWeights.variable)
        let uxx = curvature.matmul(weights).squeezed(axis: 1)
        let ends = u.indexSelected(axis: 0, indices: Tensor([Int64(0), Int64(count - 1)], shape: [2]))
        let boundaryGap = (ends - Variable(Tensor([boundary.0, boundary.1], shape: [2], dtype: .float64))).square()
            .sum()
        let equationGap = (uxx - Variable(source)).square().sum()
        let tau = logBoundaryPrecision.variable
        let v = logEquationPrecision.variable
        let boundaryTerm = (tau.exp() * boundaryGap - tau * 2) * 0.5
        let equationTerm = (v.exp() * equationGap - v * Double(count)) * 0.5
        return negativeLogPrior + boundaryTerm * Self.boundaryWeight + equationTerm
    }

    /// The GP posterior mean K(x*, X)K⁻¹u at `points` `[M]`.
    func prediction(at points: Tensor) throws -> Tensor {
        try withoutGradients {
            let grid = Tensor.linspace(0, 1, count: source.shape[0], dtype: .float64).unsqueezed(axis: 1)
            let kernel = prior.kernel
            let covariance = kernel.matrix(grid, grid).value + Tensor.eye(grid.shape[0], dtype: .float64) * prior.jitter
            let weights = try Linalg.solve(covariance, solution.value)
            return kernel.matrix(points.unsqueezed(axis: 1), grid).value.matmul(weights)
        }
    }
}

/// ‖a − b‖/‖b‖.
func relativeError(_ a: Tensor, _ b: Tensor) -> Double { (a - b).norm().item() / b.norm().item() }
