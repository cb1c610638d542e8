import Autograd
import Foundation
import Tensor

/// The spectral-mixture kernel on one-dimensional inputs (Wilson & Adams, 2013): the inverse Fourier transform of
/// a Gaussian mixture power spectrum, κ(τ) = Σ_q w_q·exp(−τ²/(2ℓ_q²))·cos(2πμ_qτ), with weights w_q = exp(log w_q),
/// envelope lengthscales ℓ_q and frequencies μ_q (cycles per unit of x). Multi-dimensional grids use a product of
/// one such kernel per axis.
///
/// Each component is Re exp(φ(τ)), φ = −τ²/(2ℓ²) + iωτ, ω = 2πμ, so with φ′ = −τ/ℓ² + iω and φ″ = −1/ℓ²:
/// κ⁽ⁿ⁾ = Σ_q w_q·Re[Pₙ·exp(φ)], P₁ = φ′, P₂ = φ′² + φ″, P₃ = φ′³ + 3φ″φ′, P₄ = φ′⁴ + 6φ″φ′² + 3φ″²
/// (orders up to 4: the covariance of u″ with u″).
public struct SpectralMixtureKernel: StationaryKernel {
    /// log w_q `[Q]`.
    public let logWeights: Variable
    /// log ℓ_q `[Q]`.
    public let logLengthscales: Variable
    /// μ_q `[Q]`, cycles per unit of x.
    public let frequencies: Variable

    public init(logWeights: Variable, logLengthscales: Variable, frequencies: Variable) {
        precondition(
            logWeights.rank == 1 && logLengthscales.shape == logWeights.shape && frequencies.shape == logWeights.shape,
            "SpectralMixtureKernel: log-weights, log-lengthscales and frequencies must all be [Q], got "
                + "\(logWeights.shape), \(logLengthscales.shape), \(frequencies.shape)")
        self.logWeights = logWeights
        self.logLengthscales = logLengthscales
        self.frequencies = frequencies
    }

    public var componentCount: Int { logWeights.shape[0] }
    public var maximumDerivativeOrder: Int { 4 }

    public func derivative(at differences: Tensor, axis: Int, order: Int) -> Variable {
        checkDerivative("SpectralMixtureKernel", differences: differences, dimensions: 1, axis: axis, order: order)
        let tau = differences  // […, 1] broadcasts against the components [Q]
        let inverseSquared = (logLengthscales * -2).exp()  // 1/ℓ² [Q]
        let envelope = (logWeights - Variable(tau.square() * 0.5) * inverseSquared).exp()  // w·exp(−τ²/2ℓ²) […, Q]
        let omega = frequencies * (2 * Double.pi)
        let phase = Variable(tau) * omega
        let (cosine, sine) = (phase.cos(), phase.sin())
        let last = differences.rank - 1
        guard order > 0 else { return (envelope * cosine).sum(axis: last) }
        // Pₙ = (re, im) with φ′ = α + iω and φ″ = β.
        let alpha = -Variable(tau) * inverseSquared
        let beta = -inverseSquared
        let squareRe = alpha.square() - omega.square()
        let squareIm = alpha * omega * 2
        let re: Variable
        let im: Variable
        switch order {
        case 1: (re, im) = (alpha, omega.expanded(to: alpha.shape))
        case 2: (re, im) = (squareRe + beta, squareIm)
        case 3:
            re = squareRe * alpha - squareIm * omega + alpha * beta * 3
            im = squareRe * omega + squareIm * alpha + omega * beta * 3
        default:
            re = squareRe.square() - squareIm.square() + squareRe * beta * 6 + beta.square() * 3
            im = squareRe * squareIm * 2 + squareIm * beta * 6
        }
        return (envelope * (re * cosine - im * sine)).sum(axis: last)
    }
}
