import Autograd
import Tensor

/// The complex operations the state-space family needs beyond `ComplexVariable`'s arithmetic: conversions from and
/// to `ComplexTensor` and the principal logarithm.
extension ComplexVariable {
    /// A constant (no gradient) holding `value`.
    public init(constant value: ComplexTensor) {
        self.init(real: Variable(value.real), imaginary: Variable(value.imaginary))
    }

    /// The value of both parts, without the graph.
    public var values: ComplexTensor { ComplexTensor(real: real.value, imaginary: imaginary.value) }

    /// The principal logarithm log z = log|z| + i·atan2(Im z, Re z) (not differentiable at 0 or on the negative real
    /// axis, where the angle jumps by 2π).
    public func logarithm() -> ComplexVariable {
        ComplexVariable(real: absSquared().log() * 0.5, imaginary: imaginary.arcTangent2(real))
    }
}
