import COpenBLAS
import Foundation
import Synchronization
import TestSupport
import XCTest

@testable import Tensor

final class BLASThreadsTests: XCTestCase {
    /// The first call into OpenBLAS (here a threaded Cholesky factorization) restarts its workers with the short
    /// idle spin and leaves the environment as it was, and factorizations on the restarted workers stay right.
    func testWorkersRestartWithTheShortIdleSpinAndStayRight() throws {
        let userSetIt = getenv("OPENBLAS_THREAD_TIMEOUT") != nil
        var random = TestRandom(seed: 88)
        let n = 96
        XCTAssertGreaterThanOrEqual(n * n * n, BLASThreads.singleThreadWork, "the factorization must be threaded")
        let b = random.tensor([n, n], dtype: .float64)
        let a = b.matmul(b.transposed()) + Tensor.eye(n, dtype: .float64) * Double(n)
        for _ in 0..<3 {
            let factor = try Linalg.cholesky(a)
            assertClose(factor.matmul(factor.transposed()), a, relativeTolerance: 1e-12, absoluteTolerance: 1e-12)
        }
        XCTAssertEqual(getenv("OPENBLAS_THREAD_TIMEOUT") != nil, userSetIt)
        if !userSetIt { XCTAssertEqual(openblas_thread_timeout(), UInt32(BLASThreads.idleSpinCycles)) }
    }

    /// A program whose products never reach OpenBLAS still gets its workers quieted: by `Parallel`'s first team
    /// (fails when this test runs alone and the team does not restart them).
    func testParallelTeamsQuietOpenBLASWorkers() {
        let userSetIt = getenv("OPENBLAS_THREAD_TIMEOUT") != nil
        let ran = Atomic<Int>(0)
        Parallel.perform(iterations: 2) { _ in ran.add(1, ordering: .relaxed) }
        XCTAssertEqual(ran.load(ordering: .relaxed), 2)
        if !userSetIt { XCTAssertEqual(openblas_thread_timeout(), UInt32(BLASThreads.idleSpinCycles)) }
    }
}
