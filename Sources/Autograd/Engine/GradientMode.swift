/// Whether ops record themselves on the graph. On by default; `withoutGradients` turns it off for a scope (for
/// inference, optimizer steps, and the backward pass when no graph of the gradient is wanted).
public enum GradientMode {
    @TaskLocal static var isRecording = true

    /// Whether ops record themselves on the graph now.
    public static var isEnabled: Bool { isRecording }
}

/// Runs `body` with recording off: every op returns a constant.
public func withoutGradients<R>(_ body: () throws -> R) rethrows -> R {
    try GradientMode.$isRecording.withValue(false, operation: body)
}

/// Runs `body` with recording on (inside a `withoutGradients` scope, for example).
public func withGradients<R>(_ body: () throws -> R) rethrows -> R {
    try GradientMode.$isRecording.withValue(true, operation: body)
}
