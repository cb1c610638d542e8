import Foundation
import Tensor
import XCTest

@testable import Layers

final class NumPyTests: XCTestCase {
    func testReadsFilesWrittenByNumPy() throws {
        let float32 = try NumPy.load(from: TestFiles.fixture("float32_c_order.npy"))
        XCTAssertEqual(float32.dtype, .float32)
        XCTAssertEqual(float32.shape, [2, 3])
        XCTAssertEqual(float32.scalars(as: Float.self), [0, 0.25, 0.5, 0.75, 1, 1.25])

        let fortran = try NumPy.load(from: TestFiles.fixture("float64_fortran_order.npy"))
        XCTAssertEqual(fortran.shape, [2, 3, 4])
        XCTAssertEqual(fortran.scalars(as: Double.self), (0..<24).map(Double.init))

        let integers = try NumPy.load(from: TestFiles.fixture("int64.npy"))
        XCTAssertEqual(integers.scalars(as: Int64.self), [-3, 0, 1 << 40])

        let mask = try NumPy.load(from: TestFiles.fixture("bool.npy"))
        XCTAssertEqual(mask.shape, [2, 2])
        XCTAssertEqual(mask.scalars(as: Bool.self), [true, false, false, true])

        let bigEndian = try NumPy.load(from: TestFiles.fixture("float64_big_endian.npy"))
        XCTAssertEqual(bigEndian.scalars(as: Double.self), [-1.5, -0.5, 0.5, 1.5])

        let scalar = try NumPy.load(from: TestFiles.fixture("scalar.npy"))
        XCTAssertEqual(scalar.shape, [])
        XCTAssertEqual(scalar.item(), 2.5)

        let widened = try NumPy.load(from: TestFiles.fixture("uint8.npy"))
        XCTAssertEqual(widened.dtype, .int64)
        XCTAssertEqual(widened.scalars(as: Int64.self), [0, 255, 7])

        let version2 = try NumPy.load(from: TestFiles.fixture("version2.npy"))
        XCTAssertEqual(version2.shape, [1, 2])
        XCTAssertEqual(version2.scalars(as: Float.self), [1.5, -2])
    }

    func testWritesTheSameBytesAsNumPy() throws {
        let tensor = Tensor((0..<6).map { Float($0) / 4 }, shape: [2, 3])
        XCTAssertEqual(NumPy.encode(tensor), try TestFiles.fixtureBytes("float32_c_order.npy"))
        let mask = Tensor([true, false, false, true], shape: [2, 2])
        XCTAssertEqual(NumPy.encode(mask), try TestFiles.fixtureBytes("bool.npy"))
        XCTAssertEqual(NumPy.encode(Tensor(scalar: 2.5)), try TestFiles.fixtureBytes("scalar.npy"))
    }

    func testRoundTripsEveryDTypeAndLayout() throws {
        let directory = try TestFiles.temporaryDirectory(for: self)
        let url = directory.appendingPathComponent("array.npy")
        var generator = RandomGenerator(seed: 3)
        let samples = [
            Tensor.normal([3, 4], dtype: .float32, using: &generator),
            Tensor.normal([2, 3, 2], dtype: .float64, using: &generator).transposed(0, 2),
            Tensor([Int64.min, -1, 0, Int64.max], shape: [2, 2]),
            Tensor([true, false, true]),
            Tensor.zeros([0, 5], dtype: .float64),
            Tensor(scalar: Float(-7.25)),
            Tensor.arange(0, 12, dtype: .float32).reshaped([3, 4]).sliced(axis: 1, start: 1, step: 2),
        ]
        for tensor in samples {
            try NumPy.save(tensor, to: url)
            let loaded = try NumPy.load(from: url)
            XCTAssertEqual(loaded.dtype, tensor.dtype)
            XCTAssertEqual(loaded.shape, tensor.shape)
            XCTAssertEqual(loaded.toDoubles(), tensor.toDoubles())
        }
        XCTAssertEqual(try TestFiles.contents(of: directory), ["array.npy"])
    }

