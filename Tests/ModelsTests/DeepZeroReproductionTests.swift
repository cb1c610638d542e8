import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

@testable import Models

/// The DeepZero reproduction at toy size (4 steps, batch 16, 2 seeds): files, finite figures in their ranges,
/// determinism of the trained accuracies under a seed, and the mechanics — ZO-GraSP keeps the global weight density,
/// RGE gets the queries sparse CGE uses, and the images are shifted standardized templates. Verdicts are not asserted.
final class DeepZeroReproductionTests: XCTestCase {
    func testToyRunWritesFiniteFiguresAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deepzero-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let result = try ExperimentRunner.run(DeepZeroExperiment(), configuration)
        XCTAssertEqual(result.claims.count, 3)
        for claim in result.claims {
            XCTAssertEqual(claim.measured.values.count, 2, claim.name)
            XCTAssertTrue(claim.measured.values.allSatisfy(\.isFinite), claim.name)
        }
        XCTAssertTrue(result.claims[0].measured.values.allSatisfy { abs($0) <= 100 })  // accuracy points
        XCTAssertTrue(result.claims[1].measured.values.allSatisfy { $0 >= 0 })
        XCTAssertTrue(result.claims[2].measured.values.allSatisfy { $0 > 0 })  // a time ratio
        for file in ["accuracy.csv", "curves.csv", "timing.csv", "accuracy.svg", "result.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let accuracy = try String(contentsOf: folder.appendingPathComponent("accuracy.csv"), encoding: .utf8)
        let rows = accuracy.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        XCTAssertEqual(rows.count, 3)
        let column = { (name: String) in rows.dropFirst().map { Double($0[rows[0].firstIndex(of: name)!])! } }
        for name in ["first_order", "sparse_cge", "rge"] {
            XCTAssertTrue(column(name).allSatisfy { $0 >= 0 && $0 <= 1 }, name)
        }
        // Sparse CGE perturbs its masked weights and every bias (106) plus one base query; ZO-GraSP's layer
        // densities keep 10% of the 4416 weights overall.
        let weights = [2048.0, 1024, 1024, 320]
        for seed in 0..<2 {
            let densities = (0..<4).map { column("density_layer\($0)")[seed] }
            let kept = zip(densities, weights).map { ($0 * $1).rounded() }.reduce(0, +)
            XCTAssertEqual(kept, 442, accuracy: 2)
            XCTAssertEqual(column("queries_per_step")[seed], kept + 106 + 1)
        }
        let timing = try String(contentsOf: folder.appendingPathComponent("timing.csv"), encoding: .utf8)
        let timingRows = timing.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        let differenceColumn = timingRows[0].firstIndex(of: "largest_difference")!
        for row in timingRows.dropFirst() { XCTAssertLessThan(Double(row[differenceColumn])!, 1e-8) }

        let again = try DeepZeroExperiment().run(configuration)
        XCTAssertEqual(again.claims[0].measured, result.claims[0].measured)
        XCTAssertEqual(again.claims[1].measured, result.claims[1].measured)
    }

    func testImagesAreShiftedStandardizedTemplates() {
        var generator = RandomGenerator(seed: 9)
        let images = ShiftedTemplateImages(classes: 3, blur: 1, noise: 0, maxShift: 1, using: &generator)
        for template in images.templates {
            let mean = template.reduce(0, +) / 64
            XCTAssertEqual(mean, 0, accuracy: 1e-12)
            XCTAssertEqual(template.map { $0 * $0 }.reduce(0, +) / 64, 1, accuracy: 1e-12)
        }
        let (inputs, labels) = images.sample(50, using: &generator)
        XCTAssertEqual(inputs.shape, [50, 64])
        let pixels = inputs.toDoubles()
        for (i, label) in labels.scalars(as: Int64.self).enumerated() {
            let image = Array(pixels[i * 64..<(i + 1) * 64])
            let template = images.templates[Int(label)]
            let matches = (-1...1).contains { dr in
                (-1...1).contains { dc in
                    (0..<64).allSatisfy { p in
                        let (r, c) = (p / 8, p % 8)
                        return image[p] == template[((r + dr + 8) % 8) * 8 + (c + dc + 8) % 8]
                    }
                }
            }
            XCTAssertTrue(matches, "image \(i) is not a shift of its class template")
        }
    }
}
