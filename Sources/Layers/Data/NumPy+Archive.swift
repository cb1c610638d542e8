import Foundation
import Tensor

extension NumPy {
    /// The arrays in the `.npz` archive at `url` (as written by `numpy.savez` or `numpy.savez_compressed`), keyed
    /// by name without the `.npy` extension.
    ///
    /// ```swift
    /// let arrays = try NumPy.loadArchive(from: URL(fileURLWithPath: "darcy.npz"))
    /// let (inputs, solutions) = (arrays["coefficients"]!, arrays["solutions"]!)
    /// ```
    ///
    /// A truncated or damaged archive, a damaged member, or a member that is not an `.npy` file throws a
    /// `DataError` naming the member.
    public static func loadArchive(from url: URL) throws -> [String: Tensor] {
        try decodeArchive(FileAccess.readBytes(at: url), path: url.path)
    }

    /// The arrays held by the bytes of an `.npz` file; `path` names it in errors.
    static func decodeArchive(_ bytes: [UInt8], path: String) throws -> [String: Tensor] {
        let archive = try ZipArchive(bytes: bytes, path: path)
        var arrays: [String: Tensor] = [:]
        for member in archive.members {
            guard member.name.hasSuffix(".npy") else {
                throw DataError.unsupported(path: path, reason: "member '\(member.name)' is not an .npy file")
            }
            let name = String(member.name.dropLast(4))
            guard arrays[name] == nil else {
                throw DataError.corrupt(path: path, reason: "two members named '\(member.name)'")
            }
            arrays[name] = try decode(archive.contents(of: member), path: "\(path) (member \(member.name))")
        }
        return arrays
    }
}
