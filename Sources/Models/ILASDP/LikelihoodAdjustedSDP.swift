import Foundation
import Layers
import Tensor

/// Iterative likelihood-adjusted SDP clustering (iLA-SDP; Zhuang, Chen and Yang, 2022) for a Gaussian mixture with
/// cluster-specific covariances.
///
/// With the labels as parameters and the centroids profiled out, twice the negative log-likelihood of a partition
/// (C_k) with covariances Σ_k is, up to a constant,
///
///     Σ_k [ Σ_{i∈C_k} (xᵢ − x̄_k)ᵀΣ_k⁻¹(xᵢ − x̄_k) + |C_k|·log det Σ_k ] = Σ_k ⟨W_k, Z_k⟩,
///     W_k = ½(q_k·1ᵀ + 1·q_kᵀ) − X·Σ_k⁻¹·Xᵀ + log det Σ_k·1·1ᵀ,  q_k = diag(X·Σ_k⁻¹·Xᵀ),
///
/// at the membership matrices Z_k = 1_{C_k}·1_{C_k}ᵀ/|C_k| (Z_k·1 = 1_{C_k}, so Σᵢ∈C_k q_ki = ⟨Z_k, q_k·1ᵀ⟩, and
/// ⟨Z_k, X·A·Xᵀ⟩ = |C_k|·x̄_kᵀA·x̄_k). Relaxing to Z_k ⪰ 0, Z_k ≥ 0, tr Z_k = 1, Σ_k Z_k·1 = 1 gives `ClusteringSDP`
/// with G = K groups; no centroid is estimated. Each outer iteration estimates Σ_k from the current labels (the
/// cluster's sample covariance plus 10⁻⁶·I, or the pooled covariance for a cluster of at most d points), solves the
/// SDP, and relabels each point by argmax_k (Z_k·1)ᵢ; it stops early when the labels repeat.
public struct LikelihoodAdjustedSDP: Sendable {
    public var outerIterations: Int
    public var admmIterations: Int
    public var tolerance: Double

    public init(outerIterations: Int = 3, admmIterations: Int = 300, tolerance: Double = 1e-4) {
        self.outerIterations = outerIterations
        self.admmIterations = admmIterations
        self.tolerance = tolerance
    }

    /// The costs W_k [n, n] of `points` [n, d] for the given covariances [d, d].
    public static func costs(points: Tensor, covariances: [Tensor]) throws -> [Tensor] {
        let x = points.cast(to: .float64)
        let n = x.shape[0]
        return try covariances.map { covariance in
            let quadratic = x.matmul(try Linalg.inverse(covariance)).matmul(x.transposed())
            let norms = quadratic.diagonal()
            let logDeterminant = Linalg.logDeterminant(covariance).logAbsoluteValue.item()
            return (norms.reshaped([n, 1]) + norms.reshaped([1, n])) * 0.5 - quadratic + logDeterminant
        }
    }

    /// Σ_k of each cluster of `labels` (sample covariance, divisor |C_k|, plus 10⁻⁶·I); the pooled covariance of all
    /// points for a cluster of at most d points.
    public static func covariances(points: Tensor, labels: [Int], clusters: Int) -> [Tensor] {
        let x = points.cast(to: .float64)
        let d = x.shape[1]
        let ridge = Tensor.eye(d, dtype: .float64) * 1e-6
        func covariance(_ members: Tensor) -> Tensor {
            let centered = members - members.mean(axis: 0)
            return centered.transposed().matmul(centered) / Double(members.shape[0]) + ridge
        }
        return (0..<clusters).map { k in
            let members = labels.indices.filter { labels[$0] == k }
            guard members.count > d else { return covariance(x) }
            let indices = Tensor(members.map(Double.init), shape: [members.count], dtype: .int64)
            return covariance(x.indexSelected(axis: 0, indices: indices))
        }
    }

    /// One run: the labels after each outer iteration (the last is the answer) and the last SDP solution.
    public struct Run: Sendable {
        public let labels: [[Int]]
        public let solution: ClusteringSDP.Solution
    }

    /// Clusters `points` [n, d] into `clusters` groups from `initialLabels`.
    public func cluster(points: Tensor, initialLabels: [Int], clusters: Int) throws -> Run {
        precondition(
            points.rank == 2 && initialLabels.count == points.shape[0] && clusters >= 2,
            "LikelihoodAdjustedSDP: points \(points.shape), \(initialLabels.count) labels, \(clusters) clusters")
        var labels = initialLabels
        var history: [[Int]] = []
        var solution: ClusteringSDP.Solution?
        for _ in 0..<outerIterations {
            let covariances = Self.covariances(points: points, labels: labels, clusters: clusters)
            let sdp = ClusteringSDP(
                costs: try Self.costs(points: points, covariances: covariances),
                traces: Array(repeating: 1, count: clusters))
            let solved = try sdp.solve(maxIterations: admmIterations, tolerance: tolerance)
            solution = solved
            let updated = solved.groupLabels()
            history.append(updated)
            if updated == labels { break }
            labels = updated
        }
        return Run(labels: history, solution: solution!)
    }
}
