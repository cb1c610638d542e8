import Foundation
import XCTest

@testable import Layers

final class MetricsLogTests: XCTestCase {
    func records(_ url: URL) throws -> [[String: Any]] {
        let text = try String(contentsOf: url, encoding: .utf8)
        XCTAssertTrue(text.hasSuffix("\n"))
        return try text.split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    func testWritesOneJSONObjectPerRecordAsSoonAsItIsMade() throws {
        let url = try TestFiles.temporaryDirectory(for: self).appendingPathComponent("run-1/metrics.jsonl")
        let log = try MetricsLog(url: url)
        let start = Date().timeIntervalSince1970
        try log.record(step: 1, ["loss": 0.5, "lr": 1e-3])
        try log.record(step: 2, ["loss": .nan, "grad norm": .infinity])
        // Read while the log is still open: nothing waits in a buffer.
        let lines = try records(url)
        XCTAssertEqual(lines.count, 2)
        XCTAssertEqual(lines[0]["step"] as? Int, 1)
        XCTAssertEqual(lines[0]["loss"] as? Double, 0.5)
        XCTAssertEqual(lines[0]["lr"] as? Double, 0.001)
        let wallTime = try XCTUnwrap(lines[0]["wall_time"] as? Double)
        XCTAssertEqual(wallTime, start, accuracy: 5)
        XCTAssertTrue(lines[1]["loss"] is NSNull)
        XCTAssertTrue(lines[1]["grad norm"] is NSNull)
        let firstLine = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")[0]
        XCTAssertTrue(firstLine.hasPrefix(#"{"step":1,"wall_time":"#), String(firstLine))
        XCTAssertTrue(firstLine.hasSuffix(#","loss":0.5,"lr":0.001}"#), String(firstLine))
    }

    func testReplacingOrAppendingAnExistingLog() throws {
        let url = try TestFiles.temporaryDirectory(for: self).appendingPathComponent("metrics.jsonl")
        try MetricsLog(url: url).record(step: 1, ["loss": 1])
        try MetricsLog(url: url, existingFile: .append).record(step: 2, ["loss": 0.5])
        XCTAssertEqual(try records(url).map { $0["step"] as? Int }, [1, 2])
        try MetricsLog(url: url).record(step: 3, ["loss": 0.25])
        XCTAssertEqual(try records(url).map { $0["step"] as? Int }, [3])
    }

    func testNamesAreEscaped() throws {
        let url = try TestFiles.temporaryDirectory(for: self).appendingPathComponent("metrics.jsonl")
        try MetricsLog(url: url).record(step: 0, ["say \"hi\"\n": 2])
        XCTAssertEqual(try records(url)[0]["say \"hi\"\n"] as? Double, 2)
    }

    func testAnUnwritablePathIsAFileSystemError() throws {
        let file = try TestFiles.temporaryDirectory(for: self).appendingPathComponent("plain-file")
        try Data().write(to: file)
        assertThrows(
            try MetricsLog(url: file.appendingPathComponent("metrics.jsonl")),
            containing: ["could not create the directory"])
    }
}
