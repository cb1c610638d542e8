import Foundation
import Tensor
import XCTest

@testable import Layers

/// Seeded mutations of valid `.npy`, `.npz` and safetensors files: byte flips, overwritten bytes, truncations,
/// insertions and deletions, extreme binary fields, header numbers and whole shapes replaced by extreme ones, and
/// deep nesting.
/// Every case must load or throw the loader's own error; a trap would end the test process, so the loaders' checks
/// are what is under test, in process.
final class LoaderFuzzTests: XCTestCase {
    enum Format { case npy, npz, safetensors }

    /// Extreme sizes a damaged header may claim.
    static let extremeNumbers = [
        "0", "1", "-1", "65536", "4294967296", "9223372036854775807", "9223372036854775808",
        "18446744073709551616", "99999999999999999999999",
    ]

    func testMutatedFilesThrowOrLoadAndNeverTrap() throws {
        let directory = try TestFiles.temporaryDirectory(for: self)
        var files: [(Format, [UInt8])] = try [
            "bool.npy", "float32_c_order.npy", "float64_big_endian.npy", "float64_fortran_order.npy", "int64.npy",
            "scalar.npy", "uint8.npy", "version2.npy",
        ].map { (Format.npy, try TestFiles.fixtureBytes($0)) }
        files.append((.npy, NumPy.encode(Tensor.zeros([0, 3], dtype: .float64))))
        files += try ["arrays_stored.npz", "arrays_deflated.npz"].map { (Format.npz, try TestFiles.fixtureBytes($0)) }
        files.append((.safetensors, try TestFiles.fixtureBytes("python_written.safetensors")))
        let written = directory.appendingPathComponent("written.safetensors")
        try Safetensors.save(
            ["w": Tensor([1.0, 2, 3, 4], shape: [2, 2]), "e": Tensor.zeros([0, 5]), "i": Tensor([Int64(7)])],
            metadata: ["epoch": "3"], to: written)
        files.append((.safetensors, try Array(Data(contentsOf: written))))

        var generator = RandomGenerator(seed: 11)
        var (cases, thrown, loaded) = (0, 0, 0)
        for (format, bytes) in files {
            for _ in 0..<400 {
                let mutated = Self.mutate(bytes, format: format, using: &generator)
                cases += 1
                do {
                    try Self.load(mutated, format: format)
                    loaded += 1
                } catch is DataError {
                    thrown += 1
                } catch is CheckpointError {
                    thrown += 1
                } catch {
                    XCTFail("\(format): an error of another kind: \(error)")
                }
            }
        }
        print("loader fuzz: \(cases) cases, \(thrown) thrown errors, \(loaded) loaded, 0 traps")
        XCTAssertEqual(cases, files.count * 400)
        XCTAssertGreaterThan(thrown, cases / 2, "most mutations are detected")
        XCTAssertGreaterThan(loaded, 0, "mutations of unused fields and data still load")
    }

    static func load(_ bytes: [UInt8], format: Format) throws {
        switch format {
        case .npy:
            let tensor = try NumPy.decode(bytes, path: "fuzz.npy")
            XCTAssertEqual(tensor.count, tensor.shape.reduce(1, *))
        case .npz:
            _ = try NumPy.decodeArchive(bytes, path: "fuzz.npz")
        case .safetensors:
            _ = try Safetensors.decode(bytes, path: "fuzz.safetensors")
        }
    }

