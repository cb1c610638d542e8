import Autograd
import Tensor

/// Arbitrary polynomial chaos (aPC, Oladyshkin and Nowak 2012): the polynomials of total degree ≤ p in D variables that
/// are orthonormal for a measure known only through its moments or its samples, E[Ψ_a Ψ_b] = δ_ab.
///
/// With m(x) the graded monomials (`TotalDegreeMonomials`) of the standardized input x̃ = (x − c)/s and the moment
/// matrix M = E[m(x̃)·m(x̃)ᵀ] (for D = 1 the Hankel matrix M_ij = μ_{i+j}), the Cholesky factor M = L·Lᵀ gives
/// Ψ(x) = L⁻¹·m(x̃): Ψ_a has degree deg(m_a), a positive leading coefficient, and E[ΨΨᵀ] = L⁻¹ M L⁻ᵀ = I. From samples
/// the expectation is the (weighted) empirical mean, and one more Cholesky pass on the Gram matrix of Ψ (Cholesky-QR2)
/// takes orthonormality from cond(M)·ε to ε. Standardizing first (c, s the empirical mean and standard deviation) keeps
/// M well conditioned. In Float64 throughout.
///
/// ```swift
/// let basis = try ArbitraryPolynomialChaos(samples: x, degree: 2)   // x [N, D]
/// let features = basis(x)                                           // [N, C(D + 2, 2)], (1/N)·featuresᵀ·features = I
/// ```
public struct ArbitraryPolynomialChaos: Sendable {
    public let monomials: TotalDegreeMonomials
    /// c and s of the standardization x̃ = (x − c)/s, per variable.
    public let center: [Double]
    public let scale: [Double]
    /// L⁻¹ [count, count], lower triangular: Ψ(x) = L⁻¹·m(x̃).
    public let coefficients: Tensor

    public var count: Int { monomials.count }

    /// The basis orthonormal for the empirical measure Σ_i w_i δ_{x_i}/Σ_i w_i of the rows of `samples` [N, D]
    /// (uniform weights when `weights` is nil).
    /// - Throws: `LinearAlgebraError.notPositiveDefinite` when the samples do not determine the basis (fewer distinct
    ///   points than polynomials, or points on an algebraic curve of degree ≤ 2p).
    public init(samples: Tensor, degree: Int, weights: [Double]? = nil) throws {
        precondition(samples.rank == 2, "ArbitraryPolynomialChaos: samples must be [N, D], got \(samples.shape)")
        let (n, d) = (samples.shape[0], samples.shape[1])
        precondition(
            weights.map { $0.count == n && $0.allSatisfy { $0 >= 0 } && $0.reduce(0, +) > 0 } ?? true,
            "ArbitraryPolynomialChaos: needs \(n) non-negative weights with a positive sum")
        let w =
            weights.map { weights in weights.map { $0 / weights.reduce(0, +) } }
            ?? Array(repeating: 1 / Double(n), count: n)
        let points = samples.cast(to: .float64).toDoubles()
        var center = [Double](repeating: 0, count: d)
        var scale = [Double](repeating: 0, count: d)
        for i in 0..<d {
            center[i] = (0..<n).reduce(0.0) { $0 + w[$1] * points[$1 * d + i] }
            let variance = (0..<n).reduce(0.0) {
                $0 + w[$1] * (points[$1 * d + i] - center[i]) * (points[$1 * d + i] - center[i])
            }
            scale[i] = variance > 0 ? variance.squareRoot() : 1
        }
        let monomials = TotalDegreeMonomials(dimension: d, degree: degree)
        let standardized = Self.standardize(samples.cast(to: .float64), center: center, scale: scale)
        let design = monomials(standardized)
        let weightColumn = Tensor(w, shape: [n, 1])
        let gram = { (features: Tensor) -> Tensor in features.transposed(0, 1).matmul(features * weightColumn) }
        let first = try Self.inverseFactor(gram(design))
        let refinement = try Self.inverseFactor(gram(design.matmul(first.transposed(0, 1))))
        self.monomials = monomials
        self.center = center
        self.scale = scale
        coefficients = refinement.matmul(first)
    }

    /// The one-variable basis of degree ≤ p from the raw moments μ₀, …, μ_2p of the measure (no standardization): the
    /// Cholesky factor of the Hankel matrix [μ_{i+j}].
    /// - Throws: `LinearAlgebraError.notPositiveDefinite` when the moments are not those of a measure with more than p
    ///   points of support.
    public init(moments: [Double], degree: Int) throws {
        precondition(
            degree >= 0 && moments.count >= 2 * degree + 1,
            "ArbitraryPolynomialChaos: degree \(degree) needs moments μ₀…μ_\(2 * degree), got \(moments.count)")
        let size = degree + 1
        let hankel = Tensor((0..<size * size).map { moments[$0 / size + $0 % size] }, shape: [size, size])
        monomials = TotalDegreeMonomials(dimension: 1, degree: degree)
        center = [0]
        scale = [1]
        coefficients = try Self.inverseFactor(hankel)
    }

    /// L⁻¹ for the Cholesky factor L of a symmetric positive definite matrix.
    private static func inverseFactor(_ matrix: Tensor) throws -> Tensor {
        let factor = try Linalg.cholesky(matrix)
        return try Linalg.solveTriangular(factor, Tensor.eye(matrix.shape[0], dtype: .float64), upper: false)
    }

    private static func standardize(_ x: Tensor, center: [Double], scale: [Double]) -> Tensor {
        let d = center.count
        return (x - Tensor(center, shape: [1, d])) / Tensor(scale, shape: [1, d])
    }

    /// Ψ(x) for every row: `[N, D]` → `[N, count]`, Float64.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        precondition(
            x.rank == 2 && x.shape[1] == center.count,
            "ArbitraryPolynomialChaos: expects [N, \(center.count)], got \(x.shape)")
        return monomials(Self.standardize(x.cast(to: .float64), center: center, scale: scale))
            .matmul(coefficients.transposed(0, 1))
    }

    /// Ψ(x) for every row as a differentiable function of `x` (Float64): `[N, D]` → `[N, count]`. The basis itself
    /// (c, s, L⁻¹) is a constant.
    public func callAsFunction(_ x: Variable) -> Variable {
        let d = center.count
        precondition(
            x.value.rank == 2 && x.value.shape[1] == d && x.value.dtype == .float64,
            "ArbitraryPolynomialChaos: expects float64 [N, \(d)], got \(x.value.dtype) \(x.value.shape)")
        let standardized = (x - Variable(Tensor(center, shape: [1, d]))) / Variable(Tensor(scale, shape: [1, d]))
        return monomials(standardized).matmul(Variable(coefficients.transposed(0, 1)))
    }
}
