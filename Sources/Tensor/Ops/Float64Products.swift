import CEigenProducts

/// Float64 matrix products on Eigen's AVX-512 kernels (`CEigenProducts`), a large product split into blocks of
/// rows (or columns) over `Parallel`'s team, the threads every elementwise kernel runs on.
///
/// Why not OpenBLAS: this machine pins `OPENBLAS_CORETYPE=Haswell`, so its dgemm and dgemv run AVX2 kernels, half
/// the FMA width the CPU has; and its own worker threads compete with the team for the two cores. Measured (C, same
/// machine, two threads, median of 50): 256³ 0.17 ms vs 0.64 (OpenBLAS on its threads), 512³ 1.28 vs 2.8,
/// 1024³ 10.8 vs 19–26, 2048³ 98 vs 150; a 4096 × 768 matrix times a vector 0.14 ms vs 0.18, its transpose 0.16
/// vs 0.28. Splitting rows between threads packs B once per thread; at these sizes that costs under 1 %.
/// Without AVX-512 (or on another architecture) `available` is false and the products stay on OpenBLAS.
enum Float64Products {
    static let available = scigrad_eigen_products_available() != 0

    /// Rows (or columns) per block are a multiple of this, so that no two threads write one cache line of C.
    private static let blockAlignment = 8

    /// C ← op(A)·op(B) (+ C when `accumulating`): op(A) `[m, k]`, op(B) `[k, n]`, C `[m, n]`, all row-major with
    /// leading dimensions; op transposes a stored row-major matrix. `threaded` splits a product of at least
    /// `BLASThreads.singleThreadWork` multiply-adds over the team, along the longer side of C.
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int, c: UnsafeMutablePointer<Double>, ldc: Int, accumulating: Bool,
        threaded: Bool
    ) {
        let beta: Double = accumulating ? 1 : 0
        let splitRows = m >= n
        let parts = blocks(length: splitRows ? m : n, work: m * n * k, threaded: threaded)
        let job = UnsafeSendable((a, b, c))
        split(parts) { part in
            let (a, b, c) = job.value
            let range = block(part, of: parts, length: splitRows ? m : n)
            if splitRows {
                scigrad_eigen_dgemm(
                    transposeA ? 1 : 0, transposeB ? 1 : 0, range.count, n, k,
                    a + (transposeA ? range.lowerBound : range.lowerBound * lda), lda, b, ldb, beta,
                    c + range.lowerBound * ldc, ldc)
            } else {
                scigrad_eigen_dgemm(
                    transposeA ? 1 : 0, transposeB ? 1 : 0, m, range.count, k, a, lda,
                    b + (transposeB ? range.lowerBound * ldb : range.lowerBound), ldb, beta,
                    c + range.lowerBound, ldc)
            }
        }
    }

    /// y ← op(A)·x (+ y when `accumulating`): op(A) `[m, n]` (row-major with leading dimension `lda`, op
    /// transposing it), x `[n]` with elements `incx` apart, y `[m]` dense. Split over the team by rows of y.
    static func gemv(
        transposeA: Bool, m: Int, n: Int, a: UnsafePointer<Double>, lda: Int, x: UnsafePointer<Double>, incx: Int,
        y: UnsafeMutablePointer<Double>, accumulating: Bool, threaded: Bool
    ) {
        let beta: Double = accumulating ? 1 : 0
        let parts = blocks(length: m, work: m * n, threaded: threaded)
        let job = UnsafeSendable((a, x, y))
        split(parts) { part in
            let (a, x, y) = job.value
            let rows = block(part, of: parts, length: m)
            scigrad_eigen_dgemv(
                transposeA ? 1 : 0, rows.count, n, a + (transposeA ? rows.lowerBound : rows.lowerBound * lda), lda,
                x, incx, beta, y + rows.lowerBound)
        }
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
