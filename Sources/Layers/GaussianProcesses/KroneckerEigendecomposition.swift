import Autograd
import Tensor

/// The eigendecomposition of a Kronecker product of symmetric matrices K = K₁ ⊗ … ⊗ K_D from the per-axis ones
/// K_d = Q_d·diag(λ_d)·Q_dᵀ: K = (⊗Q_d)·diag(⊗λ_d)·(⊗Q_d)ᵀ. It solves with K + σ²I and gives log det(K + σ²I) in
/// O(Σ n_d³ + Πn·Σn_d) instead of O((Πn)³) — the structure GP solvers get from a product kernel on a grid.
///
/// Differentiable through the per-axis `eigh` (which needs distinct eigenvalues in each factor for its gradient).
public struct KroneckerEigendecomposition {
    /// λ_d `[n_d]`, ascending, per axis.
    public let eigenvalues: [Variable]
    /// Q_d `[n_d, n_d]`, orthonormal columns, per axis.
    public let eigenvectors: [Variable]

    /// Decomposes each (symmetric, square) factor of `product`.
    /// - Throws: `LinearAlgebraError.notConverged` when an eigendecomposition fails.
    public init(_ product: KroneckerProduct) throws {
        precondition(
            product.rowShape == product.columnShape,
            "KroneckerEigendecomposition: the factors must be square, got \(product.factors.map(\.shape))")
        let pairs = try product.factors.map { try Linalg.eigh($0) }
        eigenvalues = pairs.map { $0.eigenvalues }
        eigenvectors = pairs.map { $0.eigenvectors }
    }

    /// n_d.
    public var shape: [Int] { eigenvalues.map { $0.shape[0] } }

    /// The eigenvalues of K on the grid, Λ[i₁, …, i_D] = Π_d λ_d[i_d] `[n₁, …, n_D]`.
    public var eigenvalueGrid: Variable {
        let rank = eigenvalues.count
        var grid: Variable?
        for (axis, values) in eigenvalues.enumerated() {
            var shape = [Int](repeating: 1, count: rank)
            shape[axis] = values.shape[0]
            let spread = values.reshaped(shape)
            grid = grid.map { $0 * spread } ?? spread
        }
        return grid!.expanded(to: self.shape)
    }

    /// (K + σ²I)⁻¹·vec(B) for a grid B `[n₁, …, n_D]`, as a grid; `noiseVariance` σ² is a scalar variable.
    public func solve(_ grid: Variable, noiseVariance: Variable) -> Variable {
        precondition(
            grid.shape == shape, "KroneckerEigendecomposition.solve: the grid must be \(shape), got \(grid.shape)")
        let rotated = KroneckerProduct(eigenvectors.map { $0.transposed() }).multipliedGrid(grid)
        return KroneckerProduct(eigenvectors).multipliedGrid(rotated / (eigenvalueGrid + noiseVariance))
    }

    /// log det(K + σ²I) `[]`.
    public func logDeterminant(noiseVariance: Variable) -> Variable {
        (eigenvalueGrid + noiseVariance).log().sum()
    }
}
