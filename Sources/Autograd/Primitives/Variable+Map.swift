import Tensor

extension Variable {
    /// `function` applied to every element in one pass (`Tensor.map`); ∂ = g·f′(x), with f′ = `Derivative(function)`
    /// evaluated by dual numbers in one pass too. The pullback is itself a `map`, so every order is differentiable.
    ///
    /// ```swift
    /// let y = x.map(TanhGELU())     // one node, one pass forward, two passes backward (f′(x), then g·f′)
    /// ```
    @inlinable
    public func map<Function: ElementwiseFunction>(_ function: Function) -> Variable {
        Variable.record("map", value.map(function), self) { b in
            [b.gradient * b.inputs[0].map(Derivative(function))]
        }
    }
}
