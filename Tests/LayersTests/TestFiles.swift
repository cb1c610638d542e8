import Foundation
import XCTest

/// The committed fixtures, and a fresh temporary directory per test.
enum TestFiles {
    static func fixture(_ name: String) -> URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(name)
    }

    static func fixtureBytes(_ name: String) throws -> [UInt8] { try Array(Data(contentsOf: fixture(name))) }

    /// A new empty directory, removed when the test ends.
    static func temporaryDirectory(for test: XCTestCase) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scigrad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        return directory
    }

    static func contents(of directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }
}

/// Asserts that `body` throws an error whose description contains every one of `fragments`.
func assertThrows<T>(
    _ body: @autoclosure () throws -> T, containing fragments: [String], file: StaticString = #filePath,
    line: UInt = #line
) {
    do {
        _ = try body()
        XCTFail("expected an error containing \(fragments)", file: file, line: line)
    } catch {
        let text = "\(error)"
        for fragment in fragments where !text.contains(fragment) {
            XCTFail("error '\(text)' does not contain '\(fragment)'", file: file, line: line)
        }
    }
}
