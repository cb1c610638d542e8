import Foundation
import Glibc
import XCTest

/// How a death test's child process ended, and what it wrote to stderr/stdout.
struct ChildOutcome {
    /// The exit code when the child exited, nil when a signal ended it.
    let exitCode: Int32?
    /// The signal that ended the child, nil when it exited.
    let signal: Int32?
    let output: String

    var died: Bool { signal != nil || (exitCode ?? 0) != 0 }
}

/// Runs `body` in a forked child with stdout and stderr captured, and reports how the child ended.
///
/// The child runs only `body` and `_exit(0)`s if it returns. Fatal errors trap: the child restores the default
/// handlers for the trap signals first (the Swift runtime's backtracer would otherwise take over and be slow) and
/// disables core files. Keep `body` tiny and single-threaded: a forked child has only the calling thread, so it must
/// not start GCD-parallel kernels.
func runInChildProcess(timeout: TimeInterval = 60, _ body: () -> Void) -> ChildOutcome {
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else { fatalError("death test: pipe failed, errno \(errno)") }
    fflush(nil)
    let pid = fork()
    guard pid >= 0 else { fatalError("death test: fork failed, errno \(errno)") }
    if pid == 0 {
        close(fds[0])
        dup2(fds[1], STDOUT_FILENO)
        dup2(fds[1], STDERR_FILENO)
        close(fds[1])
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore)
        for s in [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE] { signal(s, SIG_DFL) }
        body()
        fflush(nil)
        _exit(0)
    }
    close(fds[1])
    var output = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 4096)
    let deadline = Date().addingTimeInterval(timeout)
    var killed = false
    while true {
        var descriptor = pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, 100)
        if ready > 0 {
            let n = read(fds[0], &buffer, buffer.count)
            if n <= 0 { break }
            output += buffer[0..<n]
        } else if ready < 0 && errno != EINTR {
            break
        }
        if !killed && Date() > deadline {
            kill(pid, SIGKILL)
            killed = true
        }
    }
    close(fds[0])
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let text = String(decoding: output, as: UTF8.self) + (killed ? "\n[death test: child killed after \(timeout) s]" : "")
    let signalNumber = status & 0x7f
    if signalNumber == 0 {
        return ChildOutcome(exitCode: (status >> 8) & 0xff, signal: nil, output: text)
    }
    return ChildOutcome(exitCode: nil, signal: signalNumber, output: text)
}

/// Asserts that `body` stops the process (a failed precondition, a fatal error) and that what it printed contains
/// `expected`.
func assertStops(
    withMessageContaining expected: String, file: StaticString = #filePath, line: UInt = #line, _ body: () -> Void
) {
    let outcome = runInChildProcess(body)
    XCTAssert(
        outcome.died, "expected the process to stop, but it ended normally; output:\n\(outcome.output)", file: file,
        line: line)
    XCTAssert(
        outcome.output.contains(expected),
        "expected the output to contain \"\(expected)\"; it was:\n\(outcome.output)", file: file, line: line)
}
