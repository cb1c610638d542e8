/// Checks a programmer error (a shape mismatch, a bad axis, a wrong dtype) and stops with `message` when it fails.
///
/// These shadow the standard library's versions inside SciGrad (and in code that imports it) for one reason:
/// Swift's own `precondition` drops its message in optimized builds, and SciGrad is run in release builds, where
/// "matmul: [3, 4] × [5, 6]: inner dimensions 4 and 5 differ" is exactly what a user needs to see.
@inline(__always)
public func precondition(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String = "",
    file: StaticString = #fileID, line: UInt = #line
) {
    if !condition() { fatalError(message(), file: file, line: line) }
}

/// Stops with `message` (kept in optimized builds; see `precondition`).
public func preconditionFailure(
    _ message: @autoclosure () -> String = "", file: StaticString = #fileID, line: UInt = #line
)
    -> Never
{
    fatalError(message(), file: file, line: line)
}
