import Foundation

/// A run's metrics as JSON lines: one object per record with the step, the wall-clock time and named values.
///
/// ```swift
/// let log = try MetricsLog(url: runDirectory.appendingPathComponent("metrics.jsonl"))
/// try log.record(step: 100, ["loss": 0.0132, "lr": 1e-3])
/// // {"step":100,"wall_time":1764403200.125,"loss":0.0132,"lr":0.001}
/// ```
///
/// `wall_time` is in seconds since 1970 (as TensorBoard records it). Values keep their order; NaN and infinities,
/// which JSON cannot hold, are written as `null`, and the record is flagged with their names
/// (`"non_finite":["loss"]`); `firstNonFinite` keeps the first such step and name. Each record goes to the file in one `write` call as soon as it
/// is made, so a crash of the program keeps every record made before it (pandas reads the file with
/// `pd.read_json(path, lines=True)`).
public final class MetricsLog {
    /// What to do with a file already at the log's path.
    public enum ExistingFile: Sendable {
        /// Start a new, empty log.
        case replace
        /// Add records after the existing ones (a resumed run).
        case append
    }

    /// The log file.
    public let url: URL
    private let descriptor: Int32
    /// The first record holding NaN or ±∞, and the first such value's name.
    public private(set) var firstNonFinite: (step: Int, name: String)?

    /// Opens the log at `url`, creating its directory when needed.
    public init(url: URL, existingFile: ExistingFile = .replace) throws {
        self.url = url
        try FileAccess.createDirectory(at: url.deletingLastPathComponent())
        let mode = existingFile == .replace ? O_TRUNC : O_APPEND
        descriptor = open(url.path, O_WRONLY | O_CREAT | O_CLOEXEC | mode, 0o666)
        guard descriptor >= 0 else { throw FileSystemError(operation: "open", path: url.path, code: errno) }
    }

    deinit { close(descriptor) }

    /// Appends one record: `step`, the current wall-clock time, then `values` in order.
    public func record(step: Int, _ values: KeyValuePairs<String, Double>) throws {
        var fields = ["\"step\":\(step)", "\"wall_time\":\(JSONText.number(Date().timeIntervalSince1970))"]
        var nonFinite: [String] = []
        for (name, value) in values {
            precondition(
                !["step", "wall_time", "non_finite"].contains(name), "MetricsLog.record: '\(name)' is a reserved name")
            fields.append(JSONText.quoted(name) + ":" + JSONText.number(value))
            if !value.isFinite { nonFinite.append(name) }
        }
        if let first = nonFinite.first {
            fields.append("\"non_finite\":[" + nonFinite.map(JSONText.quoted).joined(separator: ",") + "]")
            if firstNonFinite == nil { firstNonFinite = (step, first) }
        }
        let line = Array(("{" + fields.joined(separator: ",") + "}\n").utf8)
        try FileOutput(descriptor: descriptor, path: url.path).write(line)
    }
}
