import Autograd
import Tensor

/// y = x·Wᵀ + b, applied to the last axis: `[…, inputSize] → […, outputSize]`.
///
/// Weights are stored `[outputSize, inputSize]` (PyTorch's layout, so checkpoints interchange) and initialized
/// like PyTorch's `nn.Linear`: U(−1/√inputSize, 1/√inputSize) for both W and b.
public final class Linear: Module, UnaryLayer {
    public let weight: Parameter
    public let bias: Parameter?

    public init(weight: Tensor, bias: Tensor?) {
        precondition(weight.rank == 2, "Linear: weight must be [outputSize, inputSize], got \(weight.shape)")
        if let bias {
            precondition(bias.shape == [weight.shape[0]], "Linear: bias \(bias.shape) for weight \(weight.shape)")
        }
        self.weight = Parameter(weight)
        self.bias = bias.map { Parameter($0) }
        super.init()
    }

    public convenience init(
        _ inputSize: Int, _ outputSize: Int, bias: Bool = true, dtype: DType = .float32,
        using generator: inout RandomGenerator
    ) {
        let bound = 1 / Double(inputSize).squareRoot()
        let w = Tensor.uniform([outputSize, inputSize], low: -bound, high: bound, dtype: dtype, using: &generator)
        let b = bias ? Tensor.uniform([outputSize], low: -bound, high: bound, dtype: dtype, using: &generator) : nil
        self.init(weight: w, bias: b)
    }

    public var inputSize: Int { weight.shape[1] }
    public var outputSize: Int { weight.shape[0] }

    public func callAsFunction(_ x: Variable) -> Variable {
        precondition(
            x.shape.last == inputSize, "Linear: input \(x.shape) has last axis \(x.shape.last ?? 0), expected \(inputSize)")
        let y = x.matmul(weight.variable.transposed())
        return bias.map { y + $0.variable } ?? y
    }
}
