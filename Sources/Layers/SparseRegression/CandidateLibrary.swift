import Tensor

/// The library Θ of sparse regression (SINDy, Brunton et al. 2016): candidate terms evaluated on the same N samples,
/// one named column each, `matrix` `[N, terms]` in Float64.
///
/// ```swift
/// var library = CandidateLibrary()
/// library.add("u", u)            // [Double] of N samples
/// library.add("u_xxx", uxxx)
/// let theta = library.matrix     // [N, 2]
/// ```
public struct CandidateLibrary: Sendable {
    public private(set) var names: [String] = []
    public private(set) var columns: [[Double]] = []

    public init() {}

    /// Adds the term `name` with its values at the samples; every term has the same number of samples.
    public mutating func add(_ name: String, _ values: [Double]) {
        precondition(
            columns.isEmpty || columns[0].count == values.count,
            "CandidateLibrary: term \(name) has \(values.count) samples, the others \(columns.first?.count ?? 0)")
        names.append(name)
        columns.append(values)
    }

    /// The number of samples N.
    public var sampleCount: Int { columns.first?.count ?? 0 }

    /// Θ, `[N, terms]`, Float64.
    public var matrix: Tensor {
        let n = sampleCount
        var values = [Double](repeating: 0, count: n * columns.count)
        for (t, column) in columns.enumerated() {
            for i in 0..<n { values[i * columns.count + t] = column[i] }
        }
        return Tensor(values, shape: [n, columns.count], dtype: .float64)
    }

    /// The monomials of degree ≤ `degree` in the d state variables, in graded order (1; x, y, …; x², xy, …): the
    /// polynomial library of SINDy, from states `[N, d]`. Names are products of `variables` (`"x*y"`, `"1"`).
    public static func polynomial(_ states: Tensor, degree: Int, variables: [String]) -> CandidateLibrary {
        precondition(
            states.rank == 2 && states.shape[1] == variables.count && degree >= 0,
            "CandidateLibrary.polynomial: states \(states.shape) need one name per column (got \(variables.count)) "
                + "and degree ≥ 0 (got \(degree))")
        let (n, d) = (states.shape[0], states.shape[1])
        let values = states.cast(to: .float64).contiguous().toDoubles()
        var library = CandidateLibrary()
        library.add("1", [Double](repeating: 1, count: n))
        // Non-decreasing index tuples of each length enumerate the monomials once.
        var tuples: [[Int]] = [[]]
        for _ in 0..<degree {
            tuples = tuples.flatMap { tuple in ((tuple.last ?? 0)..<d).map { tuple + [$0] } }
            for tuple in tuples {
                library.add(
                    tuple.map { variables[$0] }.joined(separator: "*"),
                    (0..<n).map { i in tuple.reduce(1.0) { $0 * values[i * d + $1] } })
            }
        }
        return library
    }
}
