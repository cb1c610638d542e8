import Foundation

/// An operating-system call on a file failed: the file does not exist, permission was denied, the disk is full, ….
///
/// The description names the call, the path and the system's reason:
/// `could not open /runs/a/model.safetensors: No such file or directory`.
public struct FileSystemError: Error, Equatable, CustomStringConvertible {
    /// The call that failed, as a verb: `open`, `read`, `write`, `rename`, ….
    public let operation: String
    /// The file it was applied to.
    public let path: String
    /// The `errno` value it left.
    public let code: Int32

    public init(operation: String, path: String, code: Int32) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    public var description: String { "could not \(operation) \(path): \(String(cString: strerror(code)))" }
}
