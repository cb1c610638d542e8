/// What is wrong with a checkpoint file, or why it does not fit the module it is loaded into.
///
/// Failures of the operating system itself (a missing file, no permission) are `FileSystemError`s.
///
/// ```swift
/// do {
///     try model.load(from: url)
/// } catch let error as CheckpointError {
///     print(error)
///     // model.safetensors does not match the module:
///     //   missing: layers.2.bias
///     //   unexpected: head.weight
///     //   mis-shaped: layers.0.weight: module [64, 2] float32, checkpoint [32, 2] float32
/// }
/// ```
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    /// The file is truncated or does not follow the safetensors format; `reason` says where and how.
    case corrupt(path: String, reason: String)
    /// A tensor of a dtype SciGrad does not hold (F16, BF16, I32, U8, …).
    case unsupportedDType(path: String, tensor: String, dtype: String)
    /// Strict loading found parameters the checkpoint lacks, entries the module lacks, or entries of the wrong
    /// shape or dtype; nothing was loaded. `path` is the checkpoint's file, when it was read from one.
    case mismatch(path: String?, report: Checkpoint.LoadReport)
    /// A save found NaN or ±∞ in the named tensors and wrote nothing (`allowNonFinite: true` writes them).
    case nonFinite(path: String, tensors: [String])

    public var description: String {
        switch self {
        case .corrupt(let path, let reason):
            return "\(path): corrupt or truncated safetensors file: \(reason)"
        case .unsupportedDType(let path, let tensor, let dtype):
            return "\(path): tensor '\(tensor)' has dtype \(dtype); SciGrad reads F32, F64, I64 and BOOL"
        case .mismatch(let path, let report):
            return "\(path ?? "the checkpoint") does not match the module:\n\(report.problems)"
        case .nonFinite(let path, let tensors):
            return "\(path): not saved: NaN or ∞ in \(tensors.joined(separator: ", ")) "
                + "(pass allowNonFinite: true to save them anyway)"
        }
    }
}
