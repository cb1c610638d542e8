import COpenBLAS
import Synchronization

/// OpenBLAS's thread count, chosen per call: one thread for small products (waking and joining its worker
/// threads costs more than they save), all cores for large ones.
///
/// Measured with `scigrad bench` (interleaved runs): 2^19 rather than 2^21 made pinn.d10.b256.train 12 % faster
/// and changed nothing else; 2^24 made mlp.small.train 40 % slower; 0 (OpenBLAS's own size heuristics) measured
/// the same as 2^19. Splitting products into row blocks of single-threaded calls on our own threads (so that
/// OpenBLAS's spinning workers never compete with the elementwise kernels) was slower: mlp.small.train +48 %.
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
