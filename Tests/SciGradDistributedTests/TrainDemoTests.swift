import Foundation
import Layers
import XCTest

/// `scigrad-distributed train-demo` on two ranks: it trains, the ranks end with equal parameters, and rank 0 alone
/// writes the metrics, the checkpoint and the progress line.
final class TrainDemoTests: XCTestCase {
    func testTwoRanksTrainAndOnlyRankZeroWrites() throws {
        let program = URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0])
            .deletingLastPathComponent().appendingPathComponent("scigrad-distributed")
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: program.path), "no \(program.path)")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("train-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let launch = try mpirun(
            ranks: 2,
            [
                program.path, "train-demo", "--steps", "12", "--samples", "512", "--batch-size", "64", "--log-every",
                "4",
                "--output", output.path,
            ],
            timeout: 60)
        XCTAssertEqual(launch.status, 0, "\(launch)")
        XCTAssertEqual(
            launch.output.components(separatedBy: "12 steps on 2 ranks").count - 1, 1, "one summary line: \(launch)")
        XCTAssert(launch.output.contains("parameters differ across ranks by at most 0;"), "\(launch)")
        XCTAssertEqual(
            launch.output.components(separatedBy: "train 2 ranks 12/12").count - 1, 1, "one progress line: \(launch)")
        let log = try String(contentsOf: output.appendingPathComponent("metrics.jsonl"), encoding: .utf8)
        let records = log.split(separator: "\n")
        XCTAssertEqual(records.map { $0.hasPrefix("{\"step\":") }, [true, true, true], log)
        let losses = records.compactMap { record -> Double? in
            guard let range = record.range(of: "\"loss\":") else { return nil }
            return Double(record[range.upperBound...].dropLast())
        }
        XCTAssertEqual(losses.count, 3, log)
        XCTAssertLessThan(losses.last!, losses.first!, "the loss falls: \(losses)")
        let checkpoint = try Checkpoint(contentsOf: output.appendingPathComponent("model.safetensors"))
        XCTAssertEqual(checkpoint.parameters["layers.0.weight"]?.shape, [512, 784])
        XCTAssertEqual(checkpoint.metadata["ranks"], "2")
    }
}
