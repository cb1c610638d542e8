import Foundation
import Tensor
import XCTest

@testable import Layers

/// The damaged files of issue #11 that crashed a loader or lost data silently: each must now throw a `DataError`
/// or `CheckpointError` saying what is wrong, and quote at most a bounded part of the file.
final class LoaderRobustnessTests: XCTestCase {
    /// An `.npy` file with header `text` (version 1.0, or 2.0 when `text` needs a 4-byte length) and `data` zero
    /// bytes of elements.
    static func npy(header text: String, data: Int = 0) -> [UInt8] {
        let header = Array(text.utf8)
        let isVersion1 = header.count <= Int(UInt16.max)
        let length = (0..<(isVersion1 ? 2 : 4)).map { UInt8(truncatingIfNeeded: header.count >> (8 * $0)) }
        return NumPy.magic + [isVersion1 ? 1 : 2, 0] + length + header + [UInt8](repeating: 0, count: data)
    }

    func testZeroSizedShapesWhoseOtherSizesOverflowAreRefused() {
        let npy = Self.npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 4294967296, 4294967296), }")
        assertThrows(
            try NumPy.decode(npy, path: "a.npy"), containing: ["a.npy", "[0, 4294967296, 4294967296]", "too large"])
        let safetensors = SafetensorsTests.file(
            header: #"{"a":{"dtype":"F64","shape":[0,4294967296,4294967296],"data_offsets":[0,0]}}"#, data: 0)
        assertThrows(
            try Safetensors.decode(safetensors, path: "m.safetensors"),
            containing: ["'a'", "[0, 4294967296, 4294967296]", "too large"])
        // Zero-sized shapes whose layout fits still load.
        let empty = Self.npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 65536, 65536), }")
        XCTAssertEqual(try NumPy.decode(empty, path: "e.npy").shape, [0, 65536, 65536])
    }

    func testDeeplyNestedHeadersThrowInsteadOfExhaustingTheStack() {
        let nested = String(repeating: "(", count: 100_000) + String(repeating: ")", count: 100_000)
        let npy = Self.npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': \(nested), }")
        assertThrows(
            try NumPy.decode(npy, path: "deep.npy"), containing: ["deep.npy", "nests literals more than 32 deep"])
        let json = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let safetensors = SafetensorsTests.file(header: #"{"a":"# + json + "}", data: 0)
        XCTAssertThrowsError(try Safetensors.decode(safetensors, path: "deep.safetensors")) { error in
            XCTAssertTrue(error is CheckpointError, "\(error)")
        }
    }

    func testMessagesQuoteABoundedPartOfABadHeader() {
        let garbage = String(repeating: "x", count: 1_000_000)
        let errors: [Error] = [
            Self.error { try NumPy.decode(Self.npy(header: "{" + garbage), path: "g.npy") },
            Self.error { try NumPy.decode(Self.npy(header: "{'descr': '\(garbage)'}"), path: "g.npy") },
            Self.error {
                try NumPy.decode(
                    Self.npy(header: "{'descr': '<\(garbage)', 'fortran_order': False, 'shape': (1,), }"),
                    path: "g.npy")
            },
            Self.error {
                try Safetensors.decode(SafetensorsTests.file(header: #"{"\#(garbage)":1}"#, data: 0), path: "g")
            },
            Self.error {
                try Safetensors.decode(SafetensorsTests.file(header: #"{"a":\#(garbage)}"#, data: 0), path: "g")
            },
        ]
        for (index, error) in errors.enumerated() {
            XCTAssertLessThan("\(error)".count, 1_000, "\(error)".prefix(300) + "…")
            if index < 4 {
                XCTAssertTrue(
                    "\(error)".contains("characters)"), "the message says how long the quoted text is: \(error)")
            }
        }
    }

    func testJSONErrorsSayWhatIsWrong() {
        let error = Self.error {
            try Safetensors.decode(SafetensorsTests.file(header: #"{"a": {"dtype": "F32",, }"#, data: 0), path: "m")
        }
        XCTAssertFalse("\(error)".contains("isn’t in the correct format"), "\(error)")
        XCTAssertTrue("\(error)".contains("line") || "\(error)".contains("character"), "where: \(error)")
    }

    // MARK: .npz archives whose redundant records disagree

    /// The offset of the end-of-central-directory record of `bytes`.
    static func endRecord(_ bytes: [UInt8]) -> Int {
        (0...(bytes.count - 22)).reversed().first { bytes[$0..<($0 + 4)].elementsEqual([0x50, 0x4B, 0x05, 0x06]) }!
    }

    func testADamagedMemberCountIsAnErrorNotAnArchiveWithFewerArrays() throws {
        for name in ["arrays_stored.npz", "arrays_deflated.npz"] {
            let bytes = try TestFiles.fixtureBytes(name)
            let end = Self.endRecord(bytes)
            for count: UInt8 in [0, 1, 3] {
                var damaged = bytes
                damaged[end + 8] = count
                damaged[end + 10] = count
                XCTAssertThrowsError(try NumPyArchiveTests.load(damaged), "\(name), count \(count)") { error in
                    XCTAssertTrue(error is DataError, "\(error)")
                }
                var total = bytes
                total[end + 10] = count
                assertThrows(try NumPyArchiveTests.load(total), containing: ["the end record counts"])
            }
        }
    }

    func testADamagedDirectoryNameIsAnErrorNotARenamedArray() throws {
        for name in ["arrays_stored.npz", "arrays_deflated.npz"] {
            var bytes = try TestFiles.fixtureBytes(name)
            let directory = (0..<bytes.count).first { bytes[$0..<($0 + 4)].elementsEqual([0x50, 0x4B, 0x01, 0x02]) }!
            XCTAssertEqual(bytes[directory + 46], UInt8(ascii: "x"))
            bytes[directory + 46] = UInt8(ascii: "z")
            assertThrows(
                try NumPyArchiveTests.load(bytes), containing: ["member 'z.npy' is named 'x.npy' in its local header"])
        }
    }

    static func error(_ body: () throws -> Any) -> Error {
        do {
            _ = try body()
        } catch {
            return error
        }
        XCTFail("expected an error")
        return DataError.corrupt(path: "", reason: "no error")
    }
}
