import COpenMP
import Foundation

/// Splits large loops across the machine's cores; small ones run on the calling thread.
///
/// The one thread split of the project: kernels in every module (Tensor's, the layers' own loops) call
/// `forEachChunk` (or `perform`) instead of starting threads, so the threshold, the chunking and the pool (libgomp's,
/// shared with oneDNN) are decided once.
///
/// ```swift
/// // y[i] = f(x[i]) over n elements, each worth about 10 additions:
/// let context = UnsafeSendable((source, destination))
/// Parallel.forEachChunk(count: n, cost: 10, context: context) { range, context in
///     let (source, destination) = context.value
///     for i in range { destination[i] = f(source[i]) }
/// }
/// ```
public enum Parallel {
    /// Number of worker chunks for a large loop: the cores this process may run on.
    public static let cores = AvailableCores.count

    /// Work, in element-operations, below which threading costs more than it saves.
    ///
    /// Measured (kernelbench threshold.*, libgomp's team) on the first host: a float32 multiply of 2^18 elements takes
    /// 30 µs on one thread and of 2^19 elements 31 µs on two, a sum 10 and 11 µs; compute-bound ops (cost > 1) gain
    /// from fewer elements. On this Zen 4 host (`scigrad bench`, the two thresholds' binaries alternating, medians of
    /// per-run medians), 2^17 against 2^19: lsm.darcy32.train 131.5 → 110 ms (faster in 4/4) and 138.6 → 121.4 (5/6),
    /// pinn.d25.b256.train 8.2 → 6.3 ms, pinn.d2.b4096.train 19.0 → 15.4 ms, mlp.small.train 1005 → 936 µs (6/8 each),
    /// logreg even (4/6 faster); elem, s4d, fno1d, attention, gp.nll, pinn.sdgd and random.normal within their spread
    /// (four rounds; ntk, fft and gemm not compared). Here an elementwise pass over a product's result that
    /// runs on both cores reads the rows each core wrote, instead of one core reading the other's (see
    /// `ProductRowWork`). 2^15 measured even with 2^17.
    public static let threshold = 1 << 17

    /// Calls `body(range, context)` on disjoint subranges covering `0..<count` (at most `cores` of them), in
    /// parallel when `count · cost ≥ threshold`. Below the threshold `body` runs once, on the calling thread, and
    /// no closure or job is built. The subranges must touch disjoint memory.
    ///
    /// `body` should capture nothing but the op's closure and take everything else (pointers, strides, scalars)
    /// from `context`. The compiler then specializes it into a function with the op inlined, a loop LLVM
    /// vectorizes. A body that also captured the pointers would reach the worker thread as a closure calling the
    /// op through a function pointer for every element: ~2 ns per element instead of ~0.2.
    ///
    /// `cost` is a rough per-element weight in additions (1 for an add, ~10 for a transcendental function, the
    /// size of a row for a loop over rows).
    @inlinable @inline(always)
    public static func forEachChunk<Context>(
        count: Int, cost: Int = 1, context: Context, _ body: (Range<Int>, Context) -> Void
    ) {
        if count * cost < threshold || count < 2 || cores == 1 {
            serial(body, 0..<count, context)
            return
        }
        let chunks = min(cores, count)
        withoutActuallyEscaping(body) { body in
            let job = UnsafeSendable((body, context))
            perform(iterations: chunks) { chunk in
                job.value.0(count * chunk / chunks..<count * (chunk + 1) / chunks, job.value.1)
            }
        }
    }

    /// Calls `body(i)` for every i in `0..<iterations`, spread over the OpenMP team of the calling thread (at
    /// most `cores` threads, the caller among them), and returns when all calls are done. With no more iterations
    /// than threads, thread t makes call t (the same core touches the same part of the data from one call to the
    /// next); with more, each thread takes the next iteration as it finishes one, so a core that runs slower (a
    /// busy neighbour, a cold cache) takes fewer instead of holding the others at the end, at the price of that
    /// locality (see `fftForEachRowRange`).
    ///
    /// One pool for everything: oneDNN runs its GEMMs on the same libgomp threads, which busy-wait a little after
    /// each region and then sleep, so an elementwise pass right after a product finds its workers awake instead
    /// of competing with a second pool's spinning threads for the two cores (as `DispatchQueue.concurrentPerform`
    /// beside OpenMP did: fno1d.forward and lsm.darcy32.train 35–42 % slower). A call from inside a region runs
    /// serially on its thread (libgomp's default of one active level).
    public static func perform(iterations: Int, _ body: (Int) -> Void) {
        if iterations <= 0 { return }
        _ = BLASThreads.idleSpinLimited
        let threads = Swift.min(iterations, cores)
        withoutActuallyEscaping(body) { body in
            var job: ((Int) -> Void, Int) = (body, iterations)
            withUnsafeMutablePointer(to: &job) { pointer in
                if iterations == threads {
                    // The team may be smaller than asked (a call from inside a region gets one thread).
                    GOMP_parallel(
                        { raw in
                            let job = raw!.assumingMemoryBound(to: ((Int) -> Void, Int).self).pointee
                            let threads = Int(omp_get_num_threads())
                            var i = Int(omp_get_thread_num())
                            while i < job.1 {
                                job.0(i)
                                i += threads
                            }
                        }, pointer, UInt32(threads), 0)
                    return
                }
                GOMP_parallel_loop_dynamic(
                    { raw in
                        let body = raw!.assumingMemoryBound(to: ((Int) -> Void, Int).self).pointee.0
                        var start = 0
                        var end = 0
                        while GOMP_loop_dynamic_next(&start, &end) {
                            for i in start..<end { body(i) }
                        }
                        GOMP_loop_end_nowait()
                    }, pointer, UInt32(threads), 0, iterations, 1, 1, 0)
            }
        }
    }

    /// Runs `body` on the calling thread. Not inlined on purpose: the loop then exists once, in the specialized
    /// body, instead of a second time at every op's call site, which more than doubled the compile time of the
    /// Tensor module (118 s against 52 s) to save ~50 instructions per op.
    @usableFromInline @inline(never)
    static func serial<Context>(_ body: (Range<Int>, Context) -> Void, _ range: Range<Int>, _ context: Context) {
        body(range, context)
    }

    /// `forEachChunk` for bodies that capture what they use: fine for loops written in place, but a body that
    /// calls a closure parameter per element should take the context form above.
    @inlinable @inline(always)
    public static func forEachChunk(count: Int, cost: Int = 1, _ body: (Range<Int>) -> Void) {
        forEachChunk(count: count, cost: cost, context: ()) { range, _ in body(range) }
    }
}

/// Carries a value that is safe to share across the threads of one parallel loop (the caller guarantees the
/// threads touch disjoint memory) past Swift's `Sendable` checking.
public struct UnsafeSendable<Value>: @unchecked Sendable {
    public let value: Value
    @inlinable public init(_ value: Value) { self.value = value }
}
