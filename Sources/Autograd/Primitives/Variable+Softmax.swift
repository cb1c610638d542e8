import Tensor

extension Variable {
    /// softmax along `axis`: y = exp(x − logΣexp x), one fused kernel (`Tensor.softmax`).
    ///
    /// ∂x = y ⊙ (g − Σ_axis g ⊙ y), the fused `softmaxPullback` of g and the result y, so higher orders
    /// differentiate through y.
    public func softmax(axis: Int = -1) -> Variable {
        let axis = Layout.normalizeAxis(axis, shape: shape, op: "softmax")
        return Variable.record("softmax", value.softmax(axis: axis), self, scalar: Double(axis)) { b in
            [Variable.softmaxPullback(gradient: b.gradient, output: b.result, axis: Int(b.scalar))]
        }
    }

    /// z = y ⊙ (g − Σ_axis g ⊙ y) (softmax's vector-Jacobian product) as one op. It is bilinear: for an upstream
    /// h, ∂g = y ⊙ (h − Σ h ⊙ y) (the same op) and ∂y = h ⊙ (g − Σ g ⊙ y) − g ⊙ Σ h ⊙ y.
    static func softmaxPullback(gradient g: Variable, output y: Variable, axis: Int) -> Variable {
        let value = Tensor.softmaxPullback(gradient: g.value, output: y.value, axis: axis)
        return Variable.record("softmaxPullback", value, g, y) { b in
            let (h, g, y) = (b.gradient, b.inputs[0], b.inputs[1])
            return [
                b.needs(0) ? softmaxPullback(gradient: h, output: y, axis: axis) : nil,
                b.needs(1)
                    ? h * (g - (g * y).sum(axes: [axis], keepDims: true)) - g
                        * (h * y).sum(axes: [axis], keepDims: true)
                    : nil,
            ]
        }
    }
}
