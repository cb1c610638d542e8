import Autograd
import Tensor

/// y = x·Wᵀ + b, applied to the last axis: `[…, inputDimensions] → […, outputDimensions]`.
///
/// Weights are stored `[outputDimensions, inputDimensions]` (PyTorch's layout, so checkpoints interchange) and
/// initialized like PyTorch's `nn.Linear`: U(−1/√inputDimensions, 1/√inputDimensions) for both W and b.
///
/// ```swift
/// var generator = RandomGenerator(seed: 0)
/// let layer = Linear(3, 2, using: &generator)                 // 3 → 2, Float32
/// let given = Linear(weight: Tensor.eye(2), bias: nil)       // from a given weight
/// let y = layer(Variable(Tensor.ones([5, 3])))              // [5, 2]
/// ```
public final class Linear: Module, UnaryLayer {
    public let weight: Parameter
    public let bias: Parameter?

    /// A layer holding the given weight `[outputDimensions, inputDimensions]` and bias `[outputDimensions]` (or
    /// none); its dtype is theirs.
    public init(weight: Tensor, bias: Tensor?) {
        precondition(
            weight.rank == 2 && weight.dtype.isFloatingPoint,
            "Linear: weight must be a floating [outputDimensions, inputDimensions], got \(weight.dtype) "
                + "\(weight.shape)")
        if let bias {
            precondition(
                bias.shape == [weight.shape[0]] && bias.dtype == weight.dtype,
                "Linear: bias \(bias.dtype) \(bias.shape) for weight \(weight.dtype) \(weight.shape)")
        }
        self.weight = Parameter(weight)
        self.bias = bias.map { Parameter($0) }
        super.init()
    }

    /// A freshly initialized `inputDimensions → outputDimensions` layer.
    public convenience init(
        _ inputDimensions: Int, _ outputDimensions: Int, bias: Bool = true, dtype: DType = .float32,
        using generator: inout RandomGenerator
    ) {
        let bound = 1 / Double(inputDimensions).squareRoot()
        let w = Tensor.uniform(
            [outputDimensions, inputDimensions], low: -bound, high: bound, dtype: dtype, using: &generator)
        let b =
            bias ? Tensor.uniform([outputDimensions], low: -bound, high: bound, dtype: dtype, using: &generator) : nil
        self.init(weight: w, bias: b)
    }

    public var inputDimensions: Int { weight.shape[1] }
    public var outputDimensions: Int { weight.shape[0] }

    public func callAsFunction(_ x: Variable) -> Variable {
        checkInput(x)
        let w = weight.variable.transposed()
        return bias.map { x.matmul(w, adding: $0.variable) } ?? x.matmul(w)
    }

    /// activation(self(x)); with a bias and an activation that has a `ProductActivation` (tanh, sigmoid, ReLU), one
    /// op whose threads apply it to the rows of the product they computed (`matmul(_:adding:then:)`).
    public func callAsFunction(_ x: Variable, then activation: ActivationFunction) -> Variable {
        guard let bias, let fused = activation.productActivation else { return activation(self(x)) }
        checkInput(x)
        return x.matmul(weight.variable.transposed(), adding: bias.variable, then: fused)
    }

    private func checkInput(_ x: Variable) {
        precondition(
            x.shape.last == inputDimensions,
            "Linear: input \(x.shape) has last axis \(x.shape.last ?? 0), expected \(inputDimensions)")
        precondition(
            x.dtype == weight.dtype,
            "Linear: input is \(x.dtype) but the layer is \(weight.dtype) (weight \(weight.shape)); cast one to "
                + "the other's dtype")
    }
}
