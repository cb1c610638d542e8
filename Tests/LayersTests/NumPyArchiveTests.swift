import Foundation
import Tensor
import XCTest

@testable import Layers

final class NumPyArchiveTests: XCTestCase {
    func testReadsStoredAndDeflatedArchivesWrittenByNumPy() throws {
        for name in ["arrays_stored.npz", "arrays_deflated.npz"] {
            let arrays = try NumPy.loadArchive(from: TestFiles.fixture(name))
            XCTAssertEqual(Set(arrays.keys), ["x", "y"], name)
            XCTAssertEqual(arrays["x"]?.shape, [3, 2])
            XCTAssertEqual(arrays["x"]?.scalars(as: Float.self), [0, 1, 2, 3, 4, 5])
            XCTAssertEqual(arrays["y"]?.scalars(as: Int64.self), [1, 0, 1])
        }
    }

    func testEveryTruncationThrows() throws {
        for name in ["arrays_stored.npz", "arrays_deflated.npz"] {
            let bytes = try TestFiles.fixtureBytes(name)
            for length in 0..<bytes.count {
                XCTAssertThrowsError(try Self.load(Array(bytes[..<length]))) { error in
                    XCTAssertTrue(error is DataError, "\(name) cut at \(length): \(error)")
                }
            }
        }
    }

    func testFlippedBytesThrowOrLoadTheRightValuesAndNeverCrash() throws {
        for name in ["arrays_stored.npz", "arrays_deflated.npz"] {
            let bytes = try TestFiles.fixtureBytes(name)
            let original = try Self.load(bytes)
            let archive = try ZipArchive(bytes: bytes, path: name)
            let dataPositions = Set(archive.members.flatMap { Array($0.dataRange) })
            for position in 0..<bytes.count {
                var flipped = bytes
                flipped[position] ^= 0x5A
                do {
                    let arrays = try Self.load(flipped)
                    XCTAssertEqual(Set(arrays.keys), Set(original.keys), "\(name) at \(position): no loss or renaming")
                    // Unused fields (times, attributes, the local copies of the sizes) and the padding bits of
                    // deflated data may change; the arrays may not.
                    if dataPositions.contains(position) {
                        XCTAssertEqual(
                            arrays.mapValues { $0.toDoubles() }, original.mapValues { $0.toDoubles() },
                            "\(name) at \(position)")
                    }
                } catch {
                    XCTAssertTrue(error is DataError, "\(name) flipped at \(position): \(error)")
                }
            }
        }
    }

    func testSpecificDamageIsDescribed() throws {
        let bytes = try TestFiles.fixtureBytes("arrays_deflated.npz")
        let archive = try ZipArchive(bytes: bytes, path: "a.npz")
        assertThrows(
            try Self.load(Array("not a zip file at all".utf8)), containing: ["no end-of-central-directory record"])
        var data = bytes
        data[archive.members[0].dataRange.lowerBound + 10] ^= 0xFF
        assertThrows(try Self.load(data), containing: ["member 'x.npy'"])
        var directory = bytes
        let signature: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
        let directoryStart = bytes.indices.first { Array(bytes[$0..<min($0 + 4, bytes.count)]) == signature }!
        directory[directoryStart] ^= 0xFF
        assertThrows(try Self.load(directory), containing: ["central directory entry 1 of 2 is damaged"])
    }

    static func load(_ bytes: [UInt8]) throws -> [String: Tensor] { try NumPy.decodeArchive(bytes, path: "test.npz") }
}
