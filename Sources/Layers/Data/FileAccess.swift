import Foundation

/// Whole-file reads and atomic writes through POSIX calls, so every failure names the call, the path and `errno`.
public enum FileAccess {
    /// The bytes of the file at `url`.
    static func readBytes(at url: URL) throws -> [UInt8] {
        let path = url.path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileSystemError(operation: "open", path: path, code: errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw FileSystemError(operation: "stat", path: path, code: errno) }
        if status.st_mode & S_IFMT == S_IFDIR { throw FileSystemError(operation: "read", path: path, code: EISDIR) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(status.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileSystemError(operation: "read", path: path, code: errno)
            }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    /// Creates the directory at `url` and any missing parents (as `mkdir -p`); an existing directory is fine.
    static func createDirectory(at url: URL) throws {
        let path = url.standardizedFileURL.path
        var status = stat()
        if stat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else {
                throw FileSystemError(operation: "create the directory", path: path, code: ENOTDIR)
            }
            return
        }
        let parent = url.standardizedFileURL.deletingLastPathComponent()
        if parent.path != path { try createDirectory(at: parent) }
        guard mkdir(path, 0o777) == 0 || errno == EEXIST else {
            throw FileSystemError(operation: "create the directory", path: path, code: errno)
        }
    }

    /// Writes a file so that `url` holds either its old contents or all of the new ones, never a part.
    ///
    /// `body` writes into a fresh temporary file in the same directory, `.name.tmp-<pid>-<random hex>`; the file is
    /// flushed to disk and renamed over `url` only when `body` returns. On any failure the temporary file is
    /// removed and `url` is untouched. A process killed mid-save cannot remove its temporary file, so each save
    /// first removes the temporary files of `url` left by processes that no longer exist (their pid is in the
    /// name): leftovers never accumulate beyond one per live process, and saves running at once never touch each
    /// other's files.
    static func writeAtomically(to url: URL, _ body: (FileOutput) throws -> Void) throws {
        let directory = url.deletingLastPathComponent().path
        let prefix = ".\(url.lastPathComponent).tmp-"
        removeLeftovers(in: directory, prefix: prefix)
        let temporaryPath =
            url.deletingLastPathComponent().appendingPathComponent(
                prefix + "\(getpid())-\(String(UInt64.random(in: 0...UInt64.max), radix: 16))"
            ).path
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else {
            throw FileSystemError(operation: "create a file in", path: directory, code: errno)
        }
        do {
            try body(FileOutput(descriptor: descriptor, path: temporaryPath))
            guard fsync(descriptor) == 0 else {
                throw FileSystemError(operation: "flush", path: temporaryPath, code: errno)
            }
        } catch {
            close(descriptor)
            unlink(temporaryPath)
            throw error
        }
        guard close(descriptor) == 0 else {
            let code = errno
            unlink(temporaryPath)
            throw FileSystemError(operation: "close", path: temporaryPath, code: code)
        }
        guard rename(temporaryPath, url.path) == 0 else {
            let code = errno
            unlink(temporaryPath)
            throw FileSystemError(operation: "rename \(temporaryPath) to", path: url.path, code: code)
        }
        // Makes the rename itself durable. Some file systems refuse fsync on a directory; the new file is in place
        // either way, so a failure here is not reported.
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// Removes the files `<prefix><pid>-<hex>` in `directory` whose process `pid` no longer exists.
    private static func removeLeftovers(in directory: String, prefix: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(prefix) {
            let tag = name.dropFirst(prefix.count).split(separator: "-", maxSplits: 1)
            guard tag.count == 2, let pid = pid_t(tag[0]), pid > 0, tag[1].allSatisfy(\.isHexDigit) else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(directory + "/" + name) }
        }
    }

    /// Writes `bytes` to `url` atomically: `url` ends up holding its old contents or all of `bytes`, never a part,
    /// and a failure throws a `FileSystemError` naming the call and the path.
    public static func writeAtomically(_ bytes: [UInt8], to url: URL) throws {
        try writeAtomically(to: url) { try $0.write(bytes) }
    }
}

/// The open temporary file that `FileAccess.writeAtomically` hands to its body.
struct FileOutput {
    let descriptor: Int32
    let path: String

    /// Writes all of `bytes`, retrying short writes.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var written = 0
        while written < bytes.count {
            let count = Foundation.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if count < 0 {
                if errno == EINTR { continue }
                throw FileSystemError(operation: "write", path: path, code: errno)
            }
            written += count
        }
    }

    func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }
}
