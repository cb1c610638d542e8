import Tensor

extension Variable {
    /// A user-defined differentiable op: `value`, computed by the caller from the inputs' values, recorded with
    /// `pullback` as its backward rule.
    ///
    /// The pullback receives ∂L/∂result (`gradient`), the result and the inputs, and returns ∂L/∂input for each input
    /// in order (nil for zero, or for an input where `needs(i)` is false). Write it with `Variable` ops, not on raw
    /// tensors, so that gradients of gradients work; never capture the result (the engine passes it in). A gradient
    /// may have the broadcast shape of the result: the engine sums it back to the input's shape. Like every op, the
    /// result is a constant when recording is off or no input needs a gradient.
    ///
    /// ```swift
    /// // y = x³, ∂ = 3x²·g
    /// let y = Variable.custom(name: "cube", value: x.value.pow(3), inputs: [x]) { b in
    ///     [b.gradient * b.inputs[0].square() * 3]
    /// }
    /// ```
    public static func custom(name: String, value: Tensor, inputs: [Variable], pullback: @escaping Pullback)
        -> Variable
    {
        record(name, value, inputs, pullback)
    }
}
