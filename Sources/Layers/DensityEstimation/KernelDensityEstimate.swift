import Foundation
import Tensor

/// A Gaussian kernel density estimate p̂(x) = (1/n)Σⱼ N(x | xⱼ, h²I) in R^d, with the bandwidth h chosen by
/// leave-one-out likelihood.
///
/// log p̂(x) = logsumexpⱼ(−‖x − xⱼ‖²/2h²) − log n − (d/2)·log(2πh²). The leave-one-out log-likelihood
/// (1/n)Σᵢ log((1/(n − 1))Σ_{j≠i} N(xᵢ | xⱼ, h²I)) is the likelihood cross-validation criterion (Duin, 1976); it is
/// maximized over a grid of candidate bandwidths.
public struct KernelDensityEstimate: Sendable {
    /// The data, [n, d] float64.
    public let points: Tensor
    public let bandwidth: Double

    public init(points: Tensor, bandwidth: Double) {
        precondition(
            points.rank == 2 && points.shape[0] >= 2 && bandwidth > 0,
            "KernelDensityEstimate: points \(points.shape) must be [n ≥ 2, d], bandwidth \(bandwidth) positive")
        self.points = points.cast(to: .float64)
        self.bandwidth = bandwidth
    }

    /// The estimate with the candidate bandwidth of highest leave-one-out log-likelihood.
    public init(points: Tensor, candidateBandwidths: [Double]) {
        precondition(!candidateBandwidths.isEmpty, "KernelDensityEstimate: no candidate bandwidths")
        let best = candidateBandwidths.max {
            Self.leaveOneOutLogLikelihood(points: points, bandwidth: $0)
                < Self.leaveOneOutLogLikelihood(points: points, bandwidth: $1)
        }!
        self.init(points: points, bandwidth: best)
    }

    /// log p̂ at the rows of `x` [m, d], [m], in chunks of `chunk` rows.
    public func logDensities(_ x: Tensor, chunk: Int = 1024) -> Tensor {
        let (n, d) = (points.shape[0], points.shape[1])
        precondition(x.rank == 2 && x.shape[1] == d, "KernelDensityEstimate: points \(x.shape) in dimension \(d)")
        let constant =
            -Foundation.log(Double(n)) - Double(d) / 2 * Foundation.log(2 * Double.pi * bandwidth * bandwidth)
        var parts: [Tensor] = []
        var start = 0
        while start < x.shape[0] {
            let rows = x.narrowed(axis: 0, start: start, length: min(chunk, x.shape[0] - start)).cast(to: .float64)
            let exponents = Self.squaredDistances(rows, points) * (-0.5 / (bandwidth * bandwidth))
            parts.append(exponents.logSumExp(axes: [1]) + constant)
            start += chunk
        }
        return Tensor.concatenated(parts, axis: 0)
    }

    /// (1/n)Σᵢ log((1/(n − 1))Σ_{j≠i} N(xᵢ | xⱼ, h²I)) for `points` [n, d].
    public static func leaveOneOutLogLikelihood(points: Tensor, bandwidth h: Double) -> Double {
        let x = points.cast(to: .float64)
        let (n, d) = (x.shape[0], x.shape[1])
        let exponents = squaredDistances(x, x) * (-0.5 / (h * h))
        // The diagonal (j = i) is pushed to −∞ by a large finite shift so logsumexp skips it.
        let masked = exponents - Tensor.eye(n, dtype: .float64) * 1e300
        let constant = -Foundation.log(Double(n - 1)) - Double(d) / 2 * Foundation.log(2 * Double.pi * h * h)
        return masked.logSumExp(axes: [1]).mean().item() + constant
    }

    /// ‖aᵢ − bⱼ‖², [m, n], clamped at 0 against rounding.
    static func squaredDistances(_ a: Tensor, _ b: Tensor) -> Tensor {
        let left = a.square().sum(axis: 1).reshaped([-1, 1])
        let right = b.square().sum(axis: 1).reshaped([1, -1])
        return (left + right - a.matmul(b.transposed()) * 2).clamped(min: 0)
    }
}
