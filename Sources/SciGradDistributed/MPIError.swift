import CMPI

/// An MPI call that returned an error code (the communicators here use `MPI_ERRORS_RETURN`, so MPI reports errors
/// instead of aborting the job), with MPI's own text for it.
public struct MPIError: Error, CustomStringConvertible {
    /// The MPI function that failed (`MPI_Allreduce`, …).
    public let function: String
    /// The code it returned.
    public let code: Int32
    /// `MPI_Error_string` of the code, e.g. "MPI_ERR_ROOT: invalid root".
    public let message: String

    public var description: String { "\(function) failed: \(message)" }

    /// Throws an `MPIError` unless `code` is `MPI_SUCCESS`.
    static func check(_ code: Int32, _ function: String) throws {
        guard code != MPI_SUCCESS else { return }
        var text = [CChar](repeating: 0, count: Int(MPI_MAX_ERROR_STRING) + 1)
        var length: Int32 = 0
        let message =
            MPI_Error_string(code, &text, &length) == MPI_SUCCESS
            ? String(decoding: text.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            : "MPI error code \(code)"
        throw MPIError(function: function, code: code, message: message)
    }
}

/// The ranks of a collective passed tensors that do not fit together (different dtypes or shapes). Every rank
/// sees every rank's description, so all of them throw this error together instead of hanging.
public struct CollectiveMismatchError: Error, CustomStringConvertible {
    public let description: String
}
