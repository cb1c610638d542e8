import Autograd
import Tensor

/// A multilayer perceptron: Linear layers with an activation between them (none after the last).
///
/// `MLP([2, 64, 64, 1], activation: .tanh, using: &generator)` is 2 → 64 → 64 → 1; `MLP(weights:biases:activation:)`
/// builds one from given tensors.
public final class MLP: Module, UnaryLayer {
    public let layers: [Linear]
    public let activation: ActivationFunction

    /// A freshly initialized MLP through `dimensions` (input, hidden…, output).
    public init(
        _ dimensions: [Int], activation: ActivationFunction = .tanh, dtype: DType = .float32,
        using generator: inout RandomGenerator
    ) {
        precondition(dimensions.count >= 2, "MLP: needs at least input and output dimensions, got \(dimensions)")
        layers = (0..<dimensions.count - 1).map {
            Linear(dimensions[$0], dimensions[$0 + 1], dtype: dtype, using: &generator)
        }
        self.activation = activation
        super.init()
    }

    /// An MLP holding the given weights (layer i: `[outᵢ, inᵢ]`, with inᵢ₊₁ = outᵢ) and biases (`[outᵢ]`; nil for
    /// none, or no array for no biases at all), all of one dtype.
    public init(weights: [Tensor], biases: [Tensor?]? = nil, activation: ActivationFunction = .tanh) {
        precondition(!weights.isEmpty, "MLP: needs at least one weight")
        precondition(
            biases == nil || biases!.count == weights.count,
            "MLP: \(weights.count) weights but \(biases!.count) biases")
        for (i, (w, next)) in zip(weights, weights.dropFirst()).enumerated() {
            precondition(
                w.rank == 2 && next.rank == 2 && next.shape[1] == w.shape[0],
                "MLP: weight \(i) \(w.shape) does not feed weight \(i + 1) \(next.shape) ([out, in] each)")
            precondition(
                next.dtype == w.dtype, "MLP: weight \(i) is \(w.dtype) but weight \(i + 1) is \(next.dtype)")
        }
        layers = weights.indices.map { Linear(weight: weights[$0], bias: biases?[$0] ?? nil) }
        self.activation = activation
        super.init()
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        var h = x
        for (i, layer) in layers.enumerated() {
            h = i < layers.count - 1 ? layer(h, then: activation) : layer(h)
        }
        return h
    }
}
