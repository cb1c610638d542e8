import Tensor

/// Differentiable linear algebra: the `Linalg` functions on variables. Each pullback is written with variable ops
/// (solves, products, masks), so second derivatives work. Shapes are batched over leading axes like the Tensor
/// versions. Rules as in PyTorch's `derivatives.yaml` / Murray (2016) / Townsend (2016).
extension Linalg {
    /// Cholesky factor L of a symmetric positive definite A (A = L·Lᵀ).
    /// ∂A = ½(S + Sᵀ) with S = L⁻ᵀ·Φ(Lᵀ·∂L)·L⁻¹ and Φ the lower triangle with its diagonal halved.
    public static func cholesky(_ a: Variable) throws -> Variable {
        let factor = try cholesky(a.value)
        return Variable.record("cholesky", factor, a) { b in
            let l = b.result
            let n = l.shape[l.rank - 1]
            let p = l.transposed().matmul(b.gradient) * Variable(halvedLowerMask(n, dtype: l.dtype))
            // L is a Cholesky factor: its diagonal is positive, so these solves cannot fail.
            let y = try! solveTriangular(l.transposed(), p, upper: true)  // L⁻ᵀ·P
            let s = try! solveTriangular(l.transposed(), y.transposed(), upper: true).transposed()  // Y·L⁻¹
            return [(s + s.transposed()) * 0.5]
        }
    }

    /// X = op(A)⁻¹·B for a triangular A (`upper` selects which triangle is read); B is `[…, n, k]`.
    /// ∂B = A⁻ᵀ·g (a triangular solve with the other triangle), ∂A = −∂B·Xᵀ kept on A's triangle.
    public static func solveTriangular(_ a: Variable, _ b: Variable, upper: Bool, unitDiagonal: Bool = false) throws
        -> Variable
    {
        let x = try Linalg.solveTriangular(a.value, b.value, upper: upper, left: true, unitDiagonal: unitDiagonal)
        return Variable.record("solveTriangular", x, a, b) { bw in
            // A solved in the forward pass, so it has no zero on its diagonal.
            let gb = try! solveTriangular(
                bw.inputs[0].transposed(), bw.gradient, upper: !upper, unitDiagonal: unitDiagonal)
            guard bw.needs(0) else { return [nil, gb] }
            let n = bw.inputs[0].shape[bw.inputs[0].rank - 1]
            let mask = triangleMask(n, upper: upper, includeDiagonal: !unitDiagonal, dtype: x.dtype)
            return [-(gb.matmul(bw.result.transposed())) * Variable(mask), bw.needs(1) ? gb : nil]
        }
    }

    /// X = A⁻¹·B for square A; B is `[…, n, k]` or vectors `[…, n]` by `Linalg.isVectorRightHandSide` (PyTorch's
    /// rule, as the `Tensor` version), batch axes broadcast. ∂B = A⁻ᵀ·g, ∂A = −∂B·Xᵀ.
    public static func solve(_ a: Variable, _ b: Variable) throws -> Variable {
        if isVectorRightHandSide(b.shape, of: a.shape) {
            return try solve(a, b.unsqueezed(axis: -1)).squeezed(axis: -1)
        }
        let x = try solve(a.value, b.value)
        return Variable.record("solve", x, a, b) { bw in
            // A was invertible in the forward pass, so its transpose is too.
            let gb = try! solve(bw.inputs[0].transposed(), bw.gradient)
            return [bw.needs(0) ? -(gb.matmul(bw.result.transposed())) : nil, bw.needs(1) ? gb : nil]
        }
    }

    /// A⁻¹. ∂A = −Yᵀ·g·Yᵀ with Y = A⁻¹.
    public static func inverse(_ a: Variable) throws -> Variable {
        Variable.record("inverse", try inverse(a.value), a) { b in
            let yt = b.result.transposed()
            return [-(yt.matmul(b.gradient).matmul(yt))]
        }
    }

