import Foundation
import Tensor
import XCTest

@testable import Layers

/// Clustering building blocks against closed forms: k-means and the SDP relaxations recover well-separated clusters
/// (the K-means SDP's solution is then exactly Σ_C 1_C·1_Cᵀ/|C|), the SDP's affine projection is an orthogonal
/// projection, its solutions are PSD and feasible, EM recovers a mixture and never lowers its likelihood, and the
/// misclustering rate matches labels up to permutation.
final class ClusteringTests: XCTestCase {
    /// `sizes[c]` points around the c-th of the given centers with standard deviation `spread`, and their labels.
    private func blobs(
        centers: [[Double]], sizes: [Int], spread: Double, using generator: inout RandomGenerator
    ) -> (points: Tensor, labels: [Int]) {
        let d = centers[0].count
        var rows: [Tensor] = []
        var labels: [Int] = []
        for (c, center) in centers.enumerated() {
            let noise = Tensor.normal([sizes[c], d], standardDeviation: spread, dtype: .float64, using: &generator)
            rows.append(noise + Tensor(center, shape: [d], dtype: .float64))
            labels += Array(repeating: c, count: sizes[c])
        }
        return (Tensor.concatenated(rows, axis: 0), labels)
    }

    /// Σ_C 1_C·1_Cᵀ/|C| for the clusters of `labels`.
    private func partitionMatrix(_ labels: [Int], only cluster: Int? = nil) -> [Double] {
        let n = labels.count
        var counts: [Int: Int] = [:]
        for label in labels { counts[label, default: 0] += 1 }
        return (0..<(n * n)).map { index in
            let (i, j) = (index / n, index % n)
            guard labels[i] == labels[j], cluster.map({ $0 == labels[i] }) ?? true else { return 0 }
            return 1 / Double(counts[labels[i]]!)
        }
    }

    func testMisclusteringRateMatchesLabelsUpToPermutation() {
        XCTAssertEqual(misclusteringRate([2, 2, 0, 0, 1, 1], truth: [0, 0, 1, 1, 2, 2], clusters: 3), 0)
        XCTAssertEqual(misclusteringRate([2, 2, 0, 1, 1, 1], truth: [0, 0, 1, 1, 2, 2], clusters: 3), 1 / 6)
        // Every point in one cluster: only the largest true cluster is matched.
        XCTAssertEqual(
            misclusteringRate([0, 0, 0, 0, 0], truth: [1, 1, 1, 0, 0], clusters: 2), 2 / 5, accuracy: 1e-15)
    }

    func testKMeansRecoversSeparatedClustersAndReportsItsInertia() {
        var generator = RandomGenerator(seed: 1)
        let (points, truth) = blobs(
            centers: [[0, 0], [6, 0], [0, 6]], sizes: [20, 25, 30], spread: 0.5, using: &generator)
        let fit = KMeans.fit(points, clusters: 3, restarts: 5, using: &generator)
        XCTAssertEqual(misclusteringRate(fit.labels, truth: truth, clusters: 3), 0)
        let rows = points.toDoubles()
        let inertia = (0..<75).reduce(0.0) { total, i in
            let center = fit.centers[fit.labels[i]]
            return total + pow(rows[2 * i] - center[0], 2) + pow(rows[2 * i + 1] - center[1], 2)
        }
        XCTAssertEqual(fit.inertia, inertia, accuracy: 1e-9)
        // Each center is its cluster's mean (Lloyd's fixed point).
        for c in 0..<3 {
            let members = (0..<75).filter { fit.labels[$0] == c }
            let mean = [0, 1].map { j in members.reduce(0.0) { $0 + rows[2 * $1 + j] } / Double(members.count) }
            XCTAssertEqual(fit.centers[c][0], mean[0], accuracy: 1e-12)
            XCTAssertEqual(fit.centers[c][1], mean[1], accuracy: 1e-12)
        }
    }

    func testAffineProjectionIsTheOrthogonalProjection() throws {
        var generator = RandomGenerator(seed: 2)
        let n = 7
        let costs = (0..<3).map { _ in Tensor.normal([n, n], dtype: .float64, using: &generator) }
        let sdp = ClusteringSDP(costs: costs, traces: [1, 1.5, 0.5])
        func randomSymmetric() -> [[Double]] {
            (0..<3).map { _ in
                let a = Tensor.normal([n, n], dtype: .float64, using: &generator)
                return (a + a.transposed()).contiguous().toDoubles()
            }
        }
        let v = randomSymmetric()
        let projected = sdp.affineProjection(v)
        for (k, z) in projected.enumerated() {
            XCTAssertEqual((0..<n).reduce(0.0) { $0 + z[$1 * n + $1] }, sdp.traces[k], accuracy: 1e-12)
        }
        for i in 0..<n {
            var rowSum = 0.0
            for z in projected { for j in 0..<n { rowSum += z[i * n + j] } }
            XCTAssertEqual(rowSum, 1, accuracy: 1e-12)
        }
        // Idempotent, and V − P(V) is orthogonal to the set's directions P(W) − P(V).
        let again = sdp.affineProjection(projected)
        for (a, b) in zip(again.joined(), projected.joined()) { XCTAssertEqual(a, b, accuracy: 1e-12) }
        let other = sdp.affineProjection(randomSymmetric())
        var inner = 0.0
        for k in 0..<3 {
            for i in 0..<(n * n) { inner += (v[k][i] - projected[k][i]) * (other[k][i] - projected[k][i]) }
        }
        XCTAssertEqual(inner, 0, accuracy: 1e-10)
    }

