import Tensor

/// K-medoids clustering by Partitioning Around Medoids (Kaufman and Rousseeuw, 1990) on a dissimilarity matrix.
///
/// Minimizes the cost Σᵢ min_{m∈M} D[i, m] over sets M of K medoids (points of the data set, so any dissimilarity
/// works, not only distances). BUILD picks the point of least total dissimilarity, then greedily the point that lowers
/// the cost most; SWAP then replaces a medoid by a non-medoid while the best such exchange lowers the cost, each
/// exchange evaluated in O(n) from every point's nearest and second-nearest medoid.
public struct KMedoids: Sendable {
    /// Indices of the medoids, in 0..<n.
    public let medoids: [Int]
    /// The position in `medoids` of each point's nearest medoid.
    public let labels: [Int]
    /// Σᵢ D[i, nearest medoid].
    public let cost: Double
    /// SWAP exchanges made.
    public let swaps: Int

    /// Clusters the n points of the dissimilarity matrix `dissimilarities` [n, n] (nonnegative, zero diagonal).
    public static func fit(dissimilarities: Tensor, clusters: Int, maxSwaps: Int = 1000) -> KMedoids {
        precondition(
            dissimilarities.rank == 2 && dissimilarities.shape[0] == dissimilarities.shape[1]
                && (1...dissimilarities.shape[0]).contains(clusters),
            "KMedoids.fit: dissimilarities \(dissimilarities.shape) for \(clusters) clusters")
        let n = dissimilarities.shape[0]
        let d = dissimilarities.cast(to: .float64).contiguous().toDoubles()
        // BUILD.
        var medoids = [(0..<n).min { row($0, d, n) < row($1, d, n) }!]
        var nearest = (0..<n).map { d[$0 * n + medoids[0]] }
        while medoids.count < clusters {
            let candidate = (0..<n).filter { !medoids.contains($0) }.min { a, b in
                gain(a, nearest, d, n) > gain(b, nearest, d, n)
            }!
            medoids.append(candidate)
            for i in 0..<n { nearest[i] = min(nearest[i], d[i * n + candidate]) }
        }
        // SWAP.
        var swaps = 0
        while swaps < maxSwaps {
            var first = [Double](repeating: .infinity, count: n)
            var second = [Double](repeating: .infinity, count: n)
            var owner = [Int](repeating: 0, count: n)
            for i in 0..<n {
                for (position, m) in medoids.enumerated() {
                    let value = d[i * n + m]
                    if value < first[i] {
                        second[i] = first[i]
                        first[i] = value
                        owner[i] = position
                    } else if value < second[i] {
                        second[i] = value
                    }
                }
            }
            var best = (change: -1e-12 * max(first.reduce(0, +), 1), position: -1, candidate: -1)
            for candidate in 0..<n where !medoids.contains(candidate) {
                for position in medoids.indices {
                    var change = 0.0
                    for i in 0..<n {
                        let toCandidate = d[i * n + candidate]
                        change +=
                            owner[i] == position
                            ? min(toCandidate, second[i]) - first[i] : min(toCandidate - first[i], 0)
                    }
                    if change < best.change { best = (change, position, candidate) }
                }
            }
            guard best.position >= 0 else { break }
            medoids[best.position] = best.candidate
            swaps += 1
        }
        let labels = (0..<n).map { i in medoids.indices.min { d[i * n + medoids[$0]] < d[i * n + medoids[$1]] }! }
        let cost = (0..<n).reduce(0.0) { $0 + d[$1 * n + medoids[labels[$1]]] }
        return KMedoids(medoids: medoids, labels: labels, cost: cost, swaps: swaps)
    }

    private static func row(_ i: Int, _ d: [Double], _ n: Int) -> Double {
        (0..<n).reduce(0.0) { $0 + d[i * n + $1] }
    }

    /// How much adding `candidate` as a medoid lowers the cost.
    private static func gain(_ candidate: Int, _ nearest: [Double], _ d: [Double], _ n: Int) -> Double {
        (0..<n).reduce(0.0) { $0 + max(nearest[$1] - d[$1 * n + candidate], 0) }
    }
}
