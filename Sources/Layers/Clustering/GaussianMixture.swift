import Foundation
import Tensor

/// A Gaussian mixture p(x) = Σ_k π_k·N(x | μ_k, Σ_k) in R^d with full covariances, fitted by expectation–maximization
/// (Dempster, Laird and Rubin, 1977).
///
/// EM alternates the responsibilities r_ik = π_k N(x_i | μ_k, Σ_k)/p(x_i) (E-step) with the weighted estimates
/// N_k = Σᵢ r_ik, π_k = N_k/n, μ_k = Σᵢ r_ik xᵢ/N_k, Σ_k = Σᵢ r_ik (xᵢ − μ_k)(xᵢ − μ_k)ᵀ/N_k + εI (M-step); the mean
/// log-likelihood (1/n)Σᵢ log p(xᵢ) never decreases (up to the ridge ε, scikit-learn's `reg_covar`). Densities go
/// through the Cholesky factor L_k of Σ_k: log N = −½(d log 2π + 2Σ log L_jj + ‖L_k⁻¹(x − μ_k)‖²).
public struct GaussianMixture: Sendable {
    /// π, [K], summing to 1.
    public let weights: [Double]
    /// μ, [K][d].
    public let means: [[Double]]
    /// Σ, [K][d·d] row-major.
    public let covariances: [[Double]]

    public var dimension: Int { means[0].count }
    public var componentCount: Int { weights.count }

    public init(weights: [Double], means: [[Double]], covariances: [[Double]]) {
        let d = means.first?.count ?? 0
        precondition(
            !weights.isEmpty && means.count == weights.count && covariances.count == weights.count
                && means.allSatisfy { $0.count == d } && covariances.allSatisfy { $0.count == d * d },
            "GaussianMixture: \(weights.count) weights, \(means.count) means, \(covariances.count) covariances of "
                + "inconsistent dimensions")
        self.weights = weights
        self.means = means
        self.covariances = covariances
    }

    /// log(π_k·N(xᵢ | μ_k, Σ_k)), [n, K] float64, for `points` [n, d].
    /// - Throws: `LinearAlgebraError.notPositiveDefinite` for a singular covariance.
    public func componentLogDensities(_ points: Tensor) throws -> Tensor {
        let d = dimension
        precondition(
            points.rank == 2 && points.shape[1] == d,
            "GaussianMixture: points \(points.shape) for a mixture in dimension \(d)")
        let x = points.cast(to: .float64)
        var columns: [Tensor] = []
        for k in 0..<componentCount {
            let factor = try Linalg.cholesky(Tensor(covariances[k], shape: [d, d], dtype: .float64))
            let centered = x - Tensor(means[k], shape: [d], dtype: .float64)
            let whitened = try Linalg.solveTriangular(factor, centered.transposed(), upper: false)
            let logDeterminant = 2 * factor.diagonal().log().sum().item()
            let constant = log(weights[k]) - 0.5 * (Double(d) * log(2 * Double.pi) + logDeterminant)
            columns.append(whitened.square().sum(axis: 0) * -0.5 + constant)
        }
        return Tensor.stacked(columns, axis: 1)
    }

    /// log p(xᵢ), [n].
    public func logDensities(_ points: Tensor) throws -> Tensor {
        try componentLogDensities(points).logSumExp(axes: [1])
    }

    /// The component of highest posterior probability for each point.
    public func labels(_ points: Tensor) throws -> [Int] {
        try componentLogDensities(points).argmax(axis: 1).toDoubles().map { Int($0) }
    }

    /// The M-step: the mixture of the weighted estimates from responsibilities [n, K] (rows summing to 1).
    public static func maximizing(points: Tensor, responsibilities: Tensor, ridge: Double = 1e-6) -> GaussianMixture {
        precondition(
            points.rank == 2 && responsibilities.rank == 2 && responsibilities.shape[0] == points.shape[0],
            "GaussianMixture.maximizing: points \(points.shape), responsibilities \(responsibilities.shape)")
        let x = points.cast(to: .float64)
        let r = responsibilities.cast(to: .float64)
        let (n, d, k) = (x.shape[0], x.shape[1], r.shape[1])
        // A component with no responsibility keeps a tiny weight so its log stays finite.
        let totals = r.sum(axis: 0).toDoubles().map { max($0, 10 * Double.ulpOfOne) }
        let sums = r.transposed().matmul(x).toDoubles()
        var means: [[Double]] = []
        var covariances: [[Double]] = []
        for c in 0..<k {
            let mean = (0..<d).map { sums[c * d + $0] / totals[c] }
            let centered = x - Tensor(mean, shape: [d], dtype: .float64)
            let weighted = centered * r.narrowed(axis: 1, start: c, length: 1)
            var covariance = (weighted.transposed().matmul(centered) / totals[c]).toDoubles()
            for j in 0..<d { covariance[j * d + j] += ridge }
            means.append(mean)
            covariances.append(covariance)
        }
        return GaussianMixture(weights: totals.map { $0 / Double(n) }, means: means, covariances: covariances)
    }