    func testKMeansSDPRecoversThePartitionMatrixOfSeparatedClusters() throws {
        var generator = RandomGenerator(seed: 3)
        let (points, truth) = blobs(
            centers: [[0, 0, 0], [5, 0, 0], [0, 5, 0]], sizes: [8, 10, 12], spread: 0.4, using: &generator)
        let sdp = ClusteringSDP.kMeans(points: points, clusters: 3)
        let solution = try sdp.solve(maxIterations: 2000, tolerance: 1e-6)
        XCTAssertTrue(solution.converged, "residuals \(solution.primalResidual), \(solution.dualResidual)")
        XCTAssertLessThan(try sdp.constraintViolation(solution.memberships), 1e-5)
        for (value, expected) in zip(solution.memberships[0].toDoubles(), partitionMatrix(truth)) {
            XCTAssertEqual(value, expected, accuracy: 1e-3)
        }
        let labels = try solution.spectralLabels(clusters: 3, using: &generator)
        XCTAssertEqual(misclusteringRate(labels, truth: truth, clusters: 3), 0)
    }

    /// Random costs on several groups: the solution is PSD, feasible to tolerance, and no worse than a feasible point
    /// (a partition's membership matrices).
    func testGroupSDPSolutionIsFeasibleAndBeatsAPartition() throws {
        var generator = RandomGenerator(seed: 4)
        let n = 12
        let costs = (0..<2).map { _ in
            let a = Tensor.normal([n, n], dtype: .float64, using: &generator)
            return a + a.transposed()
        }
        let sdp = ClusteringSDP(costs: costs, traces: [1, 1])
        let solution = try sdp.solve(maxIterations: 3000, tolerance: 1e-6)
        XCTAssertTrue(solution.converged)
        XCTAssertLessThan(try sdp.constraintViolation(solution.memberships), 1e-4)
        for z in solution.memberships {
            XCTAssertGreaterThanOrEqual(try Linalg.eigh(z).eigenvalues.min().item(), -1e-10)
        }
        let labels = (0..<n).map { $0 % 2 }
        let partition = (0..<2).map { Tensor(partitionMatrix(labels, only: $0), shape: [n, n], dtype: .float64) }
        XCTAssertLessThan(try sdp.constraintViolation(partition), 1e-12)
        let partitionObjective = zip(costs, partition).reduce(0.0) { $0 + ($1.0 * $1.1).sum().item() }
        XCTAssertLessThanOrEqual(solution.objective, partitionObjective + 1e-3)
        XCTAssertEqual(
            solution.objective, zip(costs, solution.memberships).reduce(0.0) { $0 + ($1.0 * $1.1).sum().item() },
            accuracy: 1e-9)
    }

    func testGaussianMixtureDensityMatchesTheClosedForm() throws {
        let mixture = GaussianMixture(
            weights: [0.25, 0.75], means: [[1, -1], [0, 2]], covariances: [[2, 0, 0, 0.5], [1, 0.6, 0.6, 1]])
        let x = Tensor([0.3, 0.4, -1, 2.5], shape: [2, 2], dtype: .float64)
        let log = try mixture.componentLogDensities(x).toDoubles()
        func gaussian(_ p: [Double], _ mean: [Double], _ s: [Double]) -> Double {
            let determinant = s[0] * s[3] - s[1] * s[2]
            let (a, b) = (p[0] - mean[0], p[1] - mean[1])
            let quadratic = (s[3] * a * a - 2 * s[1] * a * b + s[0] * b * b) / determinant
            return Foundation.exp(-quadratic / 2) / (2 * Double.pi * determinant.squareRoot())
        }
        for i in 0..<2 {
            let p = [x.toDoubles()[2 * i], x.toDoubles()[2 * i + 1]]
            for k in 0..<2 {
                let expected = mixture.weights[k] * gaussian(p, mixture.means[k], mixture.covariances[k])
                XCTAssertEqual(log[2 * i + k], Foundation.log(expected), accuracy: 1e-12)
            }
        }
    }

