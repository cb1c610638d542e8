import Autograd
import Foundation
import Tensor

/// The complex operations the state-space family needs beyond `ComplexVariable`'s arithmetic: conversions from and
/// to `ComplexTensor`, the principal logarithm, and the real embedding used for singular values.
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
        ComplexVariable(real: absSquared().log() * 0.5, imaginary: ComplexVariable.angle(y: imaginary, x: real))
    }

    /// atan2(y, x) elementwise; ∂/∂y = x/(x² + y²), ∂/∂x = −y/(x² + y²).
    static func angle(y: Variable, x: Variable) -> Variable {
        let ys = y.value.cast(to: .float64).scalars(as: Double.self)
        let xs = x.value.cast(to: .float64).scalars(as: Double.self)
        let angles = Tensor(zip(ys, xs).map { Foundation.atan2($0, $1) }, shape: y.shape).cast(to: y.dtype)
        return Variable.custom(name: "atan2", value: angles, inputs: [y, x]) { b in
            let y = b.inputs[0]
            let x = b.inputs[1]
            let radiusSquared = x.square() + y.square()
            return [
                b.needs(0) ? b.gradient * x / radiusSquared : nil, b.needs(1) ? -b.gradient * y / radiusSquared : nil,
            ]
        }
    }
}

extension ComplexTensor {
    /// The real `[2m, 2n]` matrix [[Re, −Im], [Im, Re]] of a complex `[m, n]` matrix: it maps (Re x, Im x) to
    /// (Re Mx, Im Mx), and its singular values are those of the complex matrix, each twice.
    public var realEmbedding: Tensor {
        Tensor.concatenated(
            [
                Tensor.concatenated([real, imaginary.negated()], axis: 1),
                Tensor.concatenated([imaginary, real], axis: 1),
            ], axis: 0)
    }

    /// The magnitudes |z|.
    public func magnitudes() -> Tensor { (real.square() + imaginary.square()).sqrt() }

    /// Both parts cast to `dtype`.
    public func cast(to dtype: DType) -> ComplexTensor {
        ComplexTensor(real: real.cast(to: dtype), imaginary: imaginary.cast(to: dtype))
    }
}