    /// A⁻¹ of a symmetric positive definite A `[…, n, n]` from `factor`, the lower Cholesky factor of `a.value` (from
    /// `Linalg.cholesky`), by LAPACK `potri`. ∂A = −A⁻¹·g·A⁻¹ (A⁻¹ is symmetric).
    public static func choleskyInverse(_ a: Variable, factor: Tensor) -> Variable {
        precondition(
            factor.shape == a.shape, "choleskyInverse: factor \(factor.shape) must have the matrix's shape \(a.shape)")
        // A Cholesky factor has a positive diagonal, so potri cannot fail.
        return Variable.record("choleskyInverse", try! choleskyInverse(factor), a) { b in
            [-(b.result.matmul(b.gradient).matmul(b.result))]
        }
    }

    /// log|det A|. ∂A = g·A⁻ᵀ.
    public static func logAbsDeterminant(_ a: Variable) throws -> Variable {
        let value = logDeterminant(a.value).logAbsoluteValue
        return Variable.record("logAbsDeterminant", value, a) { b in
            let inverseT = (try! inverse(b.inputs[0])).transposed()
            return [b.gradient.unsqueezed(axis: -1).unsqueezed(axis: -1) * inverseT]
        }
    }

    /// det A. ∂A = g·det(A)·A⁻ᵀ.
    public static func determinant(_ a: Variable) throws -> Variable {
        let value = determinant(a.value)
        return Variable.record("determinant", value, a) { b in
            let inverseT = (try! inverse(b.inputs[0])).transposed()
            let scale = (b.gradient * b.result).unsqueezed(axis: -1).unsqueezed(axis: -1)
            return [scale * inverseT]
        }
    }

    /// Eigenvalues (ascending) and eigenvectors of a symmetric A, for distinct eigenvalues.
    /// ∂A = sym(V·(diag(∂λ) + F∘(Vᵀ·∂V))·Vᵀ), F_ij = 1/(λⱼ − λᵢ) off the diagonal, 0 on it.
    public static func eigh(_ a: Variable) throws -> (eigenvalues: Variable, eigenvectors: Variable) {
        let (values, vectors) = try eigh(a.value)
        let outputs = Variable.recordMultiple("eigh", outputs: [values, vectors], inputs: [a]) { g, r, _ in
            let (gl, gv) = (g[0], g[1])
            let (l, v) = (r[0], r[1])
            let n = l.shape[l.rank - 1]
            let f = inverseGaps(l, n: n)
            let inner = f * v.transposed().matmul(gv) + diagonalMatrix(gl, n: n)
            let ga = v.matmul(inner).matmul(v.transposed())
            return [(ga + ga.transposed()) * 0.5]
        }
        return (outputs[0], outputs[1])
    }

    /// Reduced SVD A = U·diag(S)·Vh for distinct non-zero singular values. With V = Vhᵀ, F_ij = 1/(sⱼ² − sᵢ²)
    /// (0 on the diagonal), J = F∘(Uᵀ∂U − ∂UᵀU) and K = F∘(Vᵀ∂V − ∂VᵀV) (Townsend 2016):
    /// ∂A = U·(J·S + S·K + diag(∂S))·Vᵀ + (I − UUᵀ)·∂U·S⁻¹·Vᵀ + U·S⁻¹·∂Vᵀ·(I − VVᵀ).
    public static func svd(_ a: Variable) throws -> (u: Variable, s: Variable, vh: Variable) {
        let (u, s, vh) = try svd(a.value, fullMatrices: false)
        let outputs = Variable.recordMultiple("svd", outputs: [u, s, vh], inputs: [a]) { g, r, _ in
            let (gu, gs, gvh) = (g[0], g[1], g[2])
            let (u, s, vh) = (r[0], r[1], r[2])
            let v = vh.transposed()
            let gv = gvh.transposed()
            let k = s.shape[s.rank - 1]
            let m = u.shape[u.rank - 2]
            let n = v.shape[v.rank - 2]
            let f = inverseGaps(s.square(), n: k)
            let sRow = s.unsqueezed(axis: -2)
            let sColumn = s.unsqueezed(axis: -1)
            let utgu = u.transposed().matmul(gu)
            let vtgv = v.transposed().matmul(gv)
            let j = f * (utgu - utgu.transposed())
            let kk = f * (vtgv - vtgv.transposed())
            let core = j * sRow + sColumn * kk + diagonalMatrix(gs, n: k)
            var ga = u.matmul(core).matmul(vh)
            let sInverse = s.reciprocal()
            if m > k {
                let projected = gu - u.matmul(utgu)  // (I − UUᵀ)·∂U
                ga = ga + (projected * sInverse.unsqueezed(axis: -2)).matmul(vh)
            }
            if n > k {
                let projected = gv - v.matmul(vtgv)  // (I − VVᵀ)·∂V
                ga = ga + (u * sInverse.unsqueezed(axis: -2)).matmul(projected.transposed())
            }
            return [ga]
        }
        return (outputs[0], outputs[1], outputs[2])
    }

