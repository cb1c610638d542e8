import Tensor

/// Function transformations in the style of JAX: each takes a closure over variables and a point.
public enum Derivatives {
    /// f(x) and ∇f(x) for a scalar-valued `f` of several inputs.
    public static func valueWithGradient(at inputs: [Tensor], of f: ([Variable]) -> Variable) -> (
        value: Tensor, gradients: [Tensor]
    ) {
        let leaves = inputs.map { Variable.leaf($0) }
        let y = f(leaves)
        return (y.value, gradients(of: y, wrt: leaves).map(\.value))
    }

    /// f(x) and the vector-Jacobian product cᵀ·∂f/∂x for each input.
    public static func vjp(at inputs: [Tensor], cotangent: Tensor, of f: ([Variable]) -> Variable) -> (
        value: Tensor, products: [Tensor]
    ) {
        let leaves = inputs.map { Variable.leaf($0) }
        let y = f(leaves)
        return (y.value, gradients(of: y, wrt: leaves, seed: cotangent).map(\.value))
    }

    /// f(x) and the Jacobian-vector product Σᵢ ∂f/∂xᵢ·tᵢ, by the double-VJP trick: u ↦ Jᵀu is linear, and its
    /// gradient along t is J·t.
    public static func jvp(at inputs: [Tensor], tangents: [Tensor], of f: ([Variable]) -> Variable) -> (
        value: Tensor, product: Tensor
    ) {
        precondition(inputs.count == tangents.count, "jvp: \(inputs.count) inputs but \(tangents.count) tangents")
        for (x, t) in zip(inputs, tangents) {
            precondition(x.shape == t.shape, "jvp: tangent of shape \(t.shape) for an input of shape \(x.shape)")
        }
        let leaves = inputs.map { Variable.leaf($0) }
        let y = f(leaves)
        let u = Variable.leaf(Tensor.zeros(y.shape, dtype: y.dtype))
        let vjps = gradients(of: y, wrt: leaves, seed: u, createGraph: true)
        var inner: Variable?
        for (g, t) in zip(vjps, tangents) {
            let term = (g * Variable(t)).sum()
            inner = inner.map { $0 + term } ?? term
        }
        guard let inner, inner.requiresGradient else { return (y.value, Tensor.zeros(y.shape, dtype: y.dtype)) }
        return (y.value, gradients(of: inner, wrt: [u])[0].value)
    }

    /// The Jacobian of `f` at `x`: shape `f(x).shape + x.shape`, one reverse pass per output element.
    public static func jacobian(at input: Tensor, of f: (Variable) -> Variable) -> Tensor {
        let leaf = Variable.leaf(input)
        let y = f(leaf)
        var rows: [Tensor] = []
        rows.reserveCapacity(y.count)
        for j in 0..<y.count {
            var seed = [Double](repeating: 0, count: y.count)
            seed[j] = 1
            let g = gradients(of: y, wrt: [leaf], seed: Tensor(seed, shape: y.shape, dtype: y.dtype))[0]
            rows.append(g.value.reshaped([1, input.count]))
        }
        let stackedRows = rows.isEmpty ? Tensor.zeros([0, input.count], dtype: input.dtype) : Tensor.concatenated(rows)
        return stackedRows.reshaped(y.shape + input.shape)
    }

    /// The Hessian of a scalar `f` at `x`: shape `x.shape + x.shape`.
    public static func hessian(at input: Tensor, of f: (Variable) -> Variable) -> Tensor {
        jacobian(at: input) { x in
            let y = f(x)
            precondition(y.count == 1, "hessian: f must be scalar, got shape \(y.shape)")
            return gradients(of: y, wrt: [x], createGraph: true)[0]
        }
    }

    /// The Hessian-vector product ∇²f(x)·v of a scalar `f`: the gradient of ⟨∇f, v⟩.
    public static func hessianVectorProduct(at input: Tensor, vector: Tensor, of f: (Variable) -> Variable) -> Tensor {
        hessianVectorProduct(at: [input], vectors: [vector]) { f($0[0]) }[0]
    }

    /// The Hessian-vector product of a scalar `f` of several inputs x₁ … xₙ along v = (v₁ … vₙ): for each input i,
    /// Σⱼ ∂²f/∂xᵢ∂xⱼ·vⱼ (the gradient of ⟨∇f, v⟩), of xᵢ's shape. Cross terms between inputs are included, as in
    /// `torch.autograd.functional.hvp` over a tuple of inputs.
    ///
    /// ```swift
    /// // f(w, b) = Σ (x·w + b − y)²: the curvature of a least-squares loss along (dw, db)
    /// let products = Derivatives.hessianVectorProduct(at: [w, b], vectors: [dw, db]) { p in
    ///     (x.matmul(p[0]) + p[1] - y).square().sum()
    /// }   // [∂²f/∂w²·dw + ∂²f/∂w∂b·db, ∂²f/∂b∂w·dw + ∂²f/∂b²·db]
    /// ```
    public static func hessianVectorProduct(
        at inputs: [Tensor], vectors: [Tensor], of f: ([Variable]) -> Variable
    ) -> [Tensor] {
        precondition(
            inputs.count == vectors.count, "hessianVectorProduct: \(inputs.count) inputs but \(vectors.count) vectors")
        for (x, v) in zip(inputs, vectors) {
            precondition(x.shape == v.shape, "hessianVectorProduct: vector \(v.shape) for input \(x.shape)")
        }
        let leaves = inputs.map { Variable.leaf($0) }
        let y = f(leaves)
        precondition(y.count == 1, "hessianVectorProduct: f must be scalar, got shape \(y.shape)")
        let grads = gradients(of: y, wrt: leaves, createGraph: true)
        var directional: Variable?
        for (g, v) in zip(grads, vectors) {
            let term = (g * Variable(v)).sum()
            directional = directional.map { $0 + term } ?? term
        }
        guard let directional, directional.requiresGradient else {
            return inputs.map { Tensor.zeros($0.shape, dtype: $0.dtype) }
        }
        return gradients(of: directional, wrt: leaves).map(\.value)
    }

    /// Per-sample gradients: for each sample i of `batch` (split along axis 0), ∇_θ loss(θ, sampleᵢ), stacked
    /// along a new leading axis for each parameter: shapes `[batch] + θⱼ.shape`.
    public static func perSampleGradients(
        parameters: [Tensor], batch: Tensor, of loss: ([Variable], Tensor) -> Variable
    ) -> [Tensor] {
        let n = batch.shape.first ?? 0
        var perParameter = [[Tensor]](repeating: [], count: parameters.count)
        let leaves = parameters.map { Variable.leaf($0) }
        for i in 0..<n {
            let sample = batch.narrowed(axis: 0, start: i, length: 1)
            let grads = gradients(of: loss(leaves, sample), wrt: leaves)
            for (j, g) in grads.enumerated() { perParameter[j].append(g.value.reshaped([1, g.count])) }
        }
        return perParameter.enumerated().map { j, rows in
            let p = parameters[j]
            let stackedRows = rows.isEmpty ? Tensor.zeros([0, p.count], dtype: p.dtype) : Tensor.concatenated(rows)
            return stackedRows.reshaped([n] + p.shape)
        }
    }
}
