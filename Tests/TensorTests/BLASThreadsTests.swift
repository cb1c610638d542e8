import COpenBLAS
import Foundation
import TestSupport
import XCTest

@testable import Tensor

final class BLASThreadsTests: XCTestCase {
    /// The first product restarts OpenBLAS's workers with the short idle spin, leaves the environment as it was, and
    /// threaded products on the restarted workers still equal the naive loop.
    func testWorkersRestartWithTheShortIdleSpinAndStayRight() {
        let userSetIt = getenv("OPENBLAS_THREAD_TIMEOUT") != nil
        var random = TestRandom(seed: 88)
        let a = random.tensor([96, 96], dtype: .float64)
        let b = random.tensor([96, 96], dtype: .float64)
        XCTAssertGreaterThanOrEqual(96 * 96 * 96, BLASThreads.singleThreadWork, "the product must be threaded")
        for _ in 0..<3 {
            assertClose(a.matmul(b), referenceMatmul(a, b), relativeTolerance: 1e-12, absoluteTolerance: 1e-12)
        }
        XCTAssertEqual(getenv("OPENBLAS_THREAD_TIMEOUT") != nil, userSetIt)
        if !userSetIt { XCTAssertEqual(openblas_thread_timeout(), UInt32(BLASThreads.idleSpinCycles)) }
    }
}
