import Foundation
import Tensor

/// NumPy's `.npy` files (one array) and `.npz` archives (several), the usual way to move arrays between Python
/// and SciGrad.
///
/// Reads float32, float64, int64 and bool arrays (narrower integers are widened to int64), in C or Fortran order,
/// little- or big-endian, with header versions 1.0, 2.0 and 3.0; writes version 1.0 (2.0 for huge headers) exactly
/// as `numpy.save` does. A truncated or corrupt file throws a `DataError` that says what is wrong; a file that
/// cannot be opened throws a `FileSystemError`.
///
/// ```swift
/// let solution = try NumPy.load(from: URL(fileURLWithPath: "burgers_solution.npy"))   // [256, 1024] float64
/// try NumPy.save(prediction, to: URL(fileURLWithPath: "prediction.npy"))
/// let arrays = try NumPy.loadArchive(from: URL(fileURLWithPath: "dataset.npz"))   // ["x": …, "y": …]
/// ```
public enum NumPy {
    /// The array in the `.npy` file at `url`.
    public static func load(from url: URL) throws -> Tensor {
        try decode(FileAccess.readBytes(at: url), path: url.path)
    }

    /// Writes `tensor` to an `.npy` file at `url` (atomically: a temporary file renamed into place).
    public static func save(_ tensor: Tensor, to url: URL) throws {
        try FileAccess.writeAtomically(encode(tensor), to: url)
    }

    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// The array held by the bytes of an `.npy` file; `path` names it in errors.
    static func decode(_ bytes: [UInt8], path: String) throws -> Tensor {
        func corrupt(_ reason: String) -> DataError { DataError.corrupt(path: path, reason: reason) }
        guard bytes.count >= 10 else { throw corrupt("\(bytes.count) bytes, shorter than the .npy preamble") }
        guard Array(bytes[0..<6]) == magic else { throw corrupt("the file does not start with the .npy magic string") }
        let (major, minor) = (bytes[6], bytes[7])
        let headerStart: Int
        let headerLength: Int
        switch major {
        case 1:
            headerStart = 10
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        case 2, 3:
            guard bytes.count >= 12 else { throw corrupt("\(bytes.count) bytes, shorter than the .npy preamble") }
            headerStart = 12
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
        default:
            throw DataError.unsupported(path: path, reason: ".npy format version \(major).\(minor)")
        }
        let dataStart = headerStart + headerLength
        guard dataStart <= bytes.count else {
            throw corrupt(
                "the header is \(headerLength) bytes long but the file ends \(bytes.count - headerStart) bytes after its start"
            )
        }
        let header = try NumPyHeader(
            parsing: String(decoding: bytes[headerStart..<dataStart], as: UTF8.self), path: path)
        let format = try NumPyElementFormat(header.elementFormat, path: path)
        guard let byteCount = Tensor.rawByteCount(shape: header.shape, elementSize: format.byteSize),
            Tensor.rawByteCount(shape: header.shape, elementSize: format.dtype.byteSize) != nil
        else {
            throw corrupt("shape \(header.shape) is too large")
        }
        let available = bytes.count - dataStart
        guard available == byteCount else {
            throw corrupt(
                "shape \(header.shape) of '\(header.elementFormat)' needs \(byteCount) bytes of data, the file holds \(available)"
            )
        }
        // Fortran order is row-major order of the reversed shape; reversing the axes back gives the array.
        let storedShape = header.isFortranOrder ? Array(header.shape.reversed()) : header.shape
        let stored = bytes.withUnsafeBytes {
            format.decode(UnsafeRawBufferPointer(rebasing: $0[dataStart...]), shape: storedShape)
        }
        return header.isFortranOrder ? stored.permuted(Array((0..<stored.rank).reversed())).contiguous() : stored
    }

    /// The bytes of an `.npy` file holding `tensor`, as `numpy.save` writes them.
    static func encode(_ tensor: Tensor) -> [UInt8] {
        let header = NumPyHeader(
            elementFormat: NumPyElementFormat.descr(of: tensor.dtype), isFortranOrder: false, shape: tensor.shape)
        let text = Array(header.text.utf8)
        // NumPy pads the header with spaces and a newline so that the data starts on a 64-byte boundary, and
        // switches to version 2.0 (a 4-byte length) only when the padded header outgrows a 2-byte length.
        func paddedLength(preambleLength: Int) -> Int {
            (preambleLength + text.count + 1 + 63) / 64 * 64 - preambleLength
        }
        let isVersion1 = paddedLength(preambleLength: 10) <= Int(UInt16.max)
        let headerLength = paddedLength(preambleLength: isVersion1 ? 10 : 12)
        var bytes = magic + [isVersion1 ? 1 : 2, 0]
        bytes += (0..<(isVersion1 ? 2 : 4)).map { UInt8(truncatingIfNeeded: headerLength >> (8 * $0)) }
        bytes += text + [UInt8](repeating: 0x20, count: headerLength - text.count - 1) + [0x0A]
        return tensor.withRawBytes { bytes + $0 }
    }
}
