import Layers
import Tensor

/// Self-distillation of kernel ridge regression with ground-truth targets (Borup & Andersen, 2021).
///
/// Step t fits KRR with ridge λ to the targets αy + (1 − α)ŷ⁽ᵗ⁻¹⁾ (ŷ⁽⁰⁾ = y, ŷ⁽ᵗ⁾ = f⁽ᵗ⁾(X)): with the hat matrix
/// H = K(K + λI)⁻¹, ŷ⁽ᵗ⁾ = H(αy + (1 − α)ŷ⁽ᵗ⁻¹⁾). In the eigenbasis K = Q·diag(d)·Qᵀ each component is scaled by
/// bₜ = a·(α + (1 − α)bₜ₋₁), b₀ = 1, a = d/(d + λ), so ŷ⁽ᵗ⁾ = Q·diag(bₜ)·Qᵀy with the closed form
/// bₜ = b∞ + (a(1 − α))ᵗ⁻¹(a − b∞), b∞ = αd/(αd + λ) (for α > 0): the limit is KRR with the ridge amplified to λ/α.
/// For α = 0, bₜ = aᵗ → 0: the fits collapse to the zero function.
struct SelfDistillation {
    let regression: KernelRidgeRegression
    let ridge: Double
    let targets: Tensor
    /// K(x, X) `[M, N]` at the evaluation points.
    let crossKernel: Tensor

    /// f⁽ᵗ⁾ at the evaluation points for t = 1…steps, by refitting at each step (a Cholesky solve of K + λI).
    func iterated(alpha: Double, steps: Int, kernel: Tensor) throws -> [Tensor] {
        let factor = try Linalg.cholesky(kernel + Tensor.eye(targets.shape[0], dtype: .float64) * ridge)
        var previous = targets
        var predictions: [Tensor] = []
        for _ in 1...steps {
            let coefficients = Linalg.choleskySolve(
                factor, (targets * alpha + previous * (1 - alpha)).unsqueezed(axis: 1)
            )
            .squeezed(axis: 1)
            predictions.append(crossKernel.matmul(coefficients))
            previous = kernel.matmul(coefficients)
        }
        return predictions
    }

    /// f⁽ᵗ⁾ at the evaluation points from the closed form: the targets of step t have spectral weights
    /// α + (1 − α)bₜ₋₁, so f⁽ᵗ⁾(x) = K(x, X)·Q·diag((α + (1 − α)bₜ₋₁)/(d + λ))·Qᵀy.
    func closedForm(alpha: Double, step t: Int) -> Tensor {
        let d = regression.eigenvalues
        let a = regression.shrinkage(ridge: ridge)
        let previous: Tensor
        if t == 1 {
            previous = Tensor.ones(like: d)
        } else if alpha == 0 {
            previous = a.pow(Double(t - 1))
        } else {
            let limit = d * alpha / (d * alpha + ridge)
            previous = limit + (a * (1 - alpha)).pow(Double(t - 2)) * (a - limit)
        }
        let weights = (previous * (1 - alpha) + alpha) / (d + ridge)
        return crossKernel.matmul(regression.filtered(targets, by: weights))
    }

    /// f⁽∞⁾ = KRR with ridge λ/α: K(x, X)(αK + λI)⁻¹αy (α > 0).
    func limit(alpha: Double) -> Tensor {
        crossKernel.matmul(regression.coefficients(targets, ridge: ridge / alpha))
    }

    /// The α minimizing ‖f⁽²⁾(X) − y*‖² for ground truth y* at the training points: f⁽²⁾(X) = H ŷ⁽¹⁾ + α·H(y − ŷ⁽¹⁾)
    /// is affine in α, so α* = ⟨y* − Hŷ⁽¹⁾, H(y − ŷ⁽¹⁾)⟩/‖H(y − ŷ⁽¹⁾)‖².
    func optimalAlpha(truth: Tensor) -> Double {
        let first = regression.fitted(targets, ridge: ridge)
        let base = regression.fitted(first, ridge: ridge)
        let direction = regression.fitted(targets - first, ridge: ridge)
        return ((truth - base) * direction).sum().item() / direction.square().sum().item()
    }

    /// ‖f⁽²⁾(X) − y*‖²/N for a given α, by refitting.
    func secondStepLoss(alpha: Double, truth: Tensor) -> Double {
        let first = regression.fitted(targets, ridge: ridge)
        return (regression.fitted(targets * alpha + first * (1 - alpha), ridge: ridge) - truth).square().mean().item()
    }
}
