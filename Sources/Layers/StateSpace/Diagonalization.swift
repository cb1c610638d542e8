import Tensor

/// An eigendecomposition A = V·diag(λ)·V⁻¹ of a real `[n, n]` matrix, with complex eigenvalues λ `[n]` and
/// eigenvectors V `[n, n]` (column j belongs to λ_j), and the maps that carry a state-space system x′ = Ax + Bu,
/// y = Cx into the eigenbasis: B̃ = V⁻¹B, C̃ = CV.
public struct Diagonalization: Sendable {
    /// λ `[n]`.
    public let eigenvalues: ComplexTensor
    /// V `[n, n]`.
    public let eigenvectors: ComplexTensor

    public init(eigenvalues: ComplexTensor, eigenvectors: ComplexTensor) {
        precondition(
            eigenvalues.shape.count == 1 && eigenvectors.shape == [eigenvalues.shape[0], eigenvalues.shape[0]],
            "Diagonalization: eigenvalues \(eigenvalues.shape) and eigenvectors \(eigenvectors.shape) do not match")
        self.eigenvalues = eigenvalues
        self.eigenvectors = eigenvectors
    }

    /// The eigendecomposition of a general real matrix (LAPACK `geev`): unit eigenvectors, which for a non-normal
    /// matrix may be badly conditioned.
    public init(of a: Tensor) throws {
        let (values, vectors) = try Linalg.eig(a.cast(to: .float64))
        self.init(eigenvalues: values, eigenvectors: vectors)
    }

    /// n.
    public var size: Int { eigenvalues.shape[0] }

    /// B̃ = V⁻¹B (a complex solve) for a real B `[n]` or `[n, k]`.
    public func transformedInput(_ b: Tensor) throws -> ComplexTensor {
        precondition(b.shape.first == size, "Diagonalization.transformedInput: B \(b.shape) for \(size) states")
        return try Linalg.solve(eigenvectors, ComplexTensor(real: b.cast(to: .float64)))
    }

    /// C̃ = CV for a real C `[n]` or `[k, n]`.
    public func transformedOutput(_ c: Tensor) -> ComplexTensor {
        precondition(c.shape.last == size, "Diagonalization.transformedOutput: C \(c.shape) for \(size) states")
        let output = c.cast(to: .float64)
        return ComplexTensor(real: output.matmul(eigenvectors.real), imaginary: output.matmul(eigenvectors.imaginary))
    }

    /// κ₂(V) = σ_max(V)/σ_min(V), from the singular values of V's real `[2n, 2n]` embedding.
    public func conditionNumber() throws -> Double {
        let singularValues = try Linalg.singularValues(eigenvectors.realEmbedding).toDoubles()
        return singularValues.first! / singularValues.last!
    }

    /// V·diag(λ)·V⁻¹ (for checking the decomposition).
    public func reconstructed() throws -> ComplexTensor {
        let identity = ComplexTensor(real: Tensor.eye(size, dtype: .float64))
        // (Vᵀ)⁻¹ = (V⁻¹)ᵀ.
        let inverse = try Linalg.solve(eigenvectors.transposed(), identity).transposed()
        return (eigenvectors * eigenvalues.reshaped([1, size])).matmul(inverse)
    }
}
