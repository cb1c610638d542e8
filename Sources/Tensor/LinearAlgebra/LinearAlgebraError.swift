/// A numerical failure of a `Linalg` function on one matrix of its input.
///
/// Each case names the operation, the shape of the input it failed on and the index of the failing matrix in the
/// batch (its leading axes; `[]` for a single matrix). Shape and dtype mistakes are not errors but precondition
/// failures.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    /// The Cholesky factorization failed: the leading minor of order `order` is not positive.
    case notPositiveDefinite(operation: String, shape: [Int], batchIndex: [Int], order: Int)
    /// The matrix is exactly singular: diagonal entry `pivot` (from 0) of its LU factor, or of the triangular matrix
    /// itself, is zero.
    case singular(operation: String, shape: [Int], batchIndex: [Int], pivot: Int)
    /// An iterative algorithm (SVD, eigenvalues) did not converge.
    case notConverged(operation: String, shape: [Int], batchIndex: [Int])

    public var description: String {
        switch self {
        case .notPositiveDefinite(let operation, let shape, let batchIndex, let order):
            "\(operation): \(Self.matrix(shape, batchIndex)) is not positive definite "
                + "(its leading minor of order \(order) is not positive)"
        case .singular(let operation, let shape, let batchIndex, let pivot):
            "\(operation): \(Self.matrix(shape, batchIndex)) is singular (pivot \(pivot) is zero)"
        case .notConverged(let operation, let shape, let batchIndex):
            "\(operation): the iteration did not converge on \(Self.matrix(shape, batchIndex))"
        }
    }

    /// "the matrix [3, 3]" or "matrix [1, 0] of the batch [2, 4, 3, 3]".
    private static func matrix(_ shape: [Int], _ batchIndex: [Int]) -> String {
        batchIndex.isEmpty ? "the matrix \(shape)" : "matrix \(batchIndex) of the batch \(shape)"
    }
}
