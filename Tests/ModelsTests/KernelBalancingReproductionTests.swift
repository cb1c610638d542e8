import Foundation
import Layers
import Tensor
import XCTest

@testable import Models

/// The kernel-balancing study at toy size: files, figures in their bands, balance reached, determinism; the synthetic
/// ratings' selection mechanism.
final class KernelBalancingReproductionTests: XCTestCase {
    func testToyRunWritesItsFilesAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let first = try ExperimentRunner.run(KernelBalancingExperiment(), configuration)
        XCTAssertEqual(first.claims.count, 4)
        for file in ["per_seed.csv", "result.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let table = try CSV.load(from: folder.appendingPathComponent("per_seed.csv"), dtype: .float64)
        XCTAssertEqual(table.values.shape[0], 2)
        let columns = Dictionary(
            uniqueKeysWithValues: table.columnNames!.enumerated().map { column in
                (
                    column.element,
                    (0..<2).map { table.values.toDoubles()[$0 * table.columnNames!.count + column.offset] }
                )
            })
        XCTAssertEqual(columns["seed"], [0, 1])
        for method in KernelBalancingExperiment.Method.allCases {
            XCTAssert(columns["auc_\(method.rawValue)"]!.allSatisfy { $0 > 0 && $0 < 1 }, method.rawValue)
        }
        for estimator in KernelBalancingExperiment.LossEstimator.allCases {
            XCTAssert(columns["loss_error_\(estimator.rawValue)"]!.allSatisfy { $0.isFinite && $0 >= 0 })
        }
        XCTAssert(columns["balance_residual"]!.allSatisfy { $0 < 0.05 }, "kernel means matched up to the ridge")
        // Balancing trades effective sample size for balance: never more than the observed count.
        for (ess, observed) in zip(columns["ess_KB-IPS"]!, columns["observed"]!) {
            XCTAssert(ess > 1 && ess <= observed + 1e-9, "\(ess) of \(observed)")
        }
        let second = try KernelBalancingExperiment().run(configuration)
        XCTAssertEqual(second.claims.map(\.measured), first.claims.map(\.measured), "same seed, same figures")
    }

    /// The bisection hits the observed fraction, positives are rated more often (β > 0), and the MCAR test set is a
    /// uniform sample.
    func testSyntheticRatingsAreMissingNotAtRandom() {
        var generator = RandomGenerator(seed: 4)
        let data = MissingNotAtRandomRatings.generate(
            userCount: 100, itemCount: 100, rank: 4, ratingBias: -0.5, ratingSelection: 2, covariateSelection: 0.5,
            observedFraction: 0.05, testFraction: 0.05, using: &generator)
        XCTAssertEqual(data.propensities.reduce(0, +) / 10_000, 0.05, accuracy: 1e-9)
        let positiveRate = { (pairs: [Int]) in Double(pairs.filter { data.ratings[$0] }.count) / Double(pairs.count) }
        let population = positiveRate(Array(0..<10_000))
        XCTAssertGreaterThan(positiveRate(data.observed), population + 0.2, "positives over-represented")
        XCTAssertEqual(positiveRate(data.test), population, accuracy: 0.07)
        XCTAssertEqual(data.covariates([0, 101]).shape, [2, 8])
        XCTAssertEqual(
            data.covariates([101]).toDoubles(),
            Array(data.userFactors.toDoubles()[4..<8]) + Array(data.itemFactors.toDoubles()[4..<8]))
    }
}
