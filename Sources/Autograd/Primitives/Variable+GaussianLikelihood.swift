import Foundation
import Tensor

extension Linalg {
    /// The negative log density of y under N(0, A) for a symmetric positive definite A, through its Cholesky factor
    /// L·Lᵀ = A and α = A⁻¹y:
    ///
    ///     −log N(y | 0, A) = ½yᵀα + Σᵢ log Lᵢᵢ + ½n·log 2π,    ∂A = ½g·(A⁻¹ − ααᵀ),    ∂y = g·α.
    ///
    /// The pullback forms A⁻¹ from L (LAPACK `potri`, ⅔n³ flops) instead of back-propagating through the factor and
    /// two triangular solves (≈ 2n³ more), and is written with variable ops, so second derivatives work.
    /// - Parameters:
    ///   - y: `[n]`.
    ///   - covariance: A `[n, n]`.
    ///   - factor: the lower Cholesky factor of `covariance.value` if already computed (`Linalg.cholesky`).
    /// - Returns: a scalar `[]`.
    /// - Throws: `LinearAlgebraError.notPositiveDefinite` when A is not positive definite.
    public static func gaussianNegativeLogLikelihood(_ y: Variable, covariance: Variable, factor: Tensor? = nil) throws
        -> Variable
    {
        let n = y.shape.first ?? 0
        precondition(
            y.rank == 1 && covariance.shape == [n, n] && (factor == nil || factor!.shape == [n, n]),
            "gaussianNegativeLogLikelihood: y must be [n] and the covariance (and its factor) [n, n], got \(y.shape), "
                + "\(covariance.shape)" + (factor.map { " and \($0.shape)" } ?? ""))
        let l = try factor ?? cholesky(covariance.value)
        let alpha = choleskySolve(l, y.value)
        let value =
            (y.value * alpha).sum() * 0.5 + l.diagonal().log().sum() + 0.5 * Double(n) * Foundation.log(2 * Double.pi)
        return Variable.record("gaussianNegativeLogLikelihood", value, [y, covariance]) { b in
            let inverse = choleskyInverse(b.inputs[1], factor: l)
            let weights = inverse.matmul(b.inputs[0].unsqueezed(axis: 1))  // α, [n, 1]
            let gy = weights.squeezed(axis: 1) * b.gradient
            guard b.needs(1) else { return [gy, nil] }
            let ga = (inverse - weights.matmul(weights.transposed())) * (b.gradient * 0.5)
            return [b.needs(0) ? gy : nil, ga]
        }
    }
}
