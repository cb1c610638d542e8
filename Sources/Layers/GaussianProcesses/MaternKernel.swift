import Autograd
import Foundation
import Tensor

/// The Matérn kernel of smoothness ν ∈ {½, 3/2, 5/2} with one lengthscale per input axis:
/// κ(τ) = σ²·g(√(2ν)·s), s = ‖τ/ℓ‖, with g(z) = e⁻ᶻ (ν = ½), (1 + z)·e⁻ᶻ (ν = 3/2), (1 + z + z²/3)·e⁻ᶻ (ν = 5/2).
///
/// Samples are mean-square differentiable k times for ν > k, so κ has derivatives up to order 0 (ν = ½: the first
/// derivative is provided off the diagonal, and 0 at τ = 0, the mean of its one-sided limits), 2 (ν = 3/2) and
/// 4 (ν = 5/2). Derivatives (order ≥ 1) are for one-dimensional inputs (D = 1; multi-dimensional grids use a product
/// of per-axis kernels): with z = a·|τ|/ℓ, a = √(2ν), κ⁽ⁿ⁾(τ) = σ²·(a/ℓ)ⁿ·sign(τ)ⁿ·g⁽ⁿ⁾(z), where for ν = 5/2
/// g′ = −⅓z(1 + z)e⁻ᶻ, g″ = −⅓(1 + z − z²)e⁻ᶻ, g‴ = ⅓z(3 − z)e⁻ᶻ, g⁗ = ⅓(z² − 5z + 3)e⁻ᶻ, and for ν = 3/2
/// g′ = −z·e⁻ᶻ, g″ = (z − 1)e⁻ᶻ. The odd derivatives vanish at z = 0 (ν > ½), so the sign factor is harmless.
public struct MaternKernel: StationaryKernel {
    /// The smoothness ν.
    public enum Smoothness: Sendable {
        case oneHalf, threeHalves, fiveHalves

        /// a = √(2ν).
        var scale: Double {
            switch self {
            case .oneHalf: 1
            case .threeHalves: 3.0.squareRoot()
            case .fiveHalves: 5.0.squareRoot()
            }
        }
    }

    public let smoothness: Smoothness
    /// log ℓ_d `[D]`.
    public let logLengthscales: Variable
    /// log σ² `[]`.
    public let logVariance: Variable

    public init(smoothness: Smoothness, logLengthscales: Variable, logVariance: Variable) {
        precondition(
            logLengthscales.rank == 1 && logVariance.rank == 0,
            "MaternKernel: log-lengthscales must be [D] and the log-variance a scalar, got \(logLengthscales.shape) "
                + "and \(logVariance.shape)")
        self.smoothness = smoothness
        self.logLengthscales = logLengthscales
        self.logVariance = logVariance
    }

    /// Constant hyperparameters: lengthscales ℓ_d and variance σ².
    public init(smoothness: Smoothness, lengthscales: [Double], variance: Double = 1, dtype: DType = .float64) {
        precondition(
            lengthscales.allSatisfy { $0 > 0 } && variance > 0,
            "MaternKernel: lengthscales and variance must be positive, got \(lengthscales), \(variance)")
        self.init(
            smoothness: smoothness,
            logLengthscales: Variable(
                Tensor(lengthscales.map { Foundation.log($0) }, shape: [lengthscales.count], dtype: dtype)),
            logVariance: Variable(Tensor(scalar: Foundation.log(variance), dtype: dtype)))
    }

    public var dimensions: Int { logLengthscales.shape[0] }

    public var maximumDerivativeOrder: Int {
        switch smoothness {
        case .oneHalf: 1
        case .threeHalves: 2
        case .fiveHalves: 4
        }
    }

    public func derivative(at differences: Tensor, axis: Int, order: Int) -> Variable {
        checkDerivative("MaternKernel", differences: differences, dimensions: dimensions, axis: axis, order: order)
        precondition(
            order == 0 || dimensions == 1,
            "MaternKernel: input derivatives are for 1-D inputs (a product of per-axis kernels on grids), got D = \(dimensions)"
        )
        let last = differences.rank - 1
        let a = smoothness.scale
        let inverseLengthscales = (-logLengthscales).exp()
        let z: Variable
        if dimensions == 1 {
            z = Variable(differences.abs().squeezed(axis: last)) * (inverseLengthscales.squeezed(axis: 0) * a)
        } else {
            // s = ‖τ/ℓ‖; the floor keeps √ differentiable on the diagonal (its gradient there is routed to the floor).
            let squared = (Variable(differences) * inverseLengthscales).square().sum(axis: last)
            z = squared.clamped(min: 1e-200).sqrt() * a
        }
        let envelope = (logVariance - z).exp()  // σ²·e⁻ᶻ
        let polynomial: Variable
        switch (smoothness, order) {
        case (.oneHalf, 0): return envelope
        case (.oneHalf, _): polynomial = Variable(Tensor.ones(z.shape, dtype: z.dtype)) * -1
        case (.threeHalves, 0): polynomial = z + 1
        case (.threeHalves, 1): polynomial = -z
        case (.threeHalves, _): polynomial = z - 1
        case (.fiveHalves, 0): polynomial = z * (z + 3) / 3 + 1
        case (.fiveHalves, 1): polynomial = z * (z + 1) / -3
        case (.fiveHalves, 2): polynomial = (z * (z - 1) - 1) / 3
        case (.fiveHalves, 3): polynomial = z * (3 - z) / 3
        case (.fiveHalves, _): polynomial = (z * (z - 5) + 3) / 3
        }
        guard order > 0 else { return polynomial * envelope }
        let rate = (inverseLengthscales.squeezed(axis: 0) * a).pow(Double(order))
        let derivative = polynomial * envelope * rate
        return order % 2 == 0 ? derivative : derivative * Variable(differences.sign().squeezed(axis: last))
    }
}
