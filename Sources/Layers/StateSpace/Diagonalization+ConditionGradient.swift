import Autograd
import Foundation
import Tensor

extension Diagonalization {
    /// log κ₂(V) of the eigenvectors of a real matrix A = V·diag(λ)·V⁻¹ (unit columns, as `geev` returns them) and
    /// its gradient with respect to A, from first-order eigenvector perturbation theory.
    ///
    /// With W = V⁻¹ and M = W·dA·V, the eigenvectors move by dV = V·X with X_ij = M_ij/(λ_j − λ_i) off the diagonal
    /// and a real diagonal that keeps the columns at unit norm, X_jj = −Re Σ_{i≠j} (V*V)_ji·X_ij (a change of phase
    /// leaves κ alone). A simple singular value moves by dσ = Re(u*·dV·v), so d log κ₂ = Re tr(G*·dV) with
    /// G = u₁v₁*/σ₁ − u_n v_n*/σ_n. Collecting terms, ∇_A log κ₂ = Re(Wᵀ·Z·Vᵀ) with
    /// Z_ij = (conj K_ij − Re K_jj·(V*V)_ji)/(λ_j − λ_i) for i ≠ j, Z_jj = 0, and K = V*·G.
    /// Distinct eigenvalues and distinct extreme singular values are assumed (true for almost every matrix).
    /// - Returns: log κ₂(V) and the gradient `[n, n]`.
    public func logConditionNumberGradient() throws -> (value: Double, gradient: Tensor) {
        let n = size
        let (u, s, vh) = try Linalg.svd(eigenvectors.realEmbedding)
        let singular = s.toDoubles()
        let largest = singular[0]
        let smallest = singular[2 * n - 1]
        // Complex singular vectors from the embedding's: (x, y) ↦ x + iy.
        func complexVector(_ column: Tensor) -> ComplexVariable {
            ComplexVariable(
                real: Variable(column.sliced(axis: 0, start: 0, end: n)),
                imaginary: Variable(column.sliced(axis: 0, start: n, end: 2 * n)))
        }
        let leftLargest = complexVector(u.selected(axis: 1, index: 0)).reshaped([n, 1])
        let rightLargest = complexVector(vh.selected(axis: 0, index: 0)).reshaped([1, n])
        let leftSmallest = complexVector(u.selected(axis: 1, index: 2 * n - 1)).reshaped([n, 1])
        let rightSmallest = complexVector(vh.selected(axis: 0, index: 2 * n - 1)).reshaped([1, n])
        let g =
            leftLargest.matmul(rightLargest.conjugate()) * (1 / largest)
            - leftSmallest.matmul(rightSmallest.conjugate()) * (1 / smallest)

        let v = ComplexVariable(constant: eigenvectors)
        let vAdjoint = v.conjugate().permuted([1, 0])
        let k = vAdjoint.matmul(g)
        let gram = vAdjoint.matmul(v)
        let diagonalK = k.real.value.diagonal().reshaped([1, n])
        let correction = gram.permuted([1, 0]) * Variable(diagonalK)

        let lambda = ComplexVariable(constant: eigenvalues)
        let offDiagonal = Tensor.ones([n, n], dtype: .float64) - Tensor.eye(n, dtype: .float64)
        let differences = lambda.reshaped([1, n]) - lambda.reshaped([n, 1])
        let safeDifferences = ComplexVariable(
            real: differences.real + Variable(Tensor.eye(n, dtype: .float64)), imaginary: differences.imaginary)
        let one = ComplexVariable(real: Variable(Tensor.ones([n, n], dtype: .float64)))
        let reciprocals = (one / safeDifferences) * Variable(offDiagonal)
        let z = (k.conjugate() - correction) * reciprocals

        let identity = ComplexTensor(
            real: Tensor.eye(n, dtype: .float64), imaginary: Tensor.zeros([n, n], dtype: .float64))
        let w = ComplexVariable(constant: try Linalg.solve(eigenvectors, identity))
        let gradient = w.permuted([1, 0]).matmul(z).matmul(v.permuted([1, 0])).real.value
        return (Foundation.log(largest / smallest), gradient)
    }
}
