import Autograd
import Tensor

/// An elementwise activation function.
public enum ActivationFunction: Sendable, CaseIterable {
    case tanh, sin, relu, gelu, geluTanh, silu, softplus, sigmoid, identity

    /// Applies the function.
    public func callAsFunction(_ x: Variable) -> Variable {
        switch self {
        case .tanh: x.tanh()
        case .sin: x.sin()
        case .relu: x.relu()
        case .gelu: x.gelu()
        case .geluTanh: x.gelu(approximate: true)
        case .silu: x.silu()
        case .softplus: x.softplus()
        case .sigmoid: x.sigmoid()
        case .identity: x
        }
    }

    /// The same function as a product's epilogue (`Linear.callAsFunction(_:then:)`), for those that have one.
    public var productActivation: ProductActivation? {
        switch self {
        case .tanh: .tanh
        case .sigmoid: .sigmoid
        case .relu: .relu
        case .sin, .gelu, .geluTanh, .silu, .softplus, .identity: nil
        }
    }
}

/// An activation as a layer (for `Sequential`).
public final class Activation: Module, UnaryLayer {
    public let function: ActivationFunction
    public init(_ function: ActivationFunction) {
        self.function = function
        super.init()
    }
    public func callAsFunction(_ x: Variable) -> Variable { function(x) }
}
