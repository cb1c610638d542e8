import Foundation
import Tensor

/// A model's parameters, optionally with its optimizer's state and step, as one safetensors file.
///
/// Parameters are stored under the names `Module.namedParameters()` gives them (`layers.0.weight`), in PyTorch's
/// layouts, so the file is also a PyTorch `state_dict`. Optimizer state is stored under `optimizer.<key>` and the
/// step count in the metadata (`"step"`). Writing is atomic: a crash never leaves a half-written checkpoint.
///
/// ```swift
/// // Saving during training (optimizer state keyed by parameter name: optimizer.layers.0.weight.m):
/// try Checkpoint(module: model, optimizerState: optimizer.state(namedBy: model), step: step).write(to: url)
///
/// // Resuming:
/// let checkpoint = try Checkpoint(contentsOf: url)
/// try checkpoint.restore(model)               // strict: every key must match
/// try optimizer.load(state: checkpoint.optimizerState, namedBy: model)
/// let step = checkpoint.step ?? 0
/// ```
///
/// For the parameters alone, `model.save(to:)` and `model.load(from:)` do the same in one call.
public struct Checkpoint {
    /// The prefix of optimizer-state keys in the file.
    public static let optimizerPrefix = "optimizer."
    /// The metadata key of the step count.
    public static let stepKey = "step"

    /// Parameter values by dotted name.
    public var parameters: [String: Tensor]
    /// The optimizer's state, keyed as the optimizer keys it (without the `optimizer.` prefix).
    public var optimizerState: [String: Tensor]
    /// The training step the checkpoint was taken at, if recorded.
    public var step: Int?
    /// Further strings stored in the header (the step is kept apart, in `step`).
    public var metadata: [String: String]
    /// The file the checkpoint was read from, named in loading errors.
    private var sourcePath: String?

    public init(
        parameters: [String: Tensor], optimizerState: [String: Tensor] = [:], step: Int? = nil,
        metadata: [String: String] = [:]
    ) {
        self.parameters = parameters
        self.optimizerState = optimizerState
        self.step = step
        self.metadata = metadata
    }

    /// The current parameter values of `module`, with optional optimizer state, step and metadata.
    public init(
        module: Module, optimizerState: [String: Tensor] = [:], step: Int? = nil, metadata: [String: String] = [:]
    ) {
        let named = module.namedParameters()
        self.init(
            parameters: Dictionary(
                named.map { ($0.name, $0.parameter.value) }, uniquingKeysWith: { first, _ in first }),
            optimizerState: optimizerState, step: step, metadata: metadata)
    }

    /// The checkpoint in the safetensors file at `url`. Keys starting with `optimizer.` are optimizer state; all
    /// others are parameters.
    public init(contentsOf url: URL) throws {
        let (tensors, storedMetadata) = try Safetensors.loadWithMetadata(from: url)
        parameters = tensors.filter { !$0.key.hasPrefix(Self.optimizerPrefix) }
        optimizerState = Dictionary(
            uniqueKeysWithValues: tensors.filter { $0.key.hasPrefix(Self.optimizerPrefix) }.map {
                (String($0.key.dropFirst(Self.optimizerPrefix.count)), $0.value)
            })
        metadata = storedMetadata
        sourcePath = url.path
        step = nil
        if let text = metadata.removeValue(forKey: Self.stepKey) {
            guard let value = Int(text) else {
                throw CheckpointError.corrupt(path: url.path, reason: "metadata step '\(text)' is not an integer")
            }
            step = value
        }
    }

    /// Writes the checkpoint as a safetensors file at `url` (atomically).
    ///
    /// A parameter or optimizer state holding NaN or ±∞ (a diverged run) throws `CheckpointError.nonFinite` naming
    /// every such tensor and writes nothing, so a good checkpoint is never replaced by a broken one; pass
    /// `allowNonFinite: true` to write them anyway.
    public func write(to url: URL, allowNonFinite: Bool = false) throws {
        if !allowNonFinite {
            let nonFinite =
                parameters.filter { !$0.value.isAllFinite }.keys.sorted()
                + optimizerState.filter { !$0.value.isAllFinite }.keys.sorted().map { Self.optimizerPrefix + $0 }
            guard nonFinite.isEmpty else { throw CheckpointError.nonFinite(path: url.path, tensors: nonFinite) }
        }
        precondition(
            !parameters.keys.contains { $0.hasPrefix(Self.optimizerPrefix) },
            "Checkpoint.write: parameter names may not start with '\(Self.optimizerPrefix)' (reserved for optimizer state)"
        )
        precondition(
            metadata[Self.stepKey] == nil, "Checkpoint.write: metadata key '\(Self.stepKey)' is reserved; set step")
        var tensors = parameters
        for (key, value) in optimizerState { tensors[Self.optimizerPrefix + key] = value }
        var storedMetadata = metadata
        if let step { storedMetadata[Self.stepKey] = String(step) }
        try Safetensors.save(tensors, metadata: storedMetadata, to: url)
    }

    /// Copies the stored parameters into `module`'s parameters of the same names.
    ///
    /// A stored value of another floating dtype is converted (as PyTorch's `load_state_dict` does). Strict
    /// restoring (the default) first checks that every parameter has a stored value of its shape and that every
    /// stored parameter belongs to the module, and throws `CheckpointError.mismatch` naming each missing,
    /// unexpected and mis-shaped key without changing anything. Non-strict restoring loads what matches and
    /// reports the rest.
    @discardableResult
    public func restore(_ module: Module, strict: Bool = true) throws -> LoadReport {
        var report = LoadReport(loaded: [], missing: [], unexpected: [], mismatched: [])
        var assignments: [(Parameter, Tensor)] = []
        let named = module.namedParameters()
        for (name, parameter) in named {
            guard let stored = parameters[name] else {
                report.missing.append(name)
                continue
            }
            guard stored.shape == parameter.shape, stored.dtype.isFloatingPoint else {
                report.mismatched.append(
                    LoadReport.Mismatch(
                        name: name, moduleShape: parameter.shape, moduleDType: parameter.dtype,
                        checkpointShape: stored.shape, checkpointDType: stored.dtype))
                continue
            }
            report.loaded.append(name)
            assignments.append((parameter, stored.cast(to: parameter.dtype)))
        }
        let moduleNames = Set(named.map(\.name))
        report.unexpected = parameters.keys.filter { !moduleNames.contains($0) }.sorted()
        if strict && !report.isComplete { throw CheckpointError.mismatch(path: sourcePath, report: report) }
        for (parameter, value) in assignments { parameter.assign(value) }
        return report
    }
}
