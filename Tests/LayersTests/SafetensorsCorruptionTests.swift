import Foundation
import Tensor
import XCTest

@testable import Layers

final class SafetensorsCorruptionTests: XCTestCase {
    func decode(_ header: String, data: Int) throws -> [String: Tensor] {
        try Safetensors.decode(SafetensorsTests.file(header: header, data: data), path: "m.safetensors").tensors
    }

    func testEveryTruncationThrows() throws {
        let bytes = try TestFiles.fixtureBytes("python_written.safetensors")
        for length in 0..<bytes.count {
            XCTAssertThrowsError(try Safetensors.decode(Array(bytes[..<length]), path: "cut")) { error in
                guard case .corrupt = error as? CheckpointError else { return XCTFail("cut at \(length): \(error)") }
            }
        }
    }

    func testFlippedHeaderBytesThrowOrLeaveAValidFileAndNeverCrash() throws {
        let bytes = try TestFiles.fixtureBytes("python_written.safetensors")
        let headerEnd = 8 + (0..<8).reduce(0) { $0 | Int(bytes[$1]) << (8 * $1) }
        var thrown = 0
        for position in 0..<headerEnd {
            for mask: UInt8 in [0x01, 0x20, 0x80, 0xFF] {
                var flipped = bytes
                flipped[position] ^= mask
                do {
                    let (tensors, _) = try Safetensors.decode(flipped, path: "flipped")
                    // A flip that leaves a valid file changed a name or a metadata string, never the structure.
                    XCTAssertEqual(tensors.count, 6, "flip at \(position)")
                } catch {
                    XCTAssertTrue(error is CheckpointError, "flip at \(position): \(error)")
                    thrown += 1
                }
            }
        }
        XCTAssertGreaterThan(thrown, headerEnd * 2)
        for position in 0..<8 {
            var flipped = bytes
            flipped[position] ^= 0x10
            XCTAssertThrowsError(try Safetensors.decode(flipped, path: "length"), "header length byte \(position)")
        }
    }

    func testBadHeaderLengths() {
        assertThrows(try Safetensors.decode([1, 2, 3], path: "m"), containing: ["3 bytes, too short"])
        var huge = SafetensorsTests.file(header: "{}", data: 0)
        huge.replaceSubrange(0..<8, with: [0, 0, 0, 0, 0, 0, 0, 0x80])
        assertThrows(try Safetensors.decode(huge, path: "m"), containing: ["over the 100000000-byte limit"])
        var long = SafetensorsTests.file(header: "{}", data: 0)
        long[0] = 200
        assertThrows(
            try Safetensors.decode(long, path: "m"),
            containing: ["header length 200 runs past the end of the file (10 bytes)"])
    }

    func testHeadersThatAreNotJSONObjects() {
        assertThrows(try decode(#"{"a": {"dtype": "F32",, }"#, data: 0), containing: ["not valid JSON"])
        assertThrows(try decode("[1, 2]", data: 0), containing: ["does not start with '{'"])
        assertThrows(try decode("", data: 0), containing: ["does not start with '{'"])
        assertThrows(
            try decode(#"{"__metadata__":{"a":1}}"#, data: 0), containing: ["__metadata__ is not an object of strings"])
        assertThrows(try decode(#"{"a":[1]}"#, data: 0), containing: ["'a': the entry is not an object with a dtype"])
        assertThrows(
            try decode(#"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, data: 4),
            containing: ["'a': the shape is not a list of sizes"])
        assertThrows(
            try decode(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#, data: 4),
            containing: ["'a': data_offsets is not a pair"])
    }

    func testOffsetsOutsideTheFileOverlappingOrMisaligned() {
        assertThrows(
            try decode(#"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, data: 12),
            containing: ["'a': data_offsets [0, 16] lie outside the 12-byte data section"])
        assertThrows(
            try decode(
                #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#,
                data: 12),
            containing: ["'b': data_offsets [4, 12] overlap the tensor after 'a'"])
        assertThrows(
            try decode(
                #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#,
                data: 12),
            containing: ["'b': data_offsets start at 8, leaving a gap after 'a' (expected 4)"])
        assertThrows(
            try decode(#"{"a":{"dtype":"F64","shape":[1],"data_offsets":[2,10]}}"#, data: 10),
            containing: ["'a': data_offsets start at 2"])
        assertThrows(
            try decode(#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: 8),
            containing: ["'a': data_offsets [0, 8] hold 8 bytes, shape [3] of F32 needs 12"])
        assertThrows(
            try decode(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: 6),
            containing: ["the tensors' data ends at byte 4 of a 6-byte data section"])
        assertThrows(
            try decode(#"{"a":{"dtype":"F64","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#, data: 8),
            containing: ["too large"])
    }

    func testNonZeroBoolBytesReadAsTrue() throws {
        var bytes = SafetensorsTests.file(header: #"{"m":{"dtype":"BOOL","shape":[3],"data_offsets":[0,3]}}"#, data: 0)
        bytes += [0, 7, 255]
        XCTAssertEqual(
            try Safetensors.decode(bytes, path: "m").tensors["m"]?.scalars(as: Bool.self), [false, true, true])
    }
}
