/// Checks of an op's contract whose messages survive optimized builds.
///
/// Swift's `precondition` and `preconditionFailure` drop their message in `-O` builds (the program stops with a bare
/// "precondition failure"), so a user of a release build would not learn which op, index or shape was wrong.
/// These stop the program the same way but always print the message.

/// Stops the program with `message` unless `condition` holds.
@inlinable @inline(__always)
func require(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID,
    line: UInt = #line
) {
    if !condition() { requirementFailure(message(), file: file, line: line) }
}

/// Stops the program with `message`.
@usableFromInline @inline(never)
func requirementFailure(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError(message, file: file, line: line)
}
