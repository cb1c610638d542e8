import Tensor

extension Variable {
    /// softmax along `axis`: y = exp(x − logΣexp x), one fused kernel (`Tensor.softmax`).
    ///
    /// ∂x = y ⊙ (g − Σ_axis g ⊙ y), written with the result y, so higher orders differentiate through y.
    public func softmax(axis: Int = -1) -> Variable {
        let axis = Layout.normalizeAxis(axis, shape: shape, op: "softmax")
        return Variable.record("softmax", value.softmax(axis: axis), self, scalar: Double(axis)) { b in
            let y = b.result
            let weighted = b.gradient * y
            return [weighted - y * weighted.sum(axes: [Int(b.scalar)], keepDims: true)]
        }
    }
}
