/// The right-hand side `B` of a system with coefficient matrices `A` (`[..., m, n]`): its shape rule and batch.
///
/// `B` is a batch of matrices `[..., m, k]`, or a batch of vectors `[..., m]` when it has rank 1 or has exactly the
/// shape of `A` without its last axis (PyTorch's rule); the solution then has the same form. The batch axes of `A`
/// and `B` broadcast.
struct RightHandSide {
    /// The broadcast batch shape of `A` and `B`.
    let batch: [Int]
    /// Rows of `B` (`m`).
    let rows: Int
    /// Columns of `B` (`k`; 1 for vectors).
    let columns: Int
    /// Whether `B` is a batch of vectors.
    let isVector: Bool

    /// The rule applied to `A` of shape `aShape` (with `rows` rows) and `B` of shape `bShape`, or a precondition
    /// failure naming `op` and both shapes.
    init(_ bShape: [Int], against aShape: [Int], rows: Int, op: String) {
        isVector = Linalg.isVectorRightHandSide(bShape, of: aShape)
        let matrixShape = isVector ? bShape + [1] : bShape
        precondition(matrixShape.count >= 2, "\(op): A \(aShape) and B \(bShape): B is a scalar")
        precondition(
            matrixShape[matrixShape.count - 2] == rows, "\(op): A \(aShape) and B \(bShape): row counts differ")
        self.rows = rows
        columns = matrixShape[matrixShape.count - 1]
        batch = Linalg.broadcastBatch(
            Array(aShape.dropLast(2)), Array(matrixShape.dropLast(2)), op: op, shapes: (aShape, bShape))
    }

    /// `b` as matrices of the full batch, `[batch..., m, k]` (a view).
    func matrices(_ b: Tensor) -> Tensor {
        (isVector ? b.unsqueezed(axis: -1) : b).expanded(to: batch + [rows, columns])
    }

    /// A solution `x` of shape `[batch..., n, k]` in the form of `B` (the last axis dropped for vectors).
    func solution(_ x: Tensor) -> Tensor { isVector ? x.squeezed(axis: -1) : x }
}

extension Linalg {
    /// Whether `solve` and `leastSquares` read a right-hand side of shape `bShape` as vectors rather than matrices
    /// against `A` of shape `aShape`: PyTorch's rule, `B` has rank 1, or `B` is exactly `A`'s shape without its
    /// last axis. The `Tensor` and `Variable` versions share it, so `A [1, 4, 4]` with `B [4, 4]` is one matrix
    /// right-hand side (broadcast over the batch) in both.
    public static func isVectorRightHandSide(_ bShape: [Int], of aShape: [Int]) -> Bool {
        bShape.count == 1 || (bShape.count == aShape.count - 1 && bShape == Array(aShape.dropLast()))
    }
}
