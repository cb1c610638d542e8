import Tensor

extension Variable {
    /// Matrix product with NumPy `matmul` rules (see `Tensor.matmul`).
    ///
    /// For `[…, m, k] · […, k, n]`: ∂a = g·bᵀ, ∂b = aᵀ·g (broadcast batch axes summed back by the engine).
    /// 1-D operands are promoted to a row or a column by differentiable reshapes.
    public func matmul(_ other: Variable) -> Variable {
        if rank == 1 && other.rank == 1 {
            precondition(
                shape == other.shape,
                "matmul: \(shape) × \(other.shape): inner dimensions \(shape[0]) and \(other.shape[0]) differ")
            return (self * other).sum()
        }
        if rank == 1 { return unsqueezed(axis: 0).matmul(other).squeezed(axis: -2) }
        if other.rank == 1 { return matmul(other.unsqueezed(axis: 1)).squeezed(axis: -1) }
        return Variable.record("matmul", value.matmul(other.value), self, other) { b in
            [
                b.needs(0) ? b.gradient.matmul(b.inputs[1].transposed()) : nil,
                b.needs(1) ? b.inputs[0].transposed().matmul(b.gradient) : nil,
            ]
        }
    }

    /// `self · other + addend` in one pass (see `Tensor.matmul(_:adding:)`): ∂a = g·bᵀ, ∂b = aᵀ·g, ∂addend = g
    /// (broadcast axes summed back by the engine).
    public func matmul(_ other: Variable, adding addend: Variable) -> Variable {
        guard rank >= 2, other.rank >= 2 else { return matmul(other) + addend }
        let result = value.matmul(other.value, adding: addend.value)
        return Variable.record("matmul(adding:)", result, [self, other, addend]) { b in
            [
                b.needs(0) ? b.gradient.matmul(b.inputs[1].transposed()) : nil,
                b.needs(1) ? b.inputs[0].transposed().matmul(b.gradient) : nil,
                b.needs(2) ? b.gradient : nil,
            ]
        }
    }
}