    /// The header's byte range: the part whose text a field mutation edits.
    static func headerRange(of bytes: [UInt8], format: Format) -> Range<Int> {
        switch format {
        case .npy where bytes[6] == 1: return 10..<min(bytes.count, 10 + (Int(bytes[8]) | Int(bytes[9]) << 8))
        case .npy: return 12..<min(bytes.count, 12 + (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) })
        case .npz: return 0..<bytes.count
        case .safetensors: return 8..<min(bytes.count, 8 + (0..<8).reduce(0) { $0 | Int(bytes[$1]) << (8 * $1) })
        }
    }

    /// `bytes` with `range` of the header replaced by `replacement`, the header length updated to match.
    static func replacing(_ range: Range<Int>, of bytes: [UInt8], with replacement: [UInt8], format: Format)
        -> [UInt8]
    {
        var result = bytes
        result.replaceSubrange(range, with: replacement)
        let growth = replacement.count - range.count
        switch format {
        case .npy where bytes[6] == 1:
            let length = (Int(bytes[8]) | Int(bytes[9]) << 8) + growth
            guard length > Int(UInt16.max) else {
                result[8] = UInt8(truncatingIfNeeded: length)
                result[9] = UInt8(truncatingIfNeeded: length >> 8)
                return result
            }
            // Too long for version 1.0: the same header and data behind a version 2.0 preamble (4-byte length).
            let preamble = NumPy.magic + [2, 0] + (0..<4).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) }
            return preamble + result[10...]
        case .npy:
            let length = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) } + growth
            for index in 0..<4 { result[8 + index] = UInt8(truncatingIfNeeded: length >> (8 * index)) }
        case .safetensors:
            let length = (0..<8).reduce(0) { $0 | Int(bytes[$1]) << (8 * $1) } + growth
            for index in 0..<8 { result[index] = UInt8(truncatingIfNeeded: length >> (8 * index)) }
        default: break
        }
        return result
    }

    static func mutate(_ bytes: [UInt8], format: Format, using generator: inout RandomGenerator) -> [UInt8] {
        var result = bytes
        let position = Int.random(in: 0..<bytes.count, using: &generator)
        switch Int.random(in: 0..<9, using: &generator) {
        case 0:
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let bit = UInt8.random(in: 0..<8, using: &generator)
                result[Int.random(in: 0..<bytes.count, using: &generator)] ^= 1 << bit
            }
        case 1:
            result[position] = UInt8.random(in: 0...255, using: &generator)
        case 2:
            result = Array(bytes[..<position])
        case 3:
            let inserted = (0..<Int.random(in: 1...16, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            result.insert(contentsOf: inserted, at: position)
        case 4:
            result.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...16, using: &generator)))
        case 5:
            // An extreme 2- or 4-byte little-endian field: a size, an offset, a count.
            let value: UInt32 = [0, 1, 0x7FFF, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF].randomElement(
                using: &generator)!
            for index in 0..<min(Bool.random(using: &generator) ? 2 : 4, bytes.count - position) {
                result[position + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(index)))
            }
        case 6:
            // A number in the header replaced by an extreme one.
            let header = headerRange(of: bytes, format: format)
            let digits = header.filter { bytes[$0] >= 0x30 && bytes[$0] <= 0x39 }
            guard let start = digits.randomElement(using: &generator) else { break }
            var end = start
            while end < header.upperBound, bytes[end] >= 0x30, bytes[end] <= 0x39 { end += 1 }
            let number = Array(extremeNumbers.randomElement(using: &generator)!.utf8)
            result = replacing(start..<end, of: bytes, with: number, format: format)
        case 7:
            // One tensor's shape replaced by one to three extreme sizes (such as [0, 4294967296, 4294967296], with
            // the data section emptied when a size is 0 so that the element count agrees), or by deep nesting.
            let header = headerRange(of: bytes, format: format)
            let text = String(decoding: bytes[header], as: UTF8.self)
            let (key, open, close) = format == .npy ? ("'shape': (", "(", ")") : ("\"shape\":[", "[", "]")
            let keys = text.ranges(of: key)
            guard format != .npz, let keyRange = keys.randomElement(using: &generator),
                let end = text[keyRange.upperBound...].firstIndex(of: Character(close))
            else { break }
            let lower = header.lowerBound + text.utf8.distance(from: text.startIndex, to: keyRange.upperBound) - 1
            let upper = header.lowerBound + text.utf8.distance(from: text.startIndex, to: end) + 1
            let replacement: String
            var isEmpty = false
            if Bool.random(using: &generator) {
                // Sizes that parse, with a zero among sizes whose product overflows in one case of four.
                let parsable = extremeNumbers.filter { Int($0).map { $0 >= 0 } ?? false }
                let sizes =
                    Int.random(in: 0..<4, using: &generator) == 0
                    ? ["0", "4294967296", "4294967296"].shuffled(using: &generator)
                    : (0..<Int.random(in: 1...3, using: &generator)).map { _ in
                        parsable.randomElement(using: &generator)!
                    }
                isEmpty = sizes.contains("0")
                let trailingComma = format == .npy && sizes.count == 1 ? "," : ""
                replacement = open + sizes.joined(separator: ", ") + trailingComma + close
            } else {
                let depth = [100, 100_000].randomElement(using: &generator)!
                replacement = String(repeating: open, count: depth) + String(repeating: close, count: depth)
            }
            result = replacing(lower..<upper, of: bytes, with: Array(replacement.utf8), format: format)
            if format == .npy, isEmpty {
                let isVersion1 = result[6] == 1
                let length = (0..<(isVersion1 ? 2 : 4)).reduce(0) { $0 | Int(result[8 + $1]) << (8 * $1) }
                result = Array(result[..<min(result.count, (isVersion1 ? 10 : 12) + length)])
            }
        default:
            // Deep nesting inside the header.
            let header = headerRange(of: bytes, format: format)
            guard !header.isEmpty else { break }
            let at = Int.random(in: header, using: &generator)
            let depth = [10, 100, 1000, 100_000].randomElement(using: &generator)!
            let open = format == .npy ? "(" : "["
            let close = format == .npy ? ")" : "]"
            let nested = Array((String(repeating: open, count: depth) + String(repeating: close, count: depth)).utf8)
            result = replacing(at..<at, of: bytes, with: nested, format: format)
        }
        return result
    }
}
