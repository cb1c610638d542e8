import Tensor

/// A Tucker decomposition X ≈ G ×₁ U₁ ×₂ U₂ … ×_N U_N: a core G [r₁, …, r_N] and factors Uₙ [Iₙ, rₙ] with orthonormal
/// columns.
public struct TuckerDecomposition: Sendable {
    public let core: Tensor
    public let factors: [Tensor]

    /// G [r₁, …, r_N] with Uₙ [Iₙ, rₙ].
    public init(core: Tensor, factors: [Tensor]) {
        precondition(
            factors.count == core.rank && zip(factors, core.shape).allSatisfy { $0.rank == 2 && $0.shape[1] == $1 },
            "TuckerDecomposition: factors \(factors.map(\.shape)) for a core of shape \(core.shape)")
        self.core = core
        self.factors = factors
    }

    /// (r₁, …, r_N).
    public var ranks: [Int] { core.shape }

    /// The numbers stored: Π rₙ + Σ Iₙ·rₙ.
    public var storage: Int { core.count + factors.reduce(0) { $0 + $1.count } }

    /// The full tensor G ×₁ U₁ … ×_N U_N.
    public func reconstructed() -> Tensor {
        factors.enumerated().reduce(core) { $0.modeProduct($1.element, mode: $1.offset) }
    }

    /// The truncated higher-order SVD (De Lathauwer, De Moor and Vandewalle): Uₙ are the leading eigenvectors of the
    /// Gram matrix X₍ₙ₎X₍ₙ₎ᵀ (`Linalg.eigh`), rₙ the fewest whose discarded eigenvalues sum to ≤ ε²‖X‖²_F / N, and
    /// G = X ×₁ U₁ᵀ … ×_N U_Nᵀ; then ‖X − G ×ₙ Uₙ‖_F ≤ ε‖X‖_F.
    public static func truncatedHOSVD(_ x: Tensor, tolerance: Double) throws -> TuckerDecomposition {
        precondition(x.dtype == .float64, "truncatedHOSVD: expects float64, got \(x.dtype)")
        precondition(tolerance >= 0, "truncatedHOSVD: tolerance must be ≥ 0, got \(tolerance)")
        let total = x.square().sum().item()
        let budget = tolerance * tolerance * total / Double(x.rank)
        var factors: [Tensor] = []
        for mode in 0..<x.rank {
            let unfolding = x.unfolded(mode: mode)
            let (eigenvalues, eigenvectors) = try Linalg.eigh(unfolding.matmul(unfolding.transposed(0, 1)))
            let values = eigenvalues.toDoubles()  // ascending
            var discarded = 0.0
            var dropped = 0
            while dropped < values.count - 1 && discarded + Swift.max(values[dropped], 0) <= budget {
                discarded += Swift.max(values[dropped], 0)
                dropped += 1
            }
            let rank = values.count - dropped
            // The leading `rank` eigenvectors, largest first.
            factors.append(eigenvectors.narrowed(axis: 1, start: dropped, length: rank).flipped(axes: [1]).contiguous())
        }
        let core = factors.enumerated().reduce(x) { $0.modeProduct($1.element.transposed(0, 1), mode: $1.offset) }
        return TuckerDecomposition(core: core, factors: factors)
    }
}
