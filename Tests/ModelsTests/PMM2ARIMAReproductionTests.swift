import Foundation
import Layers
import Tensor
import XCTest

@testable import Models

/// The PMM2-ARIMA study at toy size: its files, its figures' ranges and determinism; the jackknife and the innovation
/// laws it rests on, against closed forms.
final class PMM2ARIMAReproductionTests: XCTestCase {
    func testToyRunWritesItsFilesAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pmm2-arima-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let first = try ExperimentRunner.run(PMM2ARIMAExperiment(), configuration)
        XCTAssertEqual(first.claims.count, 5)
        for claim in first.claims {
            XCTAssertEqual(claim.measured.values.count, 16, "one pseudo-value per replication at toy size")
            XCTAssertTrue(claim.measured.mean.isFinite && claim.measured.mean > 0, "\(claim.name): \(claim.measured)")
        }
        for file in ["estimates.csv", "errors.svg", "result.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let estimates = try CSV.load(from: folder.appendingPathComponent("estimates.csv"), dtype: .float64)
        XCTAssertEqual(estimates.values.shape, [16, 8])
        let phis = estimates.values.toDoubles()
        XCTAssertTrue(phis.allSatisfy { abs($0 - 0.5) < 0.5 }, "every estimate of φ = 0.5 is in (0, 1)")
        let second = try PMM2ARIMAExperiment().run(configuration)
        XCTAssertEqual(second.claims.map(\.measured), first.claims.map(\.measured), "same seed, same figures")
    }

    /// RE of errors b = a/2 is 4 for every subset, so every pseudo-value is 4; with one replication per group the
    /// pseudo-values are the ordinary jackknife's n·θ − (n − 1)·θ₋ᵢ.
    func testRelativeEfficiencyJackknife() {
        let a = [0.3, -0.1, 0.4, -0.2, 0.25, 0.05]
        let halved = RelativeEfficiency(errorsA: a, errorsB: a.map { $0 / 2 }, groups: 3)
        XCTAssertEqual(halved.value, 4, accuracy: 1e-12)
        for value in halved.pseudoValues { XCTAssertEqual(value, 4, accuracy: 1e-12) }
        let b = [0.2, 0.1, -0.3, 0.1, -0.15, 0.2]
        let jackknife = RelativeEfficiency(errorsA: a, errorsB: b, groups: 6)
        func ratio(_ indices: [Int]) -> Double {
            indices.reduce(0) { $0 + a[$1] * a[$1] } / indices.reduce(0) { $0 + b[$1] * b[$1] }
        }
        let all = Array(0..<6)
        XCTAssertEqual(jackknife.value, ratio(all), accuracy: 1e-12)
        for i in 0..<6 {
            XCTAssertEqual(
                jackknife.pseudoValues[i], 6 * ratio(all) - 5 * ratio(all.filter { $0 != i }), accuracy: 1e-12)
        }
    }

    /// Each law is standardized (mean 0, variance 1) and has its stated skewness; 1/g is 1.8 for χ²(3), 5/3 for
    /// Gamma(2), 1 for the Gaussian.
    func testInnovationLawsAreStandardizedWithTheirSkewness() {
        XCTAssertEqual(InnovationDistribution.chiSquared3.theoreticalEfficiency, 1.8, accuracy: 1e-12)
        XCTAssertEqual(InnovationDistribution.gamma2.theoreticalEfficiency, 5.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(InnovationDistribution.gaussian.theoreticalEfficiency, 1)
        XCTAssertEqual(InnovationDistribution.lognormal.theoreticalEfficiency, 1.634, accuracy: 1e-3)
        var generator = RandomGenerator(seed: 5)
        for law in InnovationDistribution.allCases {
            let x = law.sample(200_000, using: &generator)
            let mean = x.reduce(0, +) / Double(x.count)
            let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count)
            let skewness = x.reduce(0) { $0 + pow($1 - mean, 3) } / Double(x.count) / pow(variance, 1.5)
            XCTAssertEqual(mean, 0, accuracy: 0.01, law.rawValue)
            XCTAssertEqual(variance, 1, accuracy: 0.02, law.rawValue)
            XCTAssertEqual(skewness, law.skewness, accuracy: 0.1, law.rawValue)
        }
    }
}
