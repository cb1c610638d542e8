import Autograd
import Foundation
import Tensor

/// The squared-exponential kernel with automatic relevance determination (one lengthscale per input axis):
/// κ(τ) = σ²·exp(−½·Σ_d τ_d²/ℓ_d²).
///
/// It is a product over axes, so its derivatives along one axis are Hermite polynomials: with u = τ_d/ℓ_d,
/// κ⁽ⁿ⁾(τ) = (−1)ⁿ·Heₙ(u)·ℓ_d⁻ⁿ·κ(τ), Heₙ the probabilists' Hermite polynomial (He₁ = u, He₂ = u² − 1,
/// He₃ = u³ − 3u, He₄ = u⁴ − 6u² + 3). Samples are infinitely differentiable; orders up to 4 are provided (the
/// covariance of second derivatives with second derivatives).
public struct SquaredExponentialKernel: StationaryKernel {
    /// log ℓ_d `[D]`.
    public let logLengthscales: Variable
    /// log σ² `[]`.
    public let logVariance: Variable

    public init(logLengthscales: Variable, logVariance: Variable) {
        precondition(
            logLengthscales.rank == 1 && logVariance.rank == 0,
            "SquaredExponentialKernel: log-lengthscales must be [D] and the log-variance a scalar, got "
                + "\(logLengthscales.shape) and \(logVariance.shape)")
        self.logLengthscales = logLengthscales
        self.logVariance = logVariance
    }

    /// Constant hyperparameters: lengthscales ℓ_d and variance σ².
    public init(lengthscales: [Double], variance: Double = 1, dtype: DType = .float64) {
        precondition(
            lengthscales.allSatisfy { $0 > 0 } && variance > 0,
            "SquaredExponentialKernel: lengthscales and variance must be positive, got \(lengthscales), \(variance)")
        self.init(
            logLengthscales: Variable(
                Tensor(lengthscales.map { Foundation.log($0) }, shape: [lengthscales.count], dtype: dtype)),
            logVariance: Variable(Tensor(scalar: Foundation.log(variance), dtype: dtype)))
    }

    public var dimensions: Int { logLengthscales.shape[0] }
    public var maximumDerivativeOrder: Int { 4 }

    /// k(xᵢ, yⱼ) `[N, M]` without the differences `[N, M, D]`: with a = x/ℓ and b = y/ℓ (centered on the mean of x,
    /// which the distances do not see and which keeps the expansion accurate),
    ///
    ///     log Kᵢⱼ = log σ² − ½‖aᵢ‖² − ½‖bⱼ‖² + aᵢ·bⱼ    (one GEMM, clamped at log σ² so that distances stay ≥ 0),
    ///     ∂log σ² = Σᵢⱼ Mᵢⱼ,   ∂log ℓ_d = ℓ_d⁻²·Σᵢⱼ Mᵢⱼ(x_id − y_jd)² = ℓ_d⁻²·(Σᵢ x_id²·rᵢ + Σⱼ y_jd²·cⱼ − 2·Σᵢ x_id(M·y)_id),
    ///
    /// with M = G∘K (G the incoming gradient), r and c its row and column sums: reductions and one `[N, M]·[M, D]`
    /// product instead of D temporaries of `[N, M]`. The pullback is written with variable ops (second order holds).
    public func matrix(_ x: Tensor, _ y: Tensor) -> Variable {
        precondition(
            x.rank == 2 && y.rank == 2 && x.shape[1] == dimensions && y.shape[1] == dimensions,
            "SquaredExponentialKernel.matrix: inputs must be [N, \(dimensions)] and [M, \(dimensions)], got \(x.shape) "
                + "and \(y.shape)")
        let center = x.mean(axis: 0)
        let (xc, yc) = (x - center, y - center)
        let inverseLengthscales = (-logLengthscales.value).exp()
        let (a, b) = (xc * inverseLengthscales, yc * inverseLengthscales)
        let logVarianceValue = logVariance.value.item()
        let rowTerms = a.square().sum(axis: 1).unsqueezed(axis: 1) * -0.5 + logVarianceValue  // [N, 1]
        let columnTerms = b.square().sum(axis: 1).unsqueezed(axis: 0) * -0.5  // [1, M]
        let logCovariance = (a.matmul(b.transposed()) + rowTerms + columnTerms).clamped(max: logVarianceValue)
        return Variable.custom(
            name: "squaredExponentialMatrix", value: logCovariance.exp(), inputs: [logLengthscales, logVariance]
        ) { backward in
            let m = backward.gradient * backward.result  // [N, M]
            let squares =
                (Variable(xc.square()) * m.sum(axis: 1).unsqueezed(axis: 1)).sum(axis: 0)
                + (Variable(yc.square()) * m.sum(axis: 0).unsqueezed(axis: 1)).sum(axis: 0)  // [D]
            let cross = (Variable(xc) * m.matmul(Variable(yc))).sum(axis: 0)  // [D]
            let logLengthscaleGradient = (backward.inputs[0] * -2).exp() * (squares - cross * 2)
            return [logLengthscaleGradient, m.sum()]
        }
    }

    public func derivative(at differences: Tensor, axis: Int, order: Int) -> Variable {
        checkDerivative(
            "SquaredExponentialKernel", differences: differences, dimensions: dimensions, axis: axis, order: order)
        let last = differences.rank - 1
        let inverseLengthscales = (-logLengthscales).exp()
        let scaled = Variable(differences) * inverseLengthscales  // u = τ/ℓ, […, D]
        let covariance = (logVariance - scaled.square().sum(axis: last) * 0.5).exp()
        guard order > 0 else { return covariance }
        let u = scaled.selected(axis: last, index: axis)
        let u2 = u.square()
        let hermite: Variable
        switch order {
        case 1: hermite = u
        case 2: hermite = u2 - 1
        case 3: hermite = u * (u2 - 3)
        default: hermite = u2 * (u2 - 6) + 3
        }
        let scale = inverseLengthscales.selected(axis: 0, index: axis).pow(Double(order))
        let signed = order % 2 == 0 ? hermite : -hermite
        return signed * scale * covariance
    }
}
