import CAVX512Products

/// Matrix products on AVX-512 kernels (`CAVX512Products`): every Float64 product, split into blocks of rows (or
/// columns) over `Parallel`'s team when large, the Float32 products that run on one thread (below the threaded
/// GEMV size, and the matrices of a batch that cores take one at a time) and those with only B transposed (see
/// `Tensor.gemm`); the other large Float32 products go to oneDNN.
/// Products of matrices run on our packed GEMM (PackedGEMM.cpp), matrix-vector products on Eigen's.
///
/// Why not OpenBLAS: this machine pins `OPENBLAS_CORETYPE=Haswell`, so its kernels are AVX2, half the FMA width the
/// CPU has; and its own worker threads compete with the team for the two cores. Measured (C, same machine, median
/// of 20–400 runs): Float64 on two threads 256³ 0.145 ms (OpenBLAS on its threads 0.64, Eigen's GEMM 0.163), 1024³
/// 9.0–9.3 ms (19–26, Eigen 9.9–10.4); a 4096 × 768 matrix times a vector 0.14 ms vs 0.18, its transpose 0.16 vs
/// 0.28. Float32 on one thread: 64³ 2.2 µs (OpenBLAS 5.5, Eigen 2.9), 128³ 18 (39, 20). Splitting rows between
/// threads packs B once per thread; at these sizes that costs under 1 %. Without AVX-512 (or on another
/// architecture) `available` is false and the products stay on OpenBLAS.
enum AVX512Products {
    static let available = scigrad_avx512_available() != 0

    /// Rows (or columns) per block are a multiple of this, so that no two threads write one cache line of C.
    private static let blockAlignment = 8

    /// C ← op(A)·op(B) (+ C when `accumulating`): op(A) `[m, k]`, op(B) `[k, n]`, C `[m, n]`, all row-major with
    /// leading dimensions; op transposes a stored row-major matrix. `threaded` splits a product of at least
    /// `BLASThreads.singleThreadWork` multiply-adds over the team, along the longer side of C, or along its rows
    /// when there is `rowWork`, which each thread then does on its own rows around its block.
    static func gemm<T: FloatElement>(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<T>, lda: Int,
        b: UnsafePointer<T>, ldb: Int, c: UnsafeMutablePointer<T>, ldc: Int, accumulating: Bool, threaded: Bool,
        rowWork: ProductRowWork = ProductRowWork()
    ) {
        let splitRows = m >= n || !rowWork.isEmpty
        let parts = blocks(length: splitRows ? m : n, work: m * n * k, threaded: threaded)
        let job = UnsafeSendable((a, b, c, rowWork))
        split(parts) { part in
            let (a, b, c, rowWork) = job.value
            let range = block(part, of: parts, length: splitRows ? m : n)
            if splitRows {
                rowWork.before?(range)
                kernel(
                    transposeA, transposeB, range.count, n, k,
                    a + (transposeA ? range.lowerBound : range.lowerBound * lda), lda, b, ldb, accumulating,
                    c + range.lowerBound * ldc, ldc)
                rowWork.after?(range)
            } else {
                kernel(
                    transposeA, transposeB, m, range.count, k, a, lda,
                    b + (transposeB ? range.lowerBound * ldb : range.lowerBound), ldb, accumulating,
                    c + range.lowerBound, ldc)
            }
        }
    }

    /// y ← op(A)·x (+ y when `accumulating`): op(A) `[m, n]` (row-major with leading dimension `lda`, op
    /// transposing it), x `[n]` with elements `incx` apart, y `[m]` dense. Split over the team by rows of y.
    static func gemv<T: FloatElement>(
        transposeA: Bool, m: Int, n: Int, a: UnsafePointer<T>, lda: Int, x: UnsafePointer<T>, incx: Int,
        y: UnsafeMutablePointer<T>, accumulating: Bool, threaded: Bool
    ) {
        let parts = blocks(length: m, work: m * n, threaded: threaded)
        let job = UnsafeSendable((a, x, y))
        split(parts) { part in
            let (a, x, y) = job.value
            let rows = block(part, of: parts, length: m)
            let beta: T = accumulating ? 1 : 0
            let matrix = a + (transposeA ? rows.lowerBound : rows.lowerBound * lda)
            if T.self == Double.self {
                scigrad_eigen_dgemv(
                    transposeA ? 1 : 0, rows.count, n, rebound(matrix), lda, rebound(x), incx, Double(beta),
                    rebound(y + rows.lowerBound))
            } else {
                scigrad_eigen_sgemv(
                    transposeA ? 1 : 0, rows.count, n, rebound(matrix), lda, rebound(x), incx, Float(beta),
                    rebound(y + rows.lowerBound))
            }
        }
    }

    /// One block's GEMM on the calling thread, on the kernel of `T`.
    private static func kernel<T: FloatElement>(
        _ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<T>, _ lda: Int,
        _ b: UnsafePointer<T>, _ ldb: Int, _ accumulating: Bool, _ c: UnsafeMutablePointer<T>, _ ldc: Int
    ) {
        let beta = accumulating ? 1 : 0
        if T.self == Double.self {
            scigrad_dgemm(
                transposeA ? 1 : 0, transposeB ? 1 : 0, m, n, k, rebound(a), lda, rebound(b), ldb, Double(beta),
                rebound(c), ldc)
        } else {
            scigrad_sgemm(
                transposeA ? 1 : 0, transposeB ? 1 : 0, m, n, k, rebound(a), lda, rebound(b), ldb, Float(beta),
                rebound(c), ldc)
        }
    }

    /// `p` as a pointer to `U`, the same type as `T` (checked by the caller's branch on `T.self`).
    @inline(__always)
    private static func rebound<T, U>(_ p: UnsafePointer<T>) -> UnsafePointer<U> {
        UnsafeRawPointer(p).assumingMemoryBound(to: U.self)
    }

    @inline(__always)
    private static func rebound<T, U>(_ p: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<U> {
        UnsafeMutableRawPointer(p).assumingMemoryBound(to: U.self)
    }

    /// `body(part)` for every part, over the team when there are several.
    private static func split(_ parts: Int, _ body: (Int) -> Void) {
        if parts == 1 { body(0) } else { Parallel.perform(iterations: parts, body) }
    }

    /// How many blocks a side of `length` splits into: one per core for threaded work of at least
    /// `BLASThreads.singleThreadWork`, as long as every block gets `blockAlignment` rows.
    private static func blocks(length: Int, work: Int, threaded: Bool) -> Int {
        guard threaded, work >= BLASThreads.singleThreadWork else { return 1 }
        return Swift.max(1, Swift.min(Parallel.cores, length / blockAlignment))
    }

    /// Block `part` of `parts` over `0..<length`, its bounds multiples of `blockAlignment` (the last takes the rest).
    private static func block(_ part: Int, of parts: Int, length: Int) -> Range<Int> {
        func bound(_ i: Int) -> Int {
            i == parts ? length : length * i / parts / blockAlignment * blockAlignment
        }
        return bound(part)..<bound(part + 1)
    }
}
