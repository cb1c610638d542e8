import Autograd
import Tensor

/// The monomials x^α = x₁^{α₁}⋯x_D^{α_D} of total degree |α| ≤ p in D variables, in graded order: by total degree,
/// then lexicographically with larger powers of the earlier variables first (D = 2, p = 2: 1, x₁, x₂, x₁², x₁x₂, x₂²).
/// There are C(D + p, p) of them; in one variable they are 1, x, …, x^p.
public struct TotalDegreeMonomials: Sendable, Equatable {
    public let dimension: Int
    public let degree: Int
    /// The multi-indices α, in order.
    public let exponents: [[Int]]

    public init(dimension: Int, degree: Int) {
        precondition(
            dimension >= 1 && degree >= 0,
            "TotalDegreeMonomials: needs dimension ≥ 1 and degree ≥ 0, got \(dimension) and \(degree)")
        self.dimension = dimension
        self.degree = degree
        exponents = (0...degree).flatMap { Self.compositions(of: $0, into: dimension) }
    }

    /// The number of monomials, C(D + p, p).
    public var count: Int { exponents.count }

    /// The ways to write `total` as an ordered sum of `parts` non-negative integers, larger first parts first.
    private static func compositions(of total: Int, into parts: Int) -> [[Int]] {
        guard parts > 1 else { return [[total]] }
        return stride(from: total, through: 0, by: -1).flatMap { first in
            compositions(of: total - first, into: parts - 1).map { [first] + $0 }
        }
    }

    /// The monomials of every row: `[N, D]` → `[N, count]`, Float64.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        precondition(
            x.rank == 2 && x.shape[1] == dimension,
            "TotalDegreeMonomials: expects [N, \(dimension)], got \(x.shape)")
        let points = x.cast(to: .float64).toDoubles()
        let n = x.shape[0]
        var result = [Double](repeating: 1, count: n * count)
        for row in 0..<n {
            for (j, alpha) in exponents.enumerated() {
                var value = 1.0
                for (i, power) in alpha.enumerated() where power > 0 {
                    for _ in 0..<power { value *= points[row * dimension + i] }
                }
                result[row * count + j] = value
            }
        }
        return Tensor(result, shape: [n, count])
    }

    /// The monomials of every row as a differentiable function of `x`: `[N, D]` → `[N, count]`, each column a product
    /// of the input's columns.
    public func callAsFunction(_ x: Variable) -> Variable {
        precondition(
            x.value.rank == 2 && x.value.shape[1] == dimension,
            "TotalDegreeMonomials: expects [N, \(dimension)], got \(x.value.shape)")
        let n = x.value.shape[0]
        let columns = (0..<dimension).map { x.narrowed(axis: 1, start: $0, length: 1) }
        // powers[i][k] = x_i^k, [N, 1]
        let one = Variable(Tensor.ones([n, 1], dtype: x.value.dtype))
        var powers = columns.map { [one, $0] }
        for i in 0..<dimension {
            for k in stride(from: 2, through: degree, by: 1) { powers[i].append(powers[i][k - 1] * columns[i]) }
        }
        let terms = exponents.map { alpha -> Variable in
            let factors = alpha.enumerated().filter { $0.element > 0 }.map { powers[$0.offset][$0.element] }
            return factors.dropFirst().reduce(factors.first ?? one) { $0 * $1 }
        }
        return Variable.concatenated(terms, axis: 1)
    }
}