    /// The singular values `[…, k]` of A `[…, m, n]` (k = min(m, n)), descending. ∂A = U·diag(g)·Vh with U, Vh from
    /// the differentiable `svd` of A, so second derivatives hold where the singular values are distinct and non-zero.
    /// For a repeated singular value the first derivative of a symmetric function of the tied values (their sum, or
    /// one of them in a real embedding of a complex matrix, where every value appears twice) is still exact: any
    /// basis of the tied singular space gives the same U·diag(g)·Vh.
    public static func singularValues(_ a: Variable) throws -> Variable {
        Variable.record("singularValues", try singularValues(a.value), a) { b in
            let (u, _, vh) = try! svd(b.inputs[0])  // A was decomposed in the forward pass.
            return [(u * b.gradient.unsqueezed(axis: -2)).matmul(vh)]
        }
    }

    /// Least-squares solution of A·X ≈ B for a full-column-rank A (`[…, m, n]`, m ≥ n); B is `[…, m, k]` or
    /// vectors `[…, m]` by `Linalg.isVectorRightHandSide` (as `solve`), batch axes broadcast.
    /// With G = (AᵀA)⁻¹·g and the residual R = B − A·X: ∂B = A·G, ∂A = R·Gᵀ − A·G·Xᵀ.
    public static func leastSquares(_ a: Variable, _ b: Variable) throws -> Variable {
        if isVectorRightHandSide(b.shape, of: a.shape) {
            return try leastSquares(a, b.unsqueezed(axis: -1)).squeezed(axis: -1)
        }
        let x = try leastSquares(a.value, b.value)
        return Variable.record("leastSquares", x, a, b) { bw in
            let (a, b, x) = (bw.inputs[0], bw.inputs[1], bw.result)
            let g = try! solve(a.transposed().matmul(a), bw.gradient)
            let ag = a.matmul(g)
            guard bw.needs(0) else { return [nil, ag] }
            let residual = b - a.matmul(x)
            return [residual.matmul(g.transposed()) - ag.matmul(x.transposed()), bw.needs(1) ? ag : nil]
        }
    }

    /// F_ij = 1/(λⱼ − λᵢ) for i ≠ j and 0 on the diagonal, from `[…, n]` values (a differentiable matrix).
    private static func inverseGaps(_ values: Variable, n: Int) -> Variable {
        let eye = Tensor.eye(n, dtype: values.dtype).compared(.equal, scalar: 1)
        let gaps = values.unsqueezed(axis: -2) - values.unsqueezed(axis: -1)
        let one = Variable(Tensor.ones([], dtype: values.dtype))
        let zero = Variable(Tensor.zeros([], dtype: values.dtype))
        return Variable.where(eye, zero, 1 / Variable.where(eye, one, gaps))
    }

    /// diag(d) from `[…, n]` values, as `[…, n, n]`.
    private static func diagonalMatrix(_ d: Variable, n: Int) -> Variable {
        d.unsqueezed(axis: -2) * Variable(Tensor.eye(n, dtype: d.dtype))
    }

    /// The lower-triangle mask with ½ on the diagonal (the Φ of the Cholesky rule).
    private static func halvedLowerMask(_ n: Int, dtype: DType) -> Tensor {
        var values = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0...i { values[i * n + j] = i == j ? 0.5 : 1 } }
        return Tensor(values, shape: [n, n], dtype: dtype)
    }

    /// 1 on the chosen triangle of an n×n matrix (with or without the diagonal), 0 elsewhere.
    private static func triangleMask(_ n: Int, upper: Bool, includeDiagonal: Bool, dtype: DType) -> Tensor {
        var values = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n where (upper ? j > i : j < i) || (includeDiagonal && i == j) { values[i * n + j] = 1 }
        }
        return Tensor(values, shape: [n, n], dtype: dtype)
    }
}
