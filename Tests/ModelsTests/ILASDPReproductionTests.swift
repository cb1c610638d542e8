import Foundation
import Layers
import Tensor
import XCTest

@testable import Models

/// The iLA-SDP study at toy size (files, rates in [0, 1], determinism), the likelihood-adjusted costs against the
/// profile likelihood they encode, and the quantile helper.
final class ILASDPReproductionTests: XCTestCase {
    func testToyRunWritesItsFilesAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ila-sdp-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let first = try ExperimentRunner.run(ILASDPExperiment(), configuration)
        XCTAssertEqual(first.claims.count, 4)
        for file in ["errors_k2.csv", "errors_k3.csv", "errors.svg", "result.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        for clusters in [2, 3] {
            let table = try CSV.load(from: folder.appendingPathComponent("errors_k\(clusters).csv"), dtype: .float64)
            XCTAssertEqual(table.values.shape, [2, 7])
            // A misclustering rate lies in [0, 1 − 1/K] (the best matching gets at least the largest share).
            for rate in table.values.narrowed(axis: 1, start: 1, length: 6).toDoubles() {
                XCTAssertGreaterThanOrEqual(rate, 0)
                XCTAssertLessThanOrEqual(rate, 1 - 1 / Double(clusters) + 1e-12)
            }
        }
        let second = try ILASDPExperiment().run(configuration)
        XCTAssertEqual(second.claims.map(\.measured), first.claims.map(\.measured), "same seed, same figures")
    }

    /// ⟨W_k, Z_k⟩ summed over the partition matrices Z_k = 1_C·1_Cᵀ/|C| is the profile log-likelihood sum
    /// Σ_k Σ_{i∈C_k} (xᵢ − x̄_k)ᵀΣ_k⁻¹(xᵢ − x̄_k) + |C_k| log det Σ_k, computed directly.
    func testCostsEncodeTheProfileLikelihoodOfAPartition() throws {
        var generator = RandomGenerator(seed: 7)
        let (n, d) = (9, 2)
        let points = Tensor.normal([n, d], dtype: .float64, using: &generator)
        let labels = [0, 1, 0, 0, 1, 1, 0, 1, 0]
        let covariances = [
            Tensor([2, 0.3, 0.3, 1], shape: [2, 2], dtype: .float64),
            Tensor([0.5, -0.1, -0.1, 0.8], shape: [2, 2], dtype: .float64),
        ]
        let costs = try LikelihoodAdjustedSDP.costs(points: points, covariances: covariances)
        let x = points.toDoubles()
        var lifted = 0.0
        var direct = 0.0
        for k in 0..<2 {
            let members = (0..<n).filter { labels[$0] == k }
            let w = costs[k].toDoubles()
            for i in members { for j in members { lifted += w[i * n + j] / Double(members.count) } }
            let mean = (0..<d).map { c in members.reduce(0.0) { $0 + x[$1 * d + c] } / Double(members.count) }
            let s = covariances[k].toDoubles()
            let determinant = s[0] * s[3] - s[1] * s[2]
            for i in members {
                let (a, b) = (x[i * d] - mean[0], x[i * d + 1] - mean[1])
                direct += (s[3] * a * a - 2 * s[1] * a * b + s[0] * b * b) / determinant + log(determinant)
            }
        }
        XCTAssertEqual(lifted, direct, accuracy: 1e-10)
    }

    /// Two tight, differently shaped clusters: iLA-SDP from a wrong start (half the labels swapped) recovers them.
    func testLikelihoodAdjustedSDPRecoversTwoClusters() throws {
        var generator = RandomGenerator(seed: 8)
        let first = Tensor.normal([10, 2], standardDeviation: 0.3, dtype: .float64, using: &generator)
        let second =
            Tensor.normal([10, 2], dtype: .float64, using: &generator) * Tensor([2, 0.2], shape: [2], dtype: .float64)
            + Tensor([0, 3], shape: [2], dtype: .float64)
        let points = Tensor.concatenated([first, second], axis: 0)
        let truth = (0..<20).map { $0 / 10 }
        let start = truth.enumerated().map { $0.offset % 4 == 0 ? 1 - $0.element : $0.element }
        let run = try LikelihoodAdjustedSDP(outerIterations: 5, admmIterations: 500).cluster(
            points: points, initialLabels: start, clusters: 2)
        XCTAssertEqual(misclusteringRate(run.labels.last!, truth: truth, clusters: 2), 0)
    }

    func testQuantileInterpolatesLikeNumPy() {
        // numpy.percentile([3, 1, 4, 1, 5], [0, 50, 90, 100]) = [1, 3, 4.6, 5]
        let values: [Double] = [3, 1, 4, 1, 5]
        XCTAssertEqual(Statistics.quantile(values, 0), 1)
        XCTAssertEqual(Statistics.quantile(values, 0.5), 3)
        XCTAssertEqual(Statistics.quantile(values, 0.9), 4.6, accuracy: 1e-12)
        XCTAssertEqual(Statistics.quantile(values, 1), 5)
        XCTAssertTrue(Statistics.quantile([], 0.5).isNaN)
    }
}
