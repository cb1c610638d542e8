import Autograd
import Tensor

/// A linear layer whose weight is a Toeplitz or Hankel matrix (see `StructuredMatrix`): y = A(c)·x + b on the last
/// axis, `[…, inputDimensions]` → `[…, outputDimensions]`, with m + n − 1 weights instead of m·n.
///
/// Coefficients and bias are initialized like `Linear`'s, U(−1/√n, 1/√n), so a row has the variance of a dense row.
///
/// ```swift
/// var generator = RandomGenerator(seed: 0)
/// let layer = StructuredLinear(64, 64, structure: .hankel, using: &generator)  // 127 weights + 64 biases
/// let y = layer(Variable(Tensor.ones([8, 64])))                                 // [8, 64]
/// ```
public final class StructuredLinear: Module, UnaryLayer {
    public let structure: StructuredMatrix
    public let method: StructuredMatrix.ProductMethod
    public let outputDimensions: Int
    public let inputDimensions: Int
    /// c, `[outputDimensions + inputDimensions − 1]`.
    public let coefficients: Parameter
    public let bias: Parameter?

    /// A layer holding the given coefficients c `[m + n − 1]` and bias `[m]` (or none); its dtype is theirs.
    public init(
        inputDimensions n: Int, coefficients: Tensor, bias: Tensor?, structure: StructuredMatrix,
        method: StructuredMatrix.ProductMethod = .gather
    ) {
        let m = coefficients.count - n + 1
        precondition(
            coefficients.rank == 1 && n >= 1 && m >= 1 && coefficients.dtype.isFloatingPoint,
            "StructuredLinear: coefficients must be a floating [outputDimensions + \(n) − 1], got "
                + "\(coefficients.dtype) \(coefficients.shape)")
        if let bias {
            precondition(
                bias.shape == [m] && bias.dtype == coefficients.dtype,
                "StructuredLinear: bias \(bias.dtype) \(bias.shape) for \(m) outputs of \(coefficients.dtype)")
        }
        self.structure = structure
        self.method = method
        self.outputDimensions = m
        self.inputDimensions = n
        self.coefficients = Parameter(coefficients)
        self.bias = bias.map { Parameter($0) }
        super.init()
    }

    /// A freshly initialized `inputDimensions → outputDimensions` layer.
    public convenience init(
        _ inputDimensions: Int, _ outputDimensions: Int, structure: StructuredMatrix,
        method: StructuredMatrix.ProductMethod = .gather, bias: Bool = true, dtype: DType = .float32,
        using generator: inout RandomGenerator
    ) {
        let bound = 1 / Double(inputDimensions).squareRoot()
        let count = StructuredMatrix.coefficientCount(rows: outputDimensions, columns: inputDimensions)
        let c = Tensor.uniform([count], low: -bound, high: bound, dtype: dtype, using: &generator)
        let b =
            bias ? Tensor.uniform([outputDimensions], low: -bound, high: bound, dtype: dtype, using: &generator) : nil
        self.init(inputDimensions: inputDimensions, coefficients: c, bias: b, structure: structure, method: method)
    }

    /// The dense weight `[outputDimensions, inputDimensions]` (for inspection and tests).
    public var weight: Variable {
        structure.dense(coefficients.variable, rows: outputDimensions, columns: inputDimensions)
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        precondition(
            x.shape.last == inputDimensions && x.dtype == coefficients.dtype,
            "StructuredLinear (\(structure.rawValue)): input \(x.dtype) \(x.shape) must end in \(inputDimensions) "
                + "and be \(coefficients.dtype)")
        let y = structure.apply(x, coefficients: coefficients.variable, rows: outputDimensions, method: method)
        return bias.map { y + $0.variable } ?? y
    }
}
