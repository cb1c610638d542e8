import Autograd
import Foundation
import Tensor
import XCTest

@testable import Layers

/// NaN and ∞ are flagged: checkpoints refuse them unless asked, the progress bar and the metrics log mark them.
final class NonFiniteTrainingTests: XCTestCase {
    func testACheckpointWithNonFiniteWeightsIsRefusedUnlessAsked() throws {
        let directory = try TestFiles.temporaryDirectory(for: self)
        let url = directory.appendingPathComponent("model.safetensors")
        let model = Linear(weight: Tensor([1.0, .nan], shape: [1, 2]), bias: Tensor([Double.infinity]))
        assertThrows(try model.save(to: url), containing: ["not saved", "NaN or ∞ in bias, weight", "allowNonFinite"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path))
        let checkpoint = Checkpoint(
            parameters: ["w": Tensor([1.0])], optimizerState: ["0.m": Tensor([Double.nan])], step: 3)
        assertThrows(try checkpoint.write(to: url), containing: ["optimizer.0.m"])
        try model.save(to: url, allowNonFinite: true)
        XCTAssertTrue(try Safetensors.load(from: url)["weight"]!.toDoubles()[1].isNaN)
    }

    func testTheProgressBarFlagsTheFirstNonFiniteLoss() {
        var lines: [String] = []
        let bar = ProgressBar(
            total: 10, label: "", initialStep: 0, isTerminal: false, columns: 80, clock: { 0 },
            output: { lines.append($0) })
        bar.update(step: 1, loss: 0.5)
        bar.update(step: 2, loss: .nan)
        bar.update(step: 3, loss: 0.25)
        XCTAssertEqual(bar.firstNonFiniteLossStep, 2)
        bar.finish()
        XCTAssertTrue(lines.last!.contains("loss 0.25 (non-finite since step 2)"), lines.last!)
    }

    func testTheMetricsLogFlagsNonFiniteValues() throws {
        let directory = try TestFiles.temporaryDirectory(for: self)
        let log = try MetricsLog(url: directory.appendingPathComponent("m.jsonl"))
        try log.record(step: 1, ["loss": 0.5])
        try log.record(step: 2, ["loss": .infinity, "lr": .nan])
        let lines = try String(contentsOf: log.url, encoding: .utf8).split(separator: "\n")
        XCTAssertFalse(lines[0].contains("non_finite"))
        XCTAssertTrue(lines[1].hasSuffix(#""loss":null,"lr":null,"non_finite":["loss","lr"]}"#), String(lines[1]))
        XCTAssertEqual(log.firstNonFinite?.step, 2)
        XCTAssertEqual(log.firstNonFinite?.name, "loss")
    }
}
