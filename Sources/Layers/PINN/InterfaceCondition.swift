import Autograd
import Tensor

/// The conditions that stitch two subdomain PINNs along their interface (Jagtap & Karniadakis's XPINN and the set
/// METALIC chooses from). Each is a mean-squared penalty on the traces of the two networks at the interface points.
public enum InterfaceCondition: String, CaseIterable, Sendable {
    /// Continuity of the solution: mean((u₁ − u₂)²).
    case value
    /// Continuity of the flux (the normal derivative): mean((∂ₙu₁ − ∂ₙu₂)²).
    case flux
    /// Continuity of the PDE residual: mean((r₁ − r₂)²).
    case residual
    /// Each side equals the average solution: mean((u₁ − ū)²) + mean((u₂ − ū)²), ū = (u₁ + u₂)/2.
    case averageValue

    /// The penalty of this condition between the traces of two subdomains at the same interface points.
    public func penalty(_ first: InterfaceTraces, _ second: InterfaceTraces) -> Variable {
        precondition(
            first.value.shape == second.value.shape,
            "InterfaceCondition.\(rawValue): the two sides' traces differ in shape: \(first.value.shape) and \(second.value.shape)"
        )
        switch self {
        case .value: return (first.value - second.value).square().mean()
        case .flux: return (first.normalDerivative - second.normalDerivative).square().mean()
        case .residual: return (first.residual - second.residual).square().mean()
        case .averageValue:
            let average = (first.value + second.value) * 0.5
            return (first.value - average).square().mean() + (second.value - average).square().mean()
        }
    }

    /// Σ over `conditions` of their penalties (zero for the empty set), the interface term of a multi-domain loss.
    public static func penalty(_ conditions: [InterfaceCondition], _ first: InterfaceTraces, _ second: InterfaceTraces)
        -> Variable
    {
        let zero = (first.value * 0).sum()
        return conditions.reduce(zero) { $0 + $1.penalty(first, second) }
    }
}

/// What a subdomain's network gives at the interface points `[M, 1]` (or any common shape): its value, its
/// derivative along the interface normal, and its PDE residual.
public struct InterfaceTraces {
    public let value: Variable
    public let normalDerivative: Variable
    public let residual: Variable

    public init(value: Variable, normalDerivative: Variable, residual: Variable) {
        precondition(
            value.shape == normalDerivative.shape && value.shape == residual.shape,
            "InterfaceTraces: value \(value.shape), normal derivative \(normalDerivative.shape) and residual "
                + "\(residual.shape) must have one shape")
        self.value = value
        self.normalDerivative = normalDerivative
        self.residual = residual
    }
}
