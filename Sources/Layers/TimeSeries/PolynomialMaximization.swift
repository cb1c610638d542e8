import Tensor

/// The polynomial maximization method of order 2 (PMM2, Kunchenko; Zabolotnii's EstemPMM) for a linear model
/// y = X·b + e with i.i.d. errors of moments m₂, m₃, m₄ (about zero).
///
/// PMM2 solves the estimating equations (EstemPMM's `pmm2_algorithm`, eq. (10) of the paper)
///
///     Σ_t x_t·[m₃·(e_t² − m₂) − (m₄ − m₂²)·e_t] = 0,   e_t = y_t − x_tᵀb,
///
/// by Newton's method, J = Σ_t (m₄ − m₂² − 2m₃e_t)·x_t x_tᵀ, b ← b − J⁻¹Z. With m₃ = 0 they are the normal equations
/// of least squares. Asymptotically its variance is g times that of least squares, g = 1 − γ₃²/(2 + γ₄), from the
/// errors' skewness γ₃ and excess kurtosis γ₄.
public enum PolynomialMaximization {
    /// The moments of errors (about zero, as EstemPMM's `compute_moments`): m_k = mean(e^k).
    public struct Moments: Sendable, Equatable {
        public let m2: Double, m3: Double, m4: Double

        public init(m2: Double, m3: Double, m4: Double) {
            precondition(m2 > 0, "PolynomialMaximization.Moments: m2 must be positive, got \(m2)")
            self.m2 = m2
            self.m3 = m3
            self.m4 = m4
        }

        /// The moments of a sample of residuals.
        public init(residuals: [Double]) {
            precondition(!residuals.isEmpty, "PolynomialMaximization.Moments: no residuals")
            var sums = (0.0, 0.0, 0.0)
            for e in residuals {
                let square = e * e
                sums.0 += square
                sums.1 += square * e
                sums.2 += square * square
            }
            let n = Double(residuals.count)
            self.init(m2: sums.0 / n, m3: sums.1 / n, m4: sums.2 / n)
        }

        /// γ₃ = m₃/m₂^{3/2}.
        public var skewness: Double { m3 / (m2 * m2.squareRoot()) }
        /// γ₄ = m₄/m₂² − 3.
        public var excessKurtosis: Double { m4 / (m2 * m2) - 3 }
        /// g = 1 − γ₃²/(2 + γ₄).
        public var varianceRatio: Double {
            PolynomialMaximization.varianceRatio(skewness: skewness, excessKurtosis: excessKurtosis)
        }
    }

    /// g = 1 − γ₃²/(2 + γ₄): PMM2's asymptotic variance over least squares'; 1/g is its relative efficiency.
    public static func varianceRatio(skewness: Double, excessKurtosis: Double) -> Double {
        1 - skewness * skewness / (2 + excessKurtosis)
    }

    /// The PMM2 solution.
    public struct Solution: Sendable {
        public let coefficients: [Double]
        public let iterations: Int
        public let converged: Bool
    }

    /// Solves the PMM2 equations for b [k] from `start`, for the design `design` [n, k] (row-major) and the response
    /// [n], with the error moments `moments`. Stops when ‖Δb‖₂ < `tolerance` (EstemPMM: 10⁻⁶, 50 iterations; its
    /// ridge of 10⁻⁸ on J is kept).
    public static func solve(
        design: [Double], response: [Double], start: [Double], moments: Moments, tolerance: Double = 1e-10,
        maximumIterations: Int = 50
    ) -> Solution {
        let k = start.count
        let n = response.count
        precondition(
            design.count == n * k && k > 0,
            "PolynomialMaximization.solve: design has \(design.count) values for \(n) rows × \(k) coefficients")
        let spread = moments.m4 - moments.m2 * moments.m2
        var b = start
        for iteration in 1...maximumIterations {
            var z = [Double](repeating: 0, count: k)
            var jacobian = [Double](repeating: 0, count: k * k)
            for t in 0..<n {
                var fitted = 0.0
                for a in 0..<k { fitted += design[t * k + a] * b[a] }
                let e = response[t] - fitted
                let score = moments.m3 * (e * e - moments.m2) - spread * e
                let weight = spread - 2 * moments.m3 * e
                for a in 0..<k {
                    let x = design[t * k + a]
                    z[a] += score * x
                    for c in 0..<k { jacobian[a * k + c] += weight * x * design[t * k + c] }
                }
            }
            for a in 0..<k { jacobian[a * k + a] += 1e-8 }
            guard
                let delta = try? Linalg.solve(
                    Tensor(jacobian, shape: [k, k], dtype: .float64), Tensor(z, shape: [k], dtype: .float64)
                ).toDoubles(), delta.allSatisfy(\.isFinite)
            else { return Solution(coefficients: b, iterations: iteration, converged: false) }
            b = zip(b, delta).map { $0 - $1 }
            if delta.reduce(0, { $0 + $1 * $1 }).squareRoot() < tolerance {
                return Solution(coefficients: b, iterations: iteration, converged: true)
            }
        }
        return Solution(coefficients: b, iterations: maximumIterations, converged: false)
    }
}
