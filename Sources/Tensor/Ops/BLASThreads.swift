import COpenBLAS
import Foundation
import Synchronization

/// OpenBLAS's thread count, chosen per call: one thread for small products (waking and joining its worker
/// threads costs more than they save), all cores for large ones. OpenBLAS computes LAPACK (`LapackBatch` sets the
/// count) and, on CPUs without AVX-512, the Float64 and one-thread Float32 products; the rest go to oneDNN and
/// the AVX-512 kernels (see `Tensor.matmul`).
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
        _ = idleSpinLimited
        let wanted = work < singleThreadWork ? 1 : Parallel.cores
        if current.exchange(wanted, ordering: .relaxed) != wanted { openblas_set_num_threads(Int32(wanted)) }
    }

    /// log₂ of the time-stamp-counter cycles an idle OpenBLAS worker busy-waits for the next product before it
    /// sleeps: 2^22 cycles, about 1.5 ms here, instead of OpenBLAS's 2^28 (about 0.1 s).
    ///
    /// With OpenBLAS's default a worker keeps spinning on a core through every elementwise pass between two
    /// products, so on two cores our parallel kernels share a core with it. Measured (while Float32 GEMMs still
    /// ran on OpenBLAS) with `scigrad bench`
    /// (`OPENBLAS_THREAD_TIMEOUT` set per run, five alternating rounds against the default 28, best of each):
    /// 22 made attention.b8.h8.l256.d64.train 13–24 %, fno1d.forward 19–25 %, fno1d.train 7–21 % and
    /// pinn.sdgd.d1000.b100.train 11–18 % faster and moved mlp, pinn.d10/d25, logreg, s4d and lsm by less than
    /// their round-to-round spread (±10 %); 20 measured the same within that spread; 4 and 14 (sleep at once) made
    /// mlp.small.train 16–18 % and logreg.lbfgs.f32 23–28 % slower, since every product then pays a wake-up.
    static let idleSpinCycles: Int32 = 22

    /// Restarts OpenBLAS's workers with `idleSpinCycles`, once, unless the user set `OPENBLAS_THREAD_TIMEOUT`.
    /// OpenBLAS reads the variable only while it starts its threads (at load, before any Swift code), so it is
    /// set, read, and removed again. Evaluated by the first product on OpenBLAS and by `Parallel`'s first team:
    /// left alone, the workers OpenBLAS starts at load busy-wait (`sched_yield`) through the whole run of a
    /// program that never calls OpenBLAS (perf, mlp.mnist.train with every product on oneDNN: 4.6 % of all samples
    /// on an OpenBLAS worker, none with the restart).
    static let idleSpinLimited: Void = {
        let name = "OPENBLAS_THREAD_TIMEOUT"
        guard getenv(name) == nil else { return }
        setenv(name, String(idleSpinCycles), 0)
        openblas_read_env()
        unsetenv(name)
        _ = blas_thread_shutdown_()
        _ = blas_thread_init()
    }()
}
