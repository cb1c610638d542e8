import XCTest

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a forked child that ran a test body ended.
public struct ChildOutcome: Sendable, CustomStringConvertible {
    /// The body returned and the child exited with status 0.
    public let returned: Bool
    /// Exit status (when the child exited) or the signal that killed it, for messages.
    public let status: String
    /// Everything the child wrote to stdout and stderr.
    public let output: String
    /// The child did not finish within the time limit and was killed.
    public let timedOut: Bool

    /// The child died (a signal, or a non-zero exit status from the crash handler) rather than returning.
    public var crashed: Bool { !returned && !timedOut }

    public var description: String { "\(status); output:\n\(output)" }
}

/// Exit status of a child whose crash handler caught `signal`: the shell's 128 + signal convention.
private let crashSignals: [Int32] = [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE]

/// Runs `body` in a forked child with its stdout and stderr sent to a pipe, and reports how the child ended.
///
/// In the child, crash signals get a handler that exits at once with status 128 + signal, so a trap (`fatalError`,
/// our `precondition`) ends the child without the runtime's backtracer or a core dump; the runtime has already
/// printed `Fatal error: <message>` to stderr by then. A body that returns ends the child with status 0.
///
/// The child is a copy of a multi-threaded process with only the forking thread: `body` must not start threads or
/// use Dispatch (keep tensors tiny so kernels stay on the calling thread). A child still running after `timeout`
/// seconds is killed.
public func runInChild(timeout: Double = 60, _ body: () -> Void) -> ChildOutcome {
    fflush(nil)
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else {
        return ChildOutcome(returned: false, status: "pipe failed", output: "", timedOut: false)
    }
    let pid = fork()
    if pid == 0 {
        close(fds[0])
        dup2(fds[1], STDOUT_FILENO)
        dup2(fds[1], STDERR_FILENO)
        close(fds[1])
        for crashSignal in crashSignals { _ = signal(crashSignal) { _exit(128 + $0) } }
        body()
        fflush(nil)
        _exit(0)
    }
    close(fds[1])
    guard pid > 0 else {
        close(fds[0])
        return ChildOutcome(returned: false, status: "fork failed (errno \(errno))", output: "", timedOut: false)
    }

    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    var timedOut = false
    let deadline = monotonicSeconds() + timeout
    while true {
        let remaining = deadline - monotonicSeconds()
        if remaining <= 0 {
            timedOut = true
            break
        }
        var descriptor = pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(Swift.min(remaining * 1000, 1000)))
        if ready < 0 && errno == EINTR { continue }
        if ready <= 0 { continue }
        let n = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { break }
        bytes.append(contentsOf: buffer[0..<n])
    }
    close(fds[0])
    if timedOut { kill(pid, SIGKILL) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let output = String(decoding: bytes, as: UTF8.self)
    let termination = status & 0x7f
    if timedOut {
        return ChildOutcome(returned: false, status: "timed out after \(timeout) s", output: output, timedOut: true)
    }
    if termination == 0 {
        let code = (status >> 8) & 0xff
        let name = code > 128 && crashSignals.contains(code - 128) ? " (caught signal \(code - 128))" : ""
        return ChildOutcome(returned: code == 0, status: "exit status \(code)\(name)", output: output, timedOut: false)
    }
    return ChildOutcome(returned: false, status: "killed by signal \(termination)", output: output, timedOut: false)
}

/// Asserts that `body` stops the process with a fatal error whose output contains `message`.
///
/// `body` runs in a forked child (see `runInChild`): use tiny tensors so that no kernel goes parallel.
public func expectFatalError(
    containing message: String, timeout: Double = 60, file: StaticString = #filePath, line: UInt = #line,
    _ body: () -> Void
) {
    let outcome = runInChild(timeout: timeout, body)
    if outcome.returned {
        XCTFail("expected a fatal error containing \"\(message)\", but the body returned", file: file, line: line)
    } else if outcome.timedOut {
        XCTFail("expected a fatal error containing \"\(message)\", but the child \(outcome)", file: file, line: line)
    } else if !outcome.output.contains(message) {
        XCTFail(
            "expected a fatal error containing \"\(message)\"; the child ended with \(outcome)", file: file, line: line)
    }
}

private func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
}
