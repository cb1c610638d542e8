import Autograd
import Tensor

/// A multilayer perceptron: Linear layers with an activation between them (none after the last).
///
/// `MLP([2, 64, 64, 1], activation: .tanh)` is 2 → 64 → 64 → 1.
public final class MLP: Module, UnaryLayer {
    public let layers: [Linear]
    public let activation: ActivationFunction

    public init(_ sizes: [Int], activation: ActivationFunction = .tanh, dtype: DType = .float32, using generator: inout RandomGenerator) {
        precondition(sizes.count >= 2, "MLP: needs at least input and output sizes, got \(sizes)")
        layers = (0..<sizes.count - 1).map { Linear(sizes[$0], sizes[$0 + 1], dtype: dtype, using: &generator) }
        self.activation = activation
        super.init()
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        var h = x
        for (i, layer) in layers.enumerated() {
            h = layer(h)
            if i < layers.count - 1 { h = activation(h) }
        }
        return h
    }
}
