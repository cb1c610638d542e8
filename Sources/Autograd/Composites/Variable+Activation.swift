import Tensor

/// Activations and normalizers built from primitives (their derivatives of every order follow).
extension Variable {
    /// log softmax along `axis`: x − logΣexp x.
    public func logSoftmax(axis: Int = -1) -> Variable { self - logSumExp(axes: [axis], keepDims: true) }

    /// SiLU (swish): x·σ(x), as one `map` of `SiLU` (one pass forward, two backward).
    public func silu() -> Variable { map(SiLU()) }

    /// Each element limited to `[lower, upper]`; the gradient is zero where a bound is active.
    public func clamped(min lower: Double? = nil, max upper: Double? = nil) -> Variable {
        var inside = Tensor.ones(shape, dtype: dtype).compared(.equal, scalar: 1)
        if let lower { inside = inside.logicalAnd(value.compared(.greaterEqual, scalar: lower)) }
        if let upper { inside = inside.logicalAnd(value.compared(.lessEqual, scalar: upper)) }
        return Variable.where(inside, self, Variable(value.clamped(min: lower, max: upper)))
    }

    /// Kronecker product of two matrices: `[m, n] ⊗ [p, q] → [m·p, n·q]`, (A ⊗ B)[ip + k, jq + l] = A[i, j]·B[k, l].
    public func kronecker(_ other: Variable) -> Variable {
        precondition(rank == 2 && other.rank == 2, "kronecker: expects matrices, got \(shape) and \(other.shape)")
        let (m, n, p, q) = (shape[0], shape[1], other.shape[0], other.shape[1])
        let product = reshaped([m, 1, n, 1]) * other.reshaped([1, p, 1, q])
        return product.reshaped([m * p, n * q])
    }
}
