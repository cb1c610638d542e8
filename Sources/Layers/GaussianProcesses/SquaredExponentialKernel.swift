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
