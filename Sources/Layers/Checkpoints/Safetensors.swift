import Foundation
import Tensor

/// The safetensors format: named tensors behind a JSON header, the format PyTorch and Hugging Face users
/// exchange weights in.
///
/// A file is an 8-byte little-endian header length, a JSON header mapping each name to its dtype, shape and byte
/// range (`{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}`, plus an optional `__metadata__` object of
/// strings), padded with spaces to a multiple of 8 bytes, then the raw little-endian data. SciGrad writes
/// files byte for byte as the reference implementation does (tensors ordered by dtype, then by name) and reads
/// F32, F64, I64 and BOOL; any other dtype throws an error naming it. A truncated or corrupt file throws a
/// `CheckpointError` saying what is wrong, and saving is atomic (a temporary file renamed into place).
///
/// ```swift
/// try Safetensors.save(["weight": w, "bias": b], metadata: ["epoch": "3"], to: url)
/// let tensors = try Safetensors.load(from: url)                    // ["weight": …, "bias": …]
/// let (same, metadata) = try Safetensors.loadWithMetadata(from: url)
/// ```
public enum Safetensors {
    /// Writes `tensors` and `metadata` to a safetensors file at `url`.
    public static func save(_ tensors: [String: Tensor], metadata: [String: String] = [:], to url: URL) throws {
        precondition(tensors["__metadata__"] == nil, "Safetensors.save: '__metadata__' is reserved, not a tensor name")
        let ordered = tensors.sorted { a, b in
            let (rankA, rankB) = (SafetensorsDType.rank(of: a.value.dtype), SafetensorsDType.rank(of: b.value.dtype))
            return rankA != rankB ? rankA > rankB : a.key.utf8.lexicographicallyPrecedes(b.key.utf8)
        }
        var entries: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            let fields = pairs.map { JSONText.quoted($0.key) + ":" + JSONText.quoted($0.value) }
            entries.append("\"__metadata__\":{" + fields.joined(separator: ",") + "}")
        }
        var offset = 0
        for (name, tensor) in ordered {
            let end = offset + tensor.count * tensor.dtype.byteSize
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            entries.append(
                JSONText.quoted(name)
                    + ":{\"dtype\":\"\(SafetensorsDType.name(of: tensor.dtype))\",\"shape\":[\(shape)],"
                    + "\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
        header += [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8)
        try FileAccess.writeAtomically(to: url) { file in
            try file.write((0..<8).map { UInt8(truncatingIfNeeded: header.count >> (8 * $0)) })
            try file.write(header)
            for (_, tensor) in ordered { try tensor.withRawBytes { try file.write($0) } }
        }
    }

    /// The tensors in the safetensors file at `url`.
    public static func load(from url: URL) throws -> [String: Tensor] { try loadWithMetadata(from: url).tensors }

    /// The tensors and the `__metadata__` strings (empty when absent) in the safetensors file at `url`.
    public static func loadWithMetadata(from url: URL) throws -> (tensors: [String: Tensor], metadata: [String: String])
    {
        try decode(FileAccess.readBytes(at: url), path: url.path)
    }

    /// The reference implementation's limit on the header length, which guards against absurd lengths.
    static let maximumHeaderLength = 100_000_000

    /// The contents of the bytes of a safetensors file, checked as the reference implementation checks them: the
    /// byte ranges must tile the data section exactly, in order, each as long as its shape and dtype need.
    static func decode(_ bytes: [UInt8], path: String) throws -> (tensors: [String: Tensor], metadata: [String: String])
    {
        func corrupt(_ reason: String) -> CheckpointError { CheckpointError.corrupt(path: path, reason: reason) }
        guard bytes.count >= 8 else { throw corrupt("\(bytes.count) bytes, too short for the 8-byte header length") }
        let headerLength = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[$1]) << (8 * UInt64($1)) }
        guard headerLength <= maximumHeaderLength else {
            throw corrupt("header length \(headerLength) is over the \(maximumHeaderLength)-byte limit")
        }
        let dataStart = 8 + Int(headerLength)
        guard dataStart <= bytes.count else {
            throw corrupt("header length \(headerLength) runs past the end of the file (\(bytes.count) bytes)")
        }
        guard headerLength > 0, bytes[8] == UInt8(ascii: "{") else {
            throw corrupt("the header does not start with '{'")
        }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(bytes[8..<dataStart]))
        } catch {
            // Foundation's own description is generic; the debug description says what and where.
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw corrupt("the header is not valid JSON (\(DataError.excerpt(detail)))")
        }
        guard let header = json as? [String: Any] else { throw corrupt("the header is not a JSON object") }

        var metadata: [String: String] = [:]
        if let value = header["__metadata__"] {
            guard let strings = value as? [String: Any], strings.values.allSatisfy({ $0 is String }) else {
                throw corrupt("__metadata__ is not an object of strings")
            }
            metadata = strings.mapValues { $0 as! String }
        }
        var entries = try header.filter { $0.key != "__metadata__" }.map { name, value in
            try Entry(name: name, json: value, path: path)
        }
        entries.sort {
            ($0.dataRange.lowerBound, $0.dataRange.upperBound) < ($1.dataRange.lowerBound, $1.dataRange.upperBound)
        }
        let dataLength = bytes.count - dataStart
        var end = 0
        for (index, entry) in entries.enumerated() {
            let range = entry.dataRange
            let previous = index > 0 ? " after '\(entries[index - 1].name)'" : ""
            guard range.upperBound <= dataLength else {
                throw corrupt(
                    "'\(entry.name)': data_offsets [\(range.lowerBound), \(range.upperBound)] lie outside the "
                        + "\(dataLength)-byte data section")
            }
            guard range.lowerBound >= end else {
                throw corrupt(
                    "'\(entry.name)': data_offsets [\(range.lowerBound), \(range.upperBound)] overlap the tensor\(previous)"
                )
            }
            guard range.lowerBound == end else {
                throw corrupt(
                    "'\(entry.name)': data_offsets start at \(range.lowerBound), leaving a gap\(previous) (expected \(end))"
                )
            }
            end = range.upperBound
        }
        guard end == dataLength else {
            throw corrupt("the tensors' data ends at byte \(end) of a \(dataLength)-byte data section")
        }
        var tensors: [String: Tensor] = [:]
        bytes.withUnsafeBytes { raw in
            for entry in entries {
                let range = (dataStart + entry.dataRange.lowerBound)..<(dataStart + entry.dataRange.upperBound)
                tensors[entry.name] = Tensor(
                    rawBytes: UnsafeRawBufferPointer(rebasing: raw[range]), shape: entry.shape, dtype: entry.dtype)
            }
        }
        return (tensors, metadata)
    }

    /// One tensor's entry in the header, checked on its own.
    struct Entry {
        let name: String
        let dtype: DType
        let shape: [Int]
        /// Byte range within the data section.
        let dataRange: Range<Int>

        init(name: String, json: Any, path: String) throws {
            func corrupt(_ reason: String) -> CheckpointError {
                CheckpointError.corrupt(path: path, reason: "'\(DataError.excerpt(name))': \(reason)")
            }
            guard let fields = json as? [String: Any], let dtypeName = fields["dtype"] as? String else {
                throw corrupt("the entry is not an object with a dtype")
            }
            guard let dtype = SafetensorsDType.dtype(named: dtypeName) else {
                throw CheckpointError.unsupportedDType(
                    path: path, tensor: DataError.excerpt(name), dtype: DataError.excerpt(dtypeName))
            }
            guard let shape = Self.integers(fields["shape"]) else { throw corrupt("the shape is not a list of sizes") }
            guard let offsets = Self.integers(fields["data_offsets"]), offsets.count == 2, offsets[0] <= offsets[1]
            else {
                throw corrupt("data_offsets is not a pair [begin, end] with begin ≤ end")
            }
            guard let byteCount = Tensor.rawByteCount(shape: shape, elementSize: dtype.byteSize) else {
                throw corrupt("shape \(shape) is too large")
            }
            guard offsets[1] - offsets[0] == byteCount else {
                throw corrupt(
                    "data_offsets [\(offsets[0]), \(offsets[1])] hold \(offsets[1] - offsets[0]) bytes, "
                        + "shape \(shape) of \(dtypeName) needs \(byteCount)")
            }
            self.name = name
            self.dtype = dtype
            self.shape = shape
            self.dataRange = offsets[0]..<offsets[1]
        }

        /// A JSON array of non-negative integers, or nil.
        private static func integers(_ json: Any?) -> [Int]? {
            guard let array = json as? [Any] else { return nil }
            let integers = array.compactMap { ($0 as? NSNumber).flatMap { Int(exactly: $0.doubleValue) } }
            guard integers.count == array.count, integers.allSatisfy({ $0 >= 0 }) else { return nil }
            return integers
        }
    }
}
