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
        for inner in [2, 5] {
            let total = Atomic<Int>(0)
            Parallel.perform(iterations: 4) { _ in
                Parallel.perform(iterations: inner) { j in total.add(j, ordering: .relaxed) }
            }
            XCTAssertEqual(total.load(ordering: .relaxed), 4 * inner * (inner - 1) / 2)
        }
    }

    /// With more iterations than threads, a thread that is held up takes fewer of them: here the calling thread
    /// sleeps in each of its iterations, and the other threads take the rest (a fixed split would give it 1/cores).
    func testMoreIterationsThanThreadsGoToTheThreadsThatAreFree() throws {
        try XCTSkipIf(Parallel.cores < 2, "needs two cores")
        let caller = pthread_self()
        let onCaller = Atomic<Int>(0)
        let iterations = 10 * Parallel.cores
        Parallel.perform(iterations: iterations) { _ in
            if pthread_equal(pthread_self(), caller) != 0 {
                onCaller.add(1, ordering: .relaxed)
                usleep(5000)
            }
        }
        XCTAssertLessThan(onCaller.load(ordering: .relaxed), iterations / Parallel.cores / 2)
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
