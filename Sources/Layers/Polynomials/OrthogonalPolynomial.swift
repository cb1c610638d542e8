import Tensor

/// A classical family of orthogonal polynomials, evaluated by its three-term recurrence in Float64.
///
/// | family | recurrence | orthogonal for |
/// |---|---|---|
/// | `.probabilistsHermite` Heₙ | Heₙ₊₁ = x·Heₙ − n·Heₙ₋₁ | e^{−x²/2} on ℝ (E[Heₘ(Z)Heₙ(Z)] = n!·δₘₙ, Z ~ N(0, 1)) |
/// | `.physicistsHermite` Hₙ | Hₙ₊₁ = 2x·Hₙ − 2n·Hₙ₋₁ | e^{−x²} on ℝ |
/// | `.legendre` Pₙ | (n + 1)Pₙ₊₁ = (2n + 1)x·Pₙ − n·Pₙ₋₁ | 1 on [−1, 1] |
/// | `.chebyshev` Tₙ (first kind) | Tₙ₊₁ = 2x·Tₙ − Tₙ₋₁ | (1 − x²)^{−1/2} on [−1, 1] |
///
/// Every family starts from p₀ = 1 and p₁ = x (2x for Hₙ). The recurrence is forward-stable for these families
/// (unlike summing the monomial expansion, whose terms cancel: He₂₀(3) sums terms of order 10¹⁵ to a value of 10⁸).
///
/// ```swift
/// let features = OrthogonalPolynomial.probabilistsHermite.features(x, degree: 3)   // [N] → [N, 4]
/// ```
public enum OrthogonalPolynomial: String, Sendable, CaseIterable {
    case probabilistsHermite
    case physicistsHermite
    case legendre
    case chebyshev

    /// p₀(x), …, p_degree(x) at one point.
    public func values(at x: Double, degree: Int) -> [Double] {
        precondition(degree >= 0, "OrthogonalPolynomial.values: degree must be ≥ 0, got \(degree)")
        var result = [1.0]
        result.reserveCapacity(degree + 1)
        guard degree >= 1 else { return result }
        result.append(self == .physicistsHermite ? 2 * x : x)
        for n in stride(from: 1, to: degree, by: 1) {
            result.append(next(x, result[n], result[n - 1], n))
        }
        return result
    }

    /// p_{n+1}(x) from pₙ(x) and pₙ₋₁(x).
    @inline(__always)
    private func next(_ x: Double, _ current: Double, _ previous: Double, _ n: Int) -> Double {
        let m = Double(n)
        switch self {
        case .probabilistsHermite: return x * current - m * previous
        case .physicistsHermite: return 2 * x * current - 2 * m * previous
        case .legendre: return ((2 * m + 1) * x * current - m * previous) / (m + 1)
        case .chebyshev: return 2 * x * current - previous
        }
    }

    /// The features p₀(x), …, p_degree(x) of every element: `[...]` → `[..., degree + 1]`, Float64 (a Float32 input
    /// is widened first).
    public func features(_ x: Tensor, degree: Int) -> Tensor {
        precondition(
            x.dtype.isFloatingPoint, "OrthogonalPolynomial.features: needs a floating input, got \(x.dtype) \(x.shape)")
        precondition(degree >= 0, "OrthogonalPolynomial.features: degree must be ≥ 0, got \(degree)")
        let points = x.cast(to: .float64).scalars(as: Double.self)
        var result = [Double](repeating: 0, count: points.count * (degree + 1))
        for (i, point) in points.enumerated() {
            let row = values(at: point, degree: degree)
            for j in 0...degree { result[i * (degree + 1) + j] = row[j] }
        }
        return Tensor(result, shape: x.shape + [degree + 1])
    }

    /// pₙ at every element of `x`, same shape, Float64.
    public func callAsFunction(_ x: Tensor, degree n: Int) -> Tensor {
        features(x, degree: n).selected(axis: x.rank, index: n)
    }

    /// p′ₙ(x) from the family's derivative identity: He′ₙ = n·Heₙ₋₁, H′ₙ = 2n·Hₙ₋₁,
    /// (1 − x²)P′ₙ = n(Pₙ₋₁ − x·Pₙ) and (1 − x²)T′ₙ = n(Tₙ₋₁ − x·Tₙ) (the last two away from x = ±1, where
    /// P′ₙ(±1) = (±1)ⁿ⁺¹·n(n + 1)/2 and T′ₙ(±1) = (±1)ⁿ⁺¹·n²).
    public func derivative(at x: Double, degree n: Int) -> Double {
        precondition(n >= 0, "OrthogonalPolynomial.derivative: degree must be ≥ 0, got \(n)")
        guard n >= 1 else { return 0 }
        let p = values(at: x, degree: n)
        let m = Double(n)
        switch self {
        case .probabilistsHermite: return m * p[n - 1]
        case .physicistsHermite: return 2 * m * p[n - 1]
        case .legendre, .chebyshev:
            if abs(x) == 1 {
                let sign = (x > 0 || n % 2 == 1) ? 1.0 : -1.0
                return sign * (self == .legendre ? m * (m + 1) / 2 : m * m)
            }
            return m * (p[n - 1] - x * p[n]) / (1 - x * x)
        }
    }
}
