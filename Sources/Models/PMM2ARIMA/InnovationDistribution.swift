import Foundation
import Layers
import Tensor

/// The innovation laws of the PMM2-ARIMA Monte Carlo study, each standardized to mean 0 and variance 1 (as the
/// authors' `run_monte_carlo.R` does with `standardize_innov = TRUE`), with the skewness γ₃ and excess kurtosis γ₄ of
/// the raw law (standardizing leaves them unchanged).
enum InnovationDistribution: String, CaseIterable, Sendable {
    case gaussian
    /// χ² with 3 degrees of freedom: the sum of three squared standard normals; mean 3, variance 6.
    case chiSquared3
    /// Gamma with shape 2 and scale 1: the sum of two standard exponentials; mean 2, variance 2.
    case gamma2
    /// Lognormal exp(σZ) with σ = 0.5 (PLAN's setting; the authors use σ = 0.5514).
    case lognormal

    static let lognormalSigma = 0.5
    private static var lognormalExcessKurtosis: Double {
        let s2 = lognormalSigma * lognormalSigma
        let terms: [Double] = [exp(4 * s2), 2 * exp(3 * s2), 3 * exp(2 * s2), -6]
        return terms.reduce(0, +)
    }

    var label: String {
        switch self {
        case .gaussian: "Gaussian"
        case .chiSquared3: "χ²(3)"
        case .gamma2: "Gamma(2)"
        case .lognormal: "lognormal(σ = 0.5)"
        }
    }

    /// γ₃ of the law.
    var skewness: Double {
        switch self {
        case .gaussian: 0
        case .chiSquared3: (8.0 / 3).squareRoot()
        case .gamma2: 2.0.squareRoot()
        case .lognormal:
            (exp(Self.lognormalSigma * Self.lognormalSigma) + 2)
                * (exp(Self.lognormalSigma * Self.lognormalSigma) - 1).squareRoot()
        }
    }

    /// γ₄ of the law.
    var excessKurtosis: Double {
        switch self {
        case .gaussian: 0
        case .chiSquared3: 4
        case .gamma2: 3
        case .lognormal: Self.lognormalExcessKurtosis
        }
    }

    /// 1/g = 1/(1 − γ₃²/(2 + γ₄)), PMM2's theoretical efficiency relative to least squares.
    var theoreticalEfficiency: Double {
        1 / PolynomialMaximization.varianceRatio(skewness: skewness, excessKurtosis: excessKurtosis)
    }

    /// `count` standardized draws.
    func sample(_ count: Int, using generator: inout RandomGenerator) -> [Double] {
        switch self {
        case .gaussian:
            return Tensor.normal([count], dtype: .float64, using: &generator).toDoubles()
        case .chiSquared3:
            let z = Tensor.normal([count, 3], dtype: .float64, using: &generator).toDoubles()
            return (0..<count).map { i in
                let a = z[3 * i]
                let b = z[3 * i + 1]
                let c = z[3 * i + 2]
                let sum: Double = a * a + b * b + c * c
                return (sum - 3) / 6.0.squareRoot()
            }
        case .gamma2:
            return (0..<count).map { _ in
                let sum = -log1p(-generator.nextDouble()) - log1p(-generator.nextDouble())
                return (sum - 2) / 2.0.squareRoot()
            }
        case .lognormal:
            let s2 = Self.lognormalSigma * Self.lognormalSigma
            let mean = exp(s2 / 2)
            let deviation = ((exp(s2) - 1) * exp(s2)).squareRoot()
            return Tensor.normal([count], dtype: .float64, using: &generator).toDoubles().map {
                (exp(Self.lognormalSigma * $0) - mean) / deviation
            }
        }
    }
}
