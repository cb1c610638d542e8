import Autograd
import Tensor

/// A Kronecker product A = A₁ ⊗ A₂ ⊗ … ⊗ A_D of matrices A_d `[m_d, n_d]`, applied without forming it.
///
/// A vector indexed by a grid i₁, …, i_D (row-major, the last axis fastest) is held as a tensor X `[n₁, …, n_D]`;
/// then A·vec(X) = vec(X ×₁ A₁ ×₂ A₂ ⋯ ×_D A_D), the mode-d product applying A_d along axis d (for D = 2:
/// A₁·X·A₂ᵀ). Cost: Σ_d m_d·Πn instead of (Πm)(Πn).
public struct KroneckerProduct {
    public let factors: [Variable]

    public init(_ factors: [Variable]) {
        precondition(
            !factors.isEmpty && factors.allSatisfy { $0.rank == 2 },
            "KroneckerProduct: needs one or more matrices, got shapes \(factors.map(\.shape))")
        self.factors = factors
    }

    /// n_d, the grid the product acts on.
    public var columnShape: [Int] { factors.map { $0.shape[1] } }
    /// m_d, the grid it returns.
    public var rowShape: [Int] { factors.map { $0.shape[0] } }

    /// A·vec(X) for a grid X `[n₁, …, n_D]`, as a grid `[m₁, …, m_D]`.
    public func multipliedGrid(_ grid: Variable) -> Variable {
        precondition(
            grid.shape == columnShape,
            "KroneckerProduct.multipliedGrid: the grid must be \(columnShape), got \(grid.shape)")
        var result = grid
        for (axis, factor) in factors.enumerated() {
            result = Self.modeProduct(result, factor, axis: axis)
        }
        return result
    }

    /// A·v for a vector v `[Πn]` (row-major over the grid), as `[Πm]`.
    public func multiplied(_ vector: Variable) -> Variable {
        let count = columnShape.reduce(1, *)
        precondition(
            vector.rank == 1 && vector.shape[0] == count,
            "KroneckerProduct.multiplied: the vector must be [\(count)], got \(vector.shape)")
        return multipliedGrid(vector.reshaped(columnShape)).reshaped([-1])
    }

    /// The dense matrix `[Πm, Πn]` (for checks on small grids; the point of the type is never to need it).
    public func materialized() -> Variable {
        factors.dropFirst().reduce(factors[0]) { $0.kronecker($1) }
    }

    /// X ×_d A: A `[m, n]` applied along `axis` (of size n) of X.
    static func modeProduct(_ x: Variable, _ matrix: Variable, axis: Int) -> Variable {
        let rank = x.rank
        let order = [axis] + (0..<rank).filter { $0 != axis }
        let moved = x.permuted(order)
        let rest = Array(moved.shape.dropFirst())
        let product = matrix.matmul(moved.reshaped([x.shape[axis], -1])).reshaped([matrix.shape[0]] + rest)
        var inverse = [Int](repeating: 0, count: rank)
        for (position, source) in order.enumerated() { inverse[source] = position }
        return product.permuted(inverse)
    }
}
