/// Linear algebra on LAPACK: factorizations, solves, determinants, singular value and eigen decompositions.
///
/// ```swift
/// let a = Tensor([4.0, 2, 2, 3], shape: [2, 2])
/// let l = try Linalg.cholesky(a)                       // [2, 2], a = l·lᵀ
/// let x = try Linalg.solve(a, Tensor([1.0, 2]))        // [2]
/// let (u, s, vh) = try Linalg.svd(a)                   // a = u·diag(s)·vh
/// ```
///
/// Conventions shared by every function:
/// - Matrices are the last two axes of a tensor; the leading axes are a batch, looped over (`[..., m, n]`). Functions
///   of two operands broadcast their batch axes by the NumPy rule.
/// - `float32` and `float64`; results have the input's dtype.
/// - Inputs may have any layout (transposed, permuted, sliced or expanded views). Each matrix is copied into a
///   private dense buffer, which LAPACK overwrites; results are fresh dense row-major tensors.
/// - LAPACK runs column-major (`LAPACK_COL_MAJOR`). A row-major copy of `A`, read column-major, is `Aᵀ`, and some
///   routines need nothing else: Cholesky and `eigh` (symmetric: factor `Aᵀ` with the other triangle), the LU behind
///   `determinant`, `inverse` and `solve` (`det Aᵀ = det A`, `(Aᵀ)⁻¹ = (A⁻¹)ᵀ`, `getrs` with `trans = T`),
///   `solveTriangular` and the SVD (the SVD of `Aᵀ` is that of `A` with `U` and `V` swapped). QR, `eig`,
///   least squares and right-hand sides are copied into column-major order instead.
/// - A numerical failure (not positive definite, singular, no convergence) is a thrown `LinearAlgebraError` naming
///   the operation, the input shape and the batch index. A shape or dtype mistake is a precondition failure.
/// - NaNs reach LAPACK unchecked, as in NumPy and PyTorch: they propagate to the results or surface as one of the
///   errors above.
public enum Linalg {}

extension Linalg {
    /// The batch shape and matrix size of `a` (`[..., rows, columns]`, a floating dtype), or a precondition failure
    /// naming `op`.
    static func matrixShape(_ a: Tensor, op: String, name: String = "A") -> (batch: [Int], rows: Int, columns: Int) {
        precondition(
            a.dtype.isFloatingPoint, "\(op): \(name) \(a.shape) is \(a.dtype); expects float32 or float64")
        precondition(a.rank >= 2, "\(op): \(name) \(a.shape) is not a matrix (rank \(a.rank) < 2)")
        return (Array(a.shape.dropLast(2)), a.shape[a.rank - 2], a.shape[a.rank - 1])
    }

    /// The batch shape and order of the square matrices of `a` (`[..., n, n]`), or a precondition failure naming `op`.
    static func squareMatrixShape(_ a: Tensor, op: String, name: String = "A") -> (batch: [Int], n: Int) {
        let (batch, rows, columns) = matrixShape(a, op: op, name: name)
        precondition(rows == columns, "\(op): \(name) \(a.shape) is not square")
        return (batch, rows)
    }

    /// Checks that `a` and `b` have one dtype.
    static func checkSameDType(_ a: Tensor, _ b: Tensor, op: String) {
        precondition(
            a.dtype == b.dtype, "\(op): A \(a.shape) is \(a.dtype) and B \(b.shape) is \(b.dtype); expects one dtype")
    }

    /// The broadcast of the batch shapes of `A` and `B`, or a precondition failure naming the operands.
    static func broadcastBatch(_ a: [Int], _ b: [Int], op: String, shapes: ([Int], [Int])) -> [Int] {
        guard let batch = Layout.broadcastShape(a, b) else {
            preconditionFailure(
                "\(op): A \(shapes.0) and B \(shapes.1): batch dimensions \(a) and \(b) do not broadcast")
        }
        return batch
    }

    /// The multi-index of position `flat` (row-major) in a batch of shape `batch`.
    static func batchIndex(_ flat: Int, in batch: [Int]) -> [Int] {
        var index = [Int](repeating: 0, count: batch.count)
        var rest = flat
        for axis in batch.indices.reversed() {
            index[axis] = rest % batch[axis]
            rest /= batch[axis]
        }
        return index
    }

    /// For each position of a batch of shape `target`, the position in a batch of shape `source` that broadcasts to
    /// it (both row-major).
    static func sourceIndices(of source: [Int], broadcastTo target: [Int]) -> [Int] {
        let strides = Layout.broadcastStrides(shape: source, strides: Layout.contiguousStrides(source), to: target)
        return (0..<target.reduce(1, *)).map { flat in
            zip(batchIndex(flat, in: target), strides).reduce(0) { $0 + $1.0 * $1.1 }
        }
    }
}