    /// An EM run: the fitted mixture, the mean log-likelihood (1/n)Σ log p(xᵢ) after each iteration, and whether its
    /// last change was below the tolerance.
    public struct Fit: Sendable {
        public let mixture: GaussianMixture
        public let logLikelihoods: [Double]
        public let converged: Bool

        /// The mean log-likelihood of the fitted mixture on its data.
        public var logLikelihood: Double { logLikelihoods.last! }
    }

    /// EM from initial responsibilities [n, K] (one-hot initial labels, say): M-step first, then E/M iterations
    /// until the mean log-likelihood changes by less than `tolerance`.
    /// - Throws: `LinearAlgebraError.notPositiveDefinite` if a covariance becomes singular despite the ridge.
    public static func fit(
        _ points: Tensor, initialResponsibilities: Tensor, maxIterations: Int = 500, tolerance: Double = 1e-8,
        ridge: Double = 1e-6
    ) throws -> Fit {
        var mixture = maximizing(points: points, responsibilities: initialResponsibilities, ridge: ridge)
        var logLikelihoods: [Double] = []
        for _ in 0..<maxIterations {
            let joint = try mixture.componentLogDensities(points)
            let logDensity = joint.logSumExp(axes: [1], keepDims: true)
            logLikelihoods.append(logDensity.mean().item())
            let count = logLikelihoods.count
            if count >= 2 && abs(logLikelihoods[count - 1] - logLikelihoods[count - 2]) < tolerance {
                return Fit(mixture: mixture, logLikelihoods: logLikelihoods, converged: true)
            }
            mixture = maximizing(points: points, responsibilities: (joint - logDensity).exp(), ridge: ridge)
        }
        logLikelihoods.append(try mixture.logDensities(points).mean().item())
        return Fit(mixture: mixture, logLikelihoods: logLikelihoods, converged: false)
    }

    /// EM from hard labels in 0..<K.
    public static func fit(
        _ points: Tensor, initialLabels: [Int], clusters: Int, maxIterations: Int = 500, tolerance: Double = 1e-8,
        ridge: Double = 1e-6
    ) throws -> Fit {
        precondition(
            initialLabels.count == points.shape[0] && initialLabels.allSatisfy { (0..<clusters).contains($0) },
            "GaussianMixture.fit: \(initialLabels.count) labels in 0..<\(clusters) for points \(points.shape)")
        let labels = Tensor(initialLabels.map(Double.init), shape: [initialLabels.count], dtype: .int64)
        return try fit(
            points, initialResponsibilities: Tensor.oneHot(labels, classes: clusters, dtype: .float64),
            maxIterations: maxIterations, tolerance: tolerance, ridge: ridge)
    }

    /// scikit-learn's default: EM from the labels of a k-means run (k-means++ seeds, Lloyd), repeated `restarts`
    /// times; the fit of highest log-likelihood is kept. A restart whose covariance turns singular is skipped.
    /// - Throws: `LinearAlgebraError.notPositiveDefinite` when every restart failed.
    public static func fit(
        _ points: Tensor, clusters: Int, restarts: Int = 1, maxIterations: Int = 500, tolerance: Double = 1e-8,
        ridge: Double = 1e-6, using generator: inout RandomGenerator
    ) throws -> Fit {
        var best: Fit?
        var failure: Error?
        for _ in 0..<restarts {
            let start = KMeans.fit(points, clusters: clusters, using: &generator)
            do {
                let fitted = try fit(
                    points, initialLabels: start.labels, clusters: clusters, maxIterations: maxIterations,
                    tolerance: tolerance, ridge: ridge)
                if best.map({ fitted.logLikelihood > $0.logLikelihood }) ?? true { best = fitted }
            } catch {
                failure = error
            }
        }
        guard let best else { throw failure! }
        return best
    }
}
