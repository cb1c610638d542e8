import Autograd
import Tensor

/// Layer normalization over the last axis: y = (x − mean)/√(var + ε)·γ + β, with γ, β `[features]`.
///
/// Interim: the state-space blocks need it before the shared Layers helper lands; this file goes once it does.
public final class LayerNorm: Module, UnaryLayer {
    public let weight: Parameter
    public let bias: Parameter
    public let epsilon: Double

    public init(_ features: Int, epsilon: Double = 1e-5, dtype: DType = .float64) {
        weight = Parameter(Tensor.ones([features], dtype: dtype))
        bias = Parameter(Tensor.zeros([features], dtype: dtype))
        self.epsilon = epsilon
        super.init()
    }

    /// `[…, features]` → `[…, features]`.
    public func callAsFunction(_ x: Variable) -> Variable {
        precondition(x.shape.last == weight.shape[0], "LayerNorm: input \(x.shape) for \(weight.shape[0]) features")
        let centered = x - x.mean(axes: [-1], keepDims: true)
        let variance = centered.square().mean(axes: [-1], keepDims: true)
        return centered * (variance + epsilon).rsqrt() * weight.variable + bias.variable
    }
}
