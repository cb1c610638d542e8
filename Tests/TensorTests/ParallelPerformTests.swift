import Foundation
import Synchronization
import TestSupport
import XCTest

@testable import Tensor

/// `Parallel.perform` on libgomp's team: every iteration runs exactly once, on at most `cores` threads, a call
/// from inside a running region completes (serially on its thread), and a parallel kernel right after a oneDNN
/// product (the same team) gives the same values as on one thread.
final class ParallelPerformTests: XCTestCase {
    func testEveryIterationRunsOnceOnAtMostCoresThreads() {
        for iterations in [0, 1, 2, 3, 17, 1000] {
            let counts = Mutex<[Int]>(Array(repeating: 0, count: iterations))
            let threads = Mutex<Set<UInt>>([])
            Parallel.perform(iterations: iterations) { i in
                counts.withLock { $0[i] += 1 }
                threads.withLock { _ = $0.insert(UInt(pthread_self())) }
            }
            XCTAssertEqual(counts.withLock { $0 }, Array(repeating: 1, count: iterations))
            XCTAssertLessThanOrEqual(threads.withLock { $0.count }, Swift.max(1, Swift.min(iterations, Parallel.cores)))
        }
    }

    func testNestedCallsComplete() {
        let total = Atomic<Int>(0)
        Parallel.perform(iterations: 4) { _ in
            Parallel.perform(iterations: 5) { j in total.add(j, ordering: .relaxed) }
        }
        XCTAssertEqual(total.load(ordering: .relaxed), 4 * 10)
    }

    func testAKernelAfterAProductMatchesOneThread() {
        var random = TestRandom(seed: 5)
        let a = random.tensor([300, 400], dtype: .float32)
        let b = random.tensor([400, 3600], dtype: .float32)
        let product = a.matmul(b)  // 1.08M elements: tanh below takes the parallel path
        XCTAssertGreaterThanOrEqual(product.count * 10, Parallel.threshold)
        let expected = product.toDoubles().map { Double(FastMath.tanh(Float($0))) }
        let mismatches = zip(product.tanh().toDoubles(), expected).filter { $0 != $1 }.count
        XCTAssertEqual(mismatches, 0)
    }
}
