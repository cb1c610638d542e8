/// The activation that follows a layer, for the gain of its initializer.
public enum Nonlinearity: Sendable, Equatable {
    case linear, sigmoid, tanh, relu
    /// max(x, 0) + negativeSlope·min(x, 0).
    case leakyRelu(negativeSlope: Double)

    /// The factor that keeps the variance of activations steady through this nonlinearity (PyTorch's
    /// `calculate_gain`): 1 for linear and sigmoid, 5/3 for tanh, √2 for relu, √(2/(1 + slope²)) for leaky relu.
    public var gain: Double {
        switch self {
        case .linear, .sigmoid: 1
        case .tanh: 5.0 / 3
        case .relu: 2.0.squareRoot()
        case .leakyRelu(let slope): (2 / (1 + slope * slope)).squareRoot()
        }
    }
}
