import COpenBLAS
import Synchronization

/// OpenBLAS's thread count, chosen per call: one thread for small products (waking and joining its worker
/// threads costs more than they save — on this machine a 128×64×256 GEMM ran 2.6× slower on two threads), all
/// cores for large ones.
enum BLASThreads {
    /// Multiply-adds below which a product runs on one thread.
    static let singleThreadWork = 1 << 19
    private static let current = Atomic<Int>(0)

    /// Sets OpenBLAS's thread count for a product of `work` multiply-adds (a no-op when it is already right).
    static func prepare(work: Int) {
        let wanted = work < singleThreadWork ? 1 : Parallel.cores
        if current.exchange(wanted, ordering: .relaxed) != wanted { openblas_set_num_threads(Int32(wanted)) }
    }
}
