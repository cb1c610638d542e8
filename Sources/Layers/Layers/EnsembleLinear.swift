import Autograd
import Tensor

/// E independent `Linear` layers evaluated as one batched product — many small models trained at once (vmap over
/// a model ensemble): y[e] = x[e]·W[e]ᵀ + b[e].
///
/// Input `[n, inputDimensions]` (shared by every member) or `[E, n, inputDimensions]` (one batch per member); output
/// `[E, n, outputDimensions]`. Weights `[E, outputDimensions, inputDimensions]`, biases `[E, outputDimensions]`. The
/// members share no parameters, so a loss that sums the members' losses trains each one exactly as if alone.
///
/// ```swift
/// var generator = RandomGenerator(seed: 0)
/// let members = EnsembleLinear(members: 8, 3, 2, using: &generator)
/// let y = members(Variable(Tensor.ones([5, 3])))             // [8, 5, 2]
/// ```
public final class EnsembleLinear: Module, UnaryLayer {
    public let weight: Parameter
    public let bias: Parameter?

    /// An ensemble holding the given weights `[E, outputDimensions, inputDimensions]` and biases
    /// `[E, outputDimensions]` (or none); its dtype is theirs.
    public init(weight: Tensor, bias: Tensor?) {
        precondition(
            weight.rank == 3 && weight.dtype.isFloatingPoint,
            "EnsembleLinear: weight must be a floating [members, outputDimensions, inputDimensions], got "
                + "\(weight.dtype) \(weight.shape)")
        if let bias {
            precondition(
                bias.shape == [weight.shape[0], weight.shape[1]] && bias.dtype == weight.dtype,
                "EnsembleLinear: bias \(bias.dtype) \(bias.shape) for weight \(weight.dtype) \(weight.shape)")
        }
        self.weight = Parameter(weight)
        self.bias = bias.map { Parameter($0) }
        super.init()
    }

    /// `members` freshly initialized `inputDimensions → outputDimensions` layers, each as `Linear` initializes one.
    public convenience init(
        members: Int, _ inputDimensions: Int, _ outputDimensions: Int, bias: Bool = true, dtype: DType = .float32,
        using generator: inout RandomGenerator
    ) {
        let bound = 1 / Double(inputDimensions).squareRoot()
        let w = Tensor.uniform(
            [members, outputDimensions, inputDimensions], low: -bound, high: bound, dtype: dtype, using: &generator)
        let b =
            bias
            ? Tensor.uniform([members, outputDimensions], low: -bound, high: bound, dtype: dtype, using: &generator)
            : nil
        self.init(weight: w, bias: b)
    }

    public var members: Int { weight.shape[0] }
    public var inputDimensions: Int { weight.shape[2] }
    public var outputDimensions: Int { weight.shape[1] }

    public func callAsFunction(_ x: Variable) -> Variable {
        precondition(
            (x.rank == 2 || (x.rank == 3 && x.shape[0] == members)) && x.shape.last == inputDimensions,
            "EnsembleLinear: input \(x.shape) is neither [n, \(inputDimensions)] nor [\(members), n, \(inputDimensions)]"
        )
        precondition(
            x.dtype == weight.dtype,
            "EnsembleLinear: input is \(x.dtype) but the layer is \(weight.dtype) (weight \(weight.shape))")
        let y = x.matmul(weight.variable.transposed())  // [E, n, out]
        return bias.map { y + $0.variable.unsqueezed(axis: 1) } ?? y
    }
}