    func testEMRecoversAWellSeparatedMixtureAndNeverLowersTheLikelihood() throws {
        var generator = RandomGenerator(seed: 5)
        // Component 2 is stretched along (1, 1): Σ = [[2, 1.5], [1.5, 2]].
        let first = Tensor.normal([300, 2], standardDeviation: 0.5, dtype: .float64, using: &generator)
        let factor = Tensor([1.41421356, 0, 1.06066017, 0.93541435], shape: [2, 2], dtype: .float64)
        let second =
            Tensor.normal([700, 2], dtype: .float64, using: &generator).matmul(factor.transposed())
            + Tensor([8, 0], shape: [2], dtype: .float64)
        let points = Tensor.concatenated([first, second], axis: 0)
        let fit = try GaussianMixture.fit(points, clusters: 2, restarts: 2, using: &generator)
        XCTAssertTrue(fit.converged)
        for (next, previous) in zip(fit.logLikelihoods.dropFirst(), fit.logLikelihoods) {
            XCTAssertGreaterThanOrEqual(next, previous - 1e-12)
        }
        let mixture = fit.mixture
        let big = mixture.weights[0] > mixture.weights[1] ? 0 : 1
        XCTAssertEqual(mixture.weights[big], 0.7, accuracy: 0.01)
        XCTAssertEqual(mixture.means[big][0], 8, accuracy: 0.15)
        XCTAssertEqual(mixture.means[1 - big][0], 0, accuracy: 0.1)
        for (value, expected) in zip(mixture.covariances[big], [2, 1.5, 1.5, 2]) {
            XCTAssertEqual(value, expected, accuracy: 0.3)
        }
        for (value, expected) in zip(mixture.covariances[1 - big], [0.25, 0, 0, 0.25]) {
            XCTAssertEqual(value, expected, accuracy: 0.05)
        }
        let truth = Array(repeating: 1 - big, count: 300) + Array(repeating: big, count: 700)
        XCTAssertEqual(try mixture.labels(points), truth)
        XCTAssertEqual(fit.logLikelihood, try mixture.logDensities(points).mean().item(), accuracy: 1e-9)
    }

    func testPairwiseDissimilaritiesMatchTheirDefinitions() {
        var generator = RandomGenerator(seed: 6)
        let a = Tensor.normal([4, 3], dtype: .float64, using: &generator)
        // b's first row is a scaled copy of a's first, its last row is zero.
        let b = Tensor.concatenated(
            [
                a.narrowed(axis: 0, start: 0, length: 1) * -2.5,
                Tensor.normal([2, 3], dtype: .float64, using: &generator), Tensor.zeros([1, 3], dtype: .float64),
            ], axis: 0)
        let euclidean = Dissimilarity.euclidean.pairwise(a, b).toDoubles()
        let sine = Dissimilarity.sineSquared.pairwise(a, b).toDoubles()
        let (x, y) = (a.toDoubles(), b.toDoubles())
        for i in 0..<4 {
            for j in 0..<4 {
                let u = Array(x[(3 * i)..<(3 * i + 3)])
                let v = Array(y[(3 * j)..<(3 * j + 3)])
                let dot = zip(u, v).reduce(0.0) { $0 + $1.0 * $1.1 }
                let (uu, vv) = (u.reduce(0.0) { $0 + $1 * $1 }, v.reduce(0.0) { $0 + $1 * $1 })
                XCTAssertEqual(euclidean[4 * i + j], (uu + vv - 2 * dot).squareRoot(), accuracy: 1e-12)
                XCTAssertEqual(sine[4 * i + j], vv == 0 ? 0 : 1 - dot * dot / (uu * vv), accuracy: 1e-12)
            }
        }
        XCTAssertEqual(sine[0], 0, accuracy: 1e-12, "parallel vectors")
        let scaled = Dissimilarity.sineSquared.pairwise(a * 3, a * -0.5).toDoubles()
        for (value, expected) in zip(scaled, Dissimilarity.sineSquared.pairwise(a, a).toDoubles()) {
            XCTAssertEqual(value, expected, accuracy: 1e-12, "scale invariant")
        }
    }

    /// PAM on 11 points reaches the cost of the best of all C(11, 3) medoid sets here, and labels each point with
    /// its nearest medoid.
    func testKMedoidsMatchesTheExhaustiveOptimum() {
        var generator = RandomGenerator(seed: 7)
        let points = Tensor.normal([11, 2], dtype: .float64, using: &generator)
        let distances = Dissimilarity.euclidean.pairwise(points, points)
        let d = distances.toDoubles()
        let fit = KMedoids.fit(dissimilarities: distances, clusters: 3)
        var optimum = Double.infinity
        for a in 0..<11 {
            for b in (a + 1)..<11 {
                for c in (b + 1)..<11 {
                    let cost = (0..<11).reduce(0.0) { $0 + min(d[$1 * 11 + a], d[$1 * 11 + b], d[$1 * 11 + c]) }
                    optimum = min(optimum, cost)
                }
            }
        }
        XCTAssertEqual(fit.cost, optimum, accuracy: 1e-12)
        for i in 0..<11 {
            let nearest = fit.medoids.map { d[i * 11 + $0] }.min()!
            XCTAssertEqual(d[i * 11 + fit.medoids[fit.labels[i]]], nearest)
        }
    }
}
