import Foundation
import SciGradDistributed
import XCTest

/// How an `mpirun` launch of one test ended.
struct MPILaunch: CustomStringConvertible {
    /// mpirun's exit status (nil when it was killed at the time limit).
    let status: Int32?
    /// Everything the ranks and mpirun wrote to stdout and stderr.
    let output: String
    /// Seconds from launch to exit.
    let seconds: Double

    var timedOut: Bool { status == nil }
    var description: String {
        "mpirun \(status.map { "exited with \($0)" } ?? "timed out") after \(seconds) s:\n\(output)"
    }
}

/// Set in the environment of the ranks a test launches: the test body then runs as one rank.
private let rankVariable = "SCIGRAD_MPI_TEST_RANK"

extension XCTestCase {
    /// Runs `body` on `ranks` MPI processes on this machine and returns how the job ended, or nil inside a rank.
    ///
    /// The test relaunches its own test binary under `mpirun` with a filter naming this one test and a variable
    /// marking the processes as ranks; in each of them the same test method calls this again, which then runs `body`
    /// inside `withWorldCommunicator` (a failed assertion fails that rank's process and so the job). The job is
    /// killed after `timeout` seconds. Skips the test when `mpirun` is not installed.
    @discardableResult
    func onRanks(
        _ ranks: Int, timeout: Double = 60, _ body: (Communicator) throws -> Void
    ) throws -> MPILaunch? {
        if ProcessInfo.processInfo.environment[rankVariable] != nil {
            withWorldCommunicator(body)
            return nil
        }
        let method = name.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "_" }).last.map(String.init)!
        let filter = "SciGradDistributedTests.\(type(of: self))/\(method)"
        return try mpirun(
            ranks: ranks, [Bundle.main.executablePath ?? CommandLine.arguments[0], filter],
            environment: [rankVariable: "1"], timeout: timeout)
    }

    /// Runs `body` on `ranks` processes and fails the test unless every rank finished without failing.
    func assertOnRanks(
        _ ranks: Int, timeout: Double = 60, file: StaticString = #filePath, line: UInt = #line,
        _ body: (Communicator) throws -> Void
    ) throws {
        guard let launch = try onRanks(ranks, timeout: timeout, body) else { return }
        XCTAssertEqual(launch.status, 0, "\(launch)", file: file, line: line)
    }

    /// Runs `mpirun -np ranks … command` (on this machine, oversubscribed if need be) with `environment` added for
    /// the ranks, kills it after `timeout` seconds, and returns how it ended. Skips the test without `mpirun`.
    func mpirun(ranks: Int, _ command: [String], environment: [String: String] = [:], timeout: Double) throws
        -> MPILaunch
    {
        guard let mpirun = Self.executable(named: "mpirun") else { throw XCTSkip("mpirun is not installed") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: mpirun)
        process.arguments =
            ["-np", "\(ranks)", "--oversubscribe", "--bind-to", "none"]
            + (geteuid() == 0 ? ["--allow-run-as-root"] : [])
            // A waiting rank yields its core instead of spinning: on a busy machine (CI, shared builders) spinning
            // ranks starve the rank they wait for (the training test took 3.8 s instead of 0.7 s).
            + ["--mca", "mpi_yield_when_idle", "1"]
            + environment.keys.sorted().flatMap { ["-x", "\($0)=\(environment[$0]!)"] } + command
        var processEnvironment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        processEnvironment["SWIFT_BACKTRACE"] = "enable=no"  // a crashing rank prints its message, not a slow backtrace
        process.environment = processEnvironment
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("scigrad-mpi-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        let start = Date()
        try process.run()
        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()  // mpirun passes SIGTERM on to the ranks
            if finished.wait(timeout: .now() + 10) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                finished.wait()
            }
        }
        try handle.close()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return MPILaunch(
            status: timedOut ? nil : process.terminationStatus, output: output,
            seconds: Date().timeIntervalSince(start))
    }

    private static func executable(named name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }
}
