import Autograd
import Tensor

/// Layer normalization (Ba et al. 2016) over the trailing `normalizedShape` axes:
///
///     y = (x − μ) / √(σ² + ε) · γ + β,   μ, σ² the mean and population variance over those axes of each sample
///
/// Input `[…, *normalizedShape]`, output the same shape; γ (`weight`, ones) and β (`bias`, zeros) have
/// `normalizedShape` and exist only with `elementwiseAffine`. Written with differentiable ops, so derivatives of
/// every order flow (PINNs and neural operators differentiate through it).
///
/// ```swift
/// let norm = LayerNorm(normalizedShape: [64])
/// let y = norm(x)                                 // [batch, tokens, 64]
/// ```
public final class LayerNorm: Module, UnaryLayer {
    public let normalizedShape: [Int]
    public let epsilon: Double
    /// γ, `normalizedShape`; nil without elementwise affine.
    public let weight: Parameter?
    /// β, `normalizedShape`; nil without elementwise affine.
    public let bias: Parameter?

    public init(
        normalizedShape: [Int], epsilon: Double = 1e-5, elementwiseAffine: Bool = true, dtype: DType = .float32
    ) {
        precondition(
            !normalizedShape.isEmpty && normalizedShape.allSatisfy { $0 > 0 },
            "LayerNorm: normalized shape \(normalizedShape) must list positive sizes")
        self.normalizedShape = normalizedShape
        self.epsilon = epsilon
        weight = elementwiseAffine ? Parameter(Tensor.ones(normalizedShape, dtype: dtype)) : nil
        bias = elementwiseAffine ? Parameter(Tensor.zeros(normalizedShape, dtype: dtype)) : nil
        super.init()
    }

    /// `[…, *normalizedShape]` → the same shape.
    public func callAsFunction(_ x: Variable) -> Variable {
        callAsFunction(x, weight: weight?.variable, bias: bias?.variable)
    }

    /// The normalization with the given γ and β in place of the stored ones (functional use).
    public func callAsFunction(_ x: Variable, weight: Variable?, bias: Variable?) -> Variable {
        precondition(
            x.rank >= normalizedShape.count && Array(x.shape.suffix(normalizedShape.count)) == normalizedShape,
            "LayerNorm: input \(x.shape) does not end in the normalized shape \(normalizedShape)")
        for (name, parameter) in [("weight", weight), ("bias", bias)] {
            guard let parameter else { continue }
            precondition(
                parameter.shape == normalizedShape && parameter.dtype == x.dtype,
                "LayerNorm: \(name) \(parameter.shape) \(parameter.dtype) for normalized shape \(normalizedShape) and "
                    + "input \(x.dtype)")
        }
        let axes = Array(x.rank - normalizedShape.count..<x.rank)
        let centered = x - x.mean(axes: axes, keepDims: true)
        let variance = centered.square().mean(axes: axes, keepDims: true)
        var y = centered * (variance + epsilon).rsqrt()
        if let weight { y = y * weight }
        if let bias { y = y + bias }
        return y
    }
}
