import Tensor

/// K-means clustering by Lloyd's iterations from k-means++ seeds (Arthur and Vassilvitskii, 2007), the best of several
/// restarts by inertia.
///
/// Minimizes the inertia Σᵢ‖xᵢ − c_{ℓᵢ}‖² over labels ℓ and centers c. k-means++ draws the first center uniformly
/// and each next one with probability ∝ the squared distance to the nearest center drawn; Lloyd's iterations then
/// alternate nearest-center labels and cluster means until the labels stop changing (a cluster left empty keeps its
/// center).
public struct KMeans: Sendable {
    /// The centers, [K][d].
    public let centers: [[Double]]
    /// The cluster of each point, in 0..<K.
    public let labels: [Int]
    /// Σᵢ‖xᵢ − c_{ℓᵢ}‖².
    public let inertia: Double
    /// Lloyd iterations of the restart kept.
    public let iterations: Int

    /// Clusters `points` [n, d] (any float dtype) into `clusters` groups; keeps the restart of least inertia.
    public static func fit(
        _ points: Tensor, clusters: Int, restarts: Int = 1, maxIterations: Int = 300,
        using generator: inout RandomGenerator
    ) -> KMeans {
        precondition(
            points.rank == 2 && clusters >= 1 && clusters <= points.shape[0] && restarts >= 1,
            "KMeans.fit: points \(points.shape), \(clusters) clusters, \(restarts) restarts")
        let rows = PointRows(points)
        var best: KMeans?
        for _ in 0..<restarts {
            let seeds = plusPlusSeeds(rows, clusters: clusters, using: &generator)
            let fitted = lloyd(rows, centers: seeds, maxIterations: maxIterations)
            if best.map({ fitted.inertia < $0.inertia }) ?? true { best = fitted }
        }
        return best!
    }

    /// Lloyd's iterations from the given centers [K][d].
    public static func fit(_ points: Tensor, initialCenters: [[Double]], maxIterations: Int = 300) -> KMeans {
        let rows = PointRows(points)
        precondition(
            !initialCenters.isEmpty && initialCenters.allSatisfy { $0.count == rows.dimension },
            "KMeans.fit: points \(points.shape) and \(initialCenters.count) initial centers of other dimensions")
        return lloyd(rows, centers: initialCenters, maxIterations: maxIterations)
    }

    /// k-means++ seeding: K distinct points.
    static func plusPlusSeeds(_ rows: PointRows, clusters: Int, using generator: inout RandomGenerator) -> [[Double]] {
        let n = rows.count
        var centers = [rows[Int(generator.nextInteger(below: UInt64(n)))]]
        var nearest = (0..<n).map { rows.squaredDistance($0, to: centers[0]) }
        while centers.count < clusters {
            let total = nearest.reduce(0, +)
            var index = n - 1
            if total > 0 {
                var target = generator.nextDouble() * total
                for i in 0..<n {
                    target -= nearest[i]
                    if target < 0 {
                        index = i
                        break
                    }
                }
            } else {
                index = Int(generator.nextInteger(below: UInt64(n)))
            }
            centers.append(rows[index])
            for i in 0..<n { nearest[i] = min(nearest[i], rows.squaredDistance(i, to: centers.last!)) }
        }
        return centers
    }

    static func lloyd(_ rows: PointRows, centers initial: [[Double]], maxIterations: Int) -> KMeans {
        let n = rows.count
        let d = rows.dimension
        let k = initial.count
        var centers = initial
        var labels = [Int](repeating: -1, count: n)
        var iterations = 0
        while iterations < maxIterations {
            iterations += 1
            let updated = (0..<n).map { i in
                (0..<k).min { rows.squaredDistance(i, to: centers[$0]) < rows.squaredDistance(i, to: centers[$1]) }!
            }
            if updated == labels { break }
            labels = updated
            var sums = [[Double]](repeating: [Double](repeating: 0, count: d), count: k)
            var counts = [Int](repeating: 0, count: k)
            for i in 0..<n {
                counts[labels[i]] += 1
                for j in 0..<d { sums[labels[i]][j] += rows.values[i * d + j] }
            }
            for c in 0..<k where counts[c] > 0 { centers[c] = sums[c].map { $0 / Double(counts[c]) } }
        }
        let inertia = (0..<n).reduce(0.0) { $0 + rows.squaredDistance($1, to: centers[labels[$1]]) }
        return KMeans(centers: centers, labels: labels, inertia: inertia, iterations: iterations)
    }
}
