import Foundation

extension Module {
    /// Writes every parameter to a safetensors file at `url` (atomically), named by `namedParameters()`.
    /// Non-finite parameters throw `CheckpointError.nonFinite` unless `allowNonFinite` (see `Checkpoint.write`).
    ///
    /// ```swift
    /// try model.save(to: runDirectory.appendingPathComponent("model.safetensors"))
    /// ```
    public func save(to url: URL, metadata: [String: String] = [:], allowNonFinite: Bool = false) throws {
        try Checkpoint(module: self, metadata: metadata).write(to: url, allowNonFinite: allowNonFinite)
    }

    /// Loads the parameters stored in the safetensors file at `url` (optimizer state in it is ignored).
    ///
    /// Strict loading (the default) throws `CheckpointError.mismatch` naming every missing, unexpected and
    /// mis-shaped key, and changes nothing; non-strict loading loads what matches and reports the rest.
    ///
    /// ```swift
    /// let report = try model.load(from: url, strict: false)
    /// if !report.isComplete { print(report) }
    /// ```
    @discardableResult
    public func load(from url: URL, strict: Bool = true) throws -> Checkpoint.LoadReport {
        try Checkpoint(contentsOf: url).restore(self, strict: strict)
    }
}
