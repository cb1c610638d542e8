import Foundation
import Tensor
import XCTest

@testable import Layers

final class SafetensorsTests: XCTestCase {
    func testReadsTheFileWrittenByThePythonPackage() throws {
        let (tensors, metadata) = try Safetensors.loadWithMetadata(
            from: TestFiles.fixture("python_written.safetensors"))
        XCTAssertEqual(metadata, ["note": "written by safetensors", "step": "42"])
        XCTAssertEqual(Set(tensors.keys), ["weight", "bias", "indices", "mask", "scale", "empty"])
        XCTAssertEqual(tensors["weight"]?.shape, [2, 3])
        XCTAssertEqual(tensors["weight"]?.scalars(as: Float.self), [-1, -0.5, 0, 0.5, 1, 1.5])
        XCTAssertEqual(tensors["bias"]?.scalars(as: Double.self), [0.1, -2.5, 3.0e10])
        XCTAssertEqual(tensors["indices"]?.shape, [2, 2])
        XCTAssertEqual(tensors["indices"]?.scalars(as: Int64.self), [0, -1, 1 << 40, 7])
        XCTAssertEqual(tensors["mask"]?.scalars(as: Bool.self), [true, false, false, true])
        XCTAssertEqual(tensors["scale"]?.shape, [])
        XCTAssertEqual(tensors["scale"]?.item(), 3.5)
        XCTAssertEqual(tensors["empty"]?.shape, [0, 2])
        XCTAssertEqual(tensors["empty"]?.dtype, .float32)
    }

    func testWritesTheSameBytesAsThePythonPackage() throws {
        let fixture = TestFiles.fixture("python_written.safetensors")
        let (tensors, metadata) = try Safetensors.loadWithMetadata(from: fixture)
        let url = try TestFiles.temporaryDirectory(for: self).appendingPathComponent("swift_written.safetensors")
        try Safetensors.save(tensors, metadata: metadata, to: url)
        XCTAssertEqual(try Data(contentsOf: url), try Data(contentsOf: fixture))
    }

    func testHeaderFollowsTheSpecification() throws {
        let url = try TestFiles.temporaryDirectory(for: self).appendingPathComponent("model.safetensors")
        let tensors = [
            "b.bias": Tensor([1, 2, 3] as [Float]),
            "a.weight": Tensor([1, 2, 3, 4] as [Double], shape: [2, 2]),
            "mask": Tensor([true, false, true]),
            "step": Tensor([Int64(7)]),
            "a.scale": Tensor([0.5] as [Float]),
        ]
        try Safetensors.save(tensors, metadata: ["epoch": "3", "author": "quote \" and \\ and \n"], to: url)
        let bytes = try Array(Data(contentsOf: url))
        let headerLength = (0..<8).reduce(0) { $0 | Int(bytes[$1]) << (8 * $1) }
        XCTAssertEqual(headerLength % 8, 0, "the header is padded to a multiple of 8 bytes")
        let header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
        let json = header.trimmingCharacters(in: .whitespaces)
        XCTAssertEqual(header.dropFirst(json.count).allSatisfy { $0 == " " }, true, "padding is spaces")
        XCTAssertEqual(
            json,
            #"{"__metadata__":{"author":"quote \" and \\ and \n","epoch":"3"},"#
                + #""step":{"dtype":"I64","shape":[1],"data_offsets":[0,8]},"#
                + #""a.weight":{"dtype":"F64","shape":[2,2],"data_offsets":[8,40]},"#
                + #""a.scale":{"dtype":"F32","shape":[1],"data_offsets":[40,44]},"#
                + #""b.bias":{"dtype":"F32","shape":[3],"data_offsets":[44,56]},"#
                + #""mask":{"dtype":"BOOL","shape":[3],"data_offsets":[56,59]}}"#)
        XCTAssertEqual(bytes.count, 8 + headerLength + 59, "the data section is exactly the tensors' bytes")
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        XCTAssertEqual(object?.count, 6)
    }

    func testRoundTripsEveryDTypeAndLayout() throws {
        let url = try TestFiles.temporaryDirectory(for: self).appendingPathComponent("round.safetensors")
        var generator = RandomGenerator(seed: 1)
        let tensors: [String: Tensor] = [
            "float32": Tensor.normal([4, 3], using: &generator),
            "float64.transposed": Tensor.normal([2, 5], dtype: .float64, using: &generator).transposed(),
            "int64": Tensor([Int64.min, 0, Int64.max]),
            "bool": Tensor([true, false, false, true, true], shape: [5, 1]),
            "scalar": Tensor(scalar: 1.25),
            "empty": Tensor.zeros([3, 0], dtype: .float64),
            "ünïcode name": Tensor([1] as [Float]),
        ]
        try Safetensors.save(tensors, to: url)
        let (loaded, metadata) = try Safetensors.loadWithMetadata(from: url)
        XCTAssertEqual(metadata, [:])
        XCTAssertEqual(Set(loaded.keys), Set(tensors.keys))
        for (name, tensor) in tensors {
            XCTAssertEqual(loaded[name]?.dtype, tensor.dtype, name)
            XCTAssertEqual(loaded[name]?.shape, tensor.shape, name)
            XCTAssertEqual(loaded[name]?.toDoubles(), tensor.toDoubles(), name)
        }
    }

    func testOtherDTypesAreNamedInTheError() throws {
        let header = #"{"half":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#
        XCTAssertThrowsError(try Safetensors.decode(Self.file(header: header, data: 4), path: "h.safetensors")) {
            error in
            XCTAssertEqual(
                error as? CheckpointError, .unsupportedDType(path: "h.safetensors", tensor: "half", dtype: "F16"))
            XCTAssertTrue("\(error)".contains("tensor 'half' has dtype F16"))
        }
        assertThrows(
            try Safetensors.decode(
                Self.file(header: #"{"b":{"dtype":"BF16","shape":[1],"data_offsets":[0,2]}}"#, data: 2), path: "b"),
            containing: ["BF16"])
    }

    func testMissingFileIsAFileSystemError() {
        assertThrows(
            try Safetensors.load(from: URL(fileURLWithPath: "/nonexistent/model.safetensors")),
            containing: ["could not open", "No such file"])
    }

    /// A safetensors file with `header` (unpadded) and `data` zero bytes.
    static func file(header: String, data: Int) -> [UInt8] {
        let text = Array(header.utf8)
        return (0..<8).map { UInt8(truncatingIfNeeded: text.count >> (8 * $0)) } + text
            + [UInt8](repeating: 0, count: data)
    }
}
