import Tensor

/// Weighted least squares in a finite basis: the coefficients c minimizing Σᵢ wᵢ(yᵢ − Φᵢ·c)², by LAPACK's least
/// squares on the rows scaled by √wᵢ. The smallest eigenvalue of the weighted Gram matrix G = (1/n)·Σᵢ wᵢΦᵢΦᵢᵀ
/// (the squared smallest singular value of the scaled design over n) measures stability: ‖G − I‖₂ ≤ ½ is the usual
/// criterion.
public enum WeightedLeastSquares {
    /// The fit: c [m], and G's smallest eigenvalue (0 when the system is singular).
    public struct Fit: Sendable {
        public let coefficients: [Double]
        public let smallestGramEigenvalue: Double
    }

    /// - Parameters: design: Φ [n, m] row-major; values: y [n]; weights: w [n], positive.
    /// - Returns: nil when the scaled design is rank-deficient to working precision (a singular value ≤
    ///   max(n, m)·ε·the largest, LAPACK's default cutoff): no unique fit.
    public static func fit(design: [Double], values: [Double], weights: [Double], dimension m: Int) -> Fit? {
        let n = values.count
        precondition(
            design.count == n * m && weights.count == n && weights.allSatisfy { $0 > 0 },
            "WeightedLeastSquares.fit: design \(design.count) for \(n) rows × \(m), \(weights.count) positive weights")
        var scaled = design
        var rhs = values
        for i in 0..<n {
            let root = weights[i].squareRoot()
            for k in 0..<m { scaled[i * m + k] *= root }
            rhs[i] *= root
        }
        let a = Tensor(scaled, shape: [n, m], dtype: .float64)
        guard let singularValues = try? Linalg.singularValues(a).toDoubles(), let largest = singularValues.first,
            let smallest = singularValues.last, n >= m,
            smallest > Double(max(n, m)) * Double.ulpOfOne * largest,
            let solution = try? Linalg.leastSquares(a, Tensor(rhs, shape: [n, 1], dtype: .float64))
        else { return nil }
        return Fit(coefficients: solution.toDoubles(), smallestGramEigenvalue: smallest * smallest / Double(n))
    }
}
