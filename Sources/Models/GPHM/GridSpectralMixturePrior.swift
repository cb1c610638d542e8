import Autograd
import Foundation
import Layers
import Tensor

/// The trainable spectral-mixture GP prior of one grid axis in GP-HM: Q components with log-weights (estimated in
/// the log domain: the Jeffreys prior), log-lengthscales and frequencies, initialized as the authors' code does
/// (w_q = 1/Q, exp(−τ²) envelopes, frequencies linspace(0, 1, Q)·`frequencyScale`).
final class GridSpectralMixturePrior {
    let logWeights: Parameter
    let logLengthscales: Parameter
    let frequencies: Parameter
    /// The grid: `count` points spaced by `spacing` from 0.
    let count: Int
    let spacing: Double
    /// Added to the covariance's diagonal (the authors' 1e-6).
    let jitter: Double

    init(components: Int, frequencyScale: Double, count: Int, spacing: Double, jitter: Double = 1e-6) {
        logWeights = Parameter(
            Tensor.full([components], value: Foundation.log(1 / Double(components)), dtype: .float64))
        // The authors' exp(−τ²·e⁰) is exp(−τ²/(2ℓ²)) with ℓ = 1/√2.
        logLengthscales = Parameter(Tensor.full([components], value: -0.5 * Foundation.log(2), dtype: .float64))
        frequencies = Parameter(Tensor.linspace(0, 1, count: components, dtype: .float64) * frequencyScale)
        self.count = count
        self.spacing = spacing
        self.jitter = jitter
    }

    var parameters: [Parameter] { [logWeights, logLengthscales, frequencies] }

    var kernel: SpectralMixtureKernel {
        SpectralMixtureKernel(
            logWeights: logWeights.variable, logLengthscales: logLengthscales.variable,
            frequencies: frequencies.variable)
    }

    /// The axis' covariance K + jitter·I `[n, n]`, its Cholesky factor L, and K⁽²⁾ = ∂²k/∂x² on the grid (so that
    /// u_xx on the grid is K⁽²⁾K⁻¹u).
    func factors() throws -> (covariance: Variable, cholesky: Variable, curvature: Variable) {
        let kernel = self.kernel
        let covariance =
            kernel.gridMatrix(count: count, spacing: spacing)
            + Variable(Tensor.eye(count, dtype: .float64) * jitter)
        return (
            covariance, try Linalg.cholesky(covariance), kernel.gridMatrix(count: count, spacing: spacing, order: 2)
        )
    }

    /// The weights w_q, in component order.
    var weights: [Double] { logWeights.value.exp().toDoubles() }
}
