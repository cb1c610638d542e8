import Autograd
import Tensor

extension Variable {
    /// A·x for a batch of matrices and vectors: `self` [..., n, n] (or a broadcastable batch), x [..., n] → [..., n].
    public func batchedMatrixVectorProduct(_ x: Variable) -> Variable {
        precondition(
            rank >= 2 && x.rank >= 1 && shape[rank - 1] == x.shape[x.rank - 1],
            "batchedMatrixVectorProduct: matrices \(shape) and vectors \(x.shape) do not match")
        return matmul(x.unsqueezed(axis: -1)).squeezed(axis: -1)
    }
}