    func testHeadersAreAlignedAndSwitchToVersion2WhenLong() throws {
        let small = NumPy.encode(Tensor.zeros([3], dtype: .float64))
        XCTAssertEqual(small[6], 1)
        XCTAssertEqual((10 + Int(small[8]) | Int(small[9]) << 8) % 64, 0)
        // A shape with enough axes pushes the header past 65535 bytes.
        let manyAxes = [Int](repeating: 1, count: 22_000)
        let large = NumPy.encode(Tensor.zeros(manyAxes, dtype: .float32))
        XCTAssertEqual(large[6], 2)
        let headerLength = (0..<4).reduce(0) { $0 | Int(large[8 + $1]) << (8 * $1) }
        XCTAssertEqual((12 + headerLength) % 64, 0)
        XCTAssertEqual(try NumPy.decode(large, path: "large.npy").shape, manyAxes)
    }

    func testUnsupportedDTypesAreNamed() {
        assertThrows(
            try NumPy.decode(
                Self.file(header: "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", data: 8), path: "c.npy"),
            containing: ["c.npy", "unsupported", "'<c8'"])
        assertThrows(
            try NumPy.decode(
                Self.file(header: "{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }", data: 4), path: "h.npy"),
            containing: ["'<f2'"])
        assertThrows(
            try NumPy.decode(
                Self.file(header: "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", data: 4),
                path: "s.npy"),
            containing: ["structured"])
        var version = Self.file(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", data: 4)
        version[6] = 9
        assertThrows(try NumPy.decode(version, path: "v.npy"), containing: ["format version 9.0"])
    }

    func testCorruptFilesThrowDescriptiveErrors() {
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"
        assertThrows(try NumPy.decode(Array("hello world".utf8), path: "x.npy"), containing: ["x.npy", "magic"])
        assertThrows(
            try NumPy.decode(Self.file(header: header, data: 20), path: "x.npy"),
            containing: ["needs 24 bytes of data, the file holds 20"])
        assertThrows(
            try NumPy.decode(Self.file(header: header, data: 28), path: "x.npy"), containing: ["the file holds 28"])
        assertThrows(
            try NumPy.decode(Self.file(header: "{'descr': '<f4', 'shape': (2,), }", data: 8), path: "x.npy"),
            containing: ["no 'fortran_order'"])
        assertThrows(
            try NumPy.decode(
                Self.file(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1), }", data: 0),
                path: "x.npy"),
            containing: ["'shape'"])
        assertThrows(
            try NumPy.decode(
                Self.file(
                    header: "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 8), }", data: 0),
                path: "x.npy"),
            containing: ["too large"])
        assertThrows(
            try NumPy.decode(Self.file(header: "{'descr': '<f4',", data: 0), path: "x.npy"),
            containing: ["dict literal"])
        var longHeader = Self.file(header: header, data: 24)
        longHeader[8] = 0xFF
        assertThrows(try NumPy.decode(longHeader, path: "x.npy"), containing: ["the header is"])
    }

    func testEveryTruncationThrowsAndNoByteFlipCrashes() throws {
        for name in ["float64_fortran_order.npy", "version2.npy", "bool.npy"] {
            let bytes = try TestFiles.fixtureBytes(name)
            for length in 0..<bytes.count {
                XCTAssertThrowsError(try NumPy.decode(Array(bytes[..<length]), path: name)) { error in
                    XCTAssertTrue(error is DataError, "\(name) cut at \(length): \(error)")
                }
            }
            for position in 0..<bytes.count {
                for mask: UInt8 in [0x01, 0x20, 0xFF] {
                    var flipped = bytes
                    flipped[position] ^= mask
                    do {
                        _ = try NumPy.decode(flipped, path: name)
                    } catch {
                        XCTAssertTrue(error is DataError, "\(name) flipped at \(position): \(error)")
                    }
                }
            }
        }
    }

    func testMissingFileIsAFileSystemError() {
        assertThrows(
            try NumPy.load(from: URL(fileURLWithPath: "/nonexistent/array.npy")),
            containing: ["could not open /nonexistent/array.npy", "No such file"])
    }

    /// An .npy file of version 1.0 with `header` and `data` zero bytes.
    static func file(header: String, data: Int) -> [UInt8] {
        let text = Array(header.utf8)
        return NumPy.magic + [1, 0, UInt8(text.count & 0xFF), UInt8(text.count >> 8)] + text
            + [UInt8](repeating: 0, count: data)
    }
}
