import CDNNL
import COpenBLAS

extension Tensor {
    /// Matrix product with NumPy's `matmul` rules, on BLAS (`?gemm`, `?gemv`, `?dot`).
    ///
    /// - 1-D · 1-D: the dot product (a scalar).
    /// - 2-D · 2-D: `[m, k] · [k, n] → [m, n]`.
    /// - 1-D operands are promoted to a row (left) or a column (right) and the added axis removed afterwards.
    /// - N-D: the last two axes are matrices, the leading axes broadcast (`[b, m, k] · [k, n] → [b, m, n]`).
    ///
    /// Operands whose matrices are row-major or column-major in memory (e.g. transposed views) go to BLAS as they
    /// are, with the transpose flag set from their strides; only other layouts are copied.
    public func matmul(_ other: Tensor) -> Tensor {
        let a = self
        let b = other
        precondition(
            a.dtype == b.dtype && a.dtype.isFloatingPoint,
            "matmul: \(a.shape) × \(b.shape): needs two tensors of one floating dtype, got \(a.dtype) and \(b.dtype)")
        precondition(a.rank >= 1 && b.rank >= 1, "matmul: \(a.shape) × \(b.shape): scalars are not matrices")
        let ka = a.shape[a.rank - 1]
        let kb = b.rank == 1 ? b.shape[0] : b.shape[b.rank - 2]
        precondition(ka == kb, "matmul: \(a.shape) × \(b.shape): inner dimensions \(ka) and \(kb) differ")
        if a.rank == 1 && b.rank == 1 { return Tensor.dot(a, b) }
        if a.rank == 2 && b.rank == 1 { return Tensor.gemv(a, b) }
        if a.rank == 1 && b.rank == 2 { return Tensor.gemv(b.transposed(), a) }
        let a2 = a.rank == 1 ? a.unsqueezed(axis: 0) : a
        let b2 = b.rank == 1 ? b.unsqueezed(axis: 1) : b
        var result = Tensor.batchedGemm(a2, b2)
        if a.rank == 1 { result = result.squeezed(axis: -2) }
        if b.rank == 1 { result = result.squeezed(axis: -1) }
        return result
    }

    /// `self · other + addend`: `matmul(_:)` with `addend` (broadcast to the product's shape) added as BLAS
    /// accumulates, `C ← A·B + C` with C starting as `addend`, so no separate pass adds it (PyTorch's `addmm` and
    /// `baddbmm`; `Linear`'s bias). Operands of rank ≥ 2 with an addend that broadcasts to their product take this
    /// path; other ranks, or an addend that would enlarge the product, compute `matmul(other) + addend`.
    ///
    /// `then: f` returns `f(self · other + addend)` (a layer's activation): on the path above, each thread copies
    /// the addend into its own rows of the result, multiplies, and applies `f` to those rows in place, so the
    /// result is written once and read by no other core (`ProductRowWork`).
    public func matmul(_ other: Tensor, adding addend: Tensor, then function: UnaryFunction? = nil) -> Tensor {
        precondition(
            addend.dtype == dtype,
            "matmul(adding:): \(shape) × \(other.shape) + \(addend.shape): the addend is \(addend.dtype), the "
                + "operands \(dtype)")
        guard rank >= 2, other.rank >= 2, dtype == other.dtype, shape.last == other.shape[other.rank - 2],
            let batch = Layout.broadcastShape(Array(shape.dropLast(2)), Array(other.shape.dropLast(2))),
            Layout.broadcastShape(addend.shape, batch + [shape[rank - 2], other.shape[other.rank - 1]])
                == batch + [shape[rank - 2], other.shape[other.rank - 1]]
        else {
            let sum = matmul(other) + addend
            return function.map { sum.applying($0) } ?? sum
        }
        return Tensor.batchedGemm(self, other, onto: addend, then: function)
    }

    /// BLAS view of an `r × c` matrix with strides (`rs`, `cs`): (transposed?, leading dimension), or nil if it
    /// needs a copy first.
    static func blasLayout(rows: Int, columns: Int, rowStride rs: Int, columnStride cs: Int) -> (Bool, Int)? {
        if (cs == 1 || columns == 1) && (rows == 1 || rs >= Swift.max(1, columns)) {
            return (false, rows == 1 ? Swift.max(1, columns) : rs)
        }
        if (rs == 1 || rows == 1) && (columns == 1 || cs >= Swift.max(1, rows)) {
            return (true, columns == 1 ? Swift.max(1, rows) : cs)
        }
        return nil
    }

    private static func dot(_ a: Tensor, _ b: Tensor) -> Tensor {
        let n = a.shape[0]
        let x = a.strides[0] > 0 ? a : a.copied()
        let y = b.strides[0] > 0 ? b : b.copied()
        let incx = Int32(Swift.max(1, x.strides[0]))
        let incy = Int32(Swift.max(1, y.strides[0]))
        switch a.dtype {
        case .float32:
            let v = cblas_sdot(Int32(n), x.basePointer(as: Float.self), incx, y.basePointer(as: Float.self), incy)
            return Tensor(scalar: v)
        default:
            let v = cblas_ddot(Int32(n), x.basePointer(as: Double.self), incx, y.basePointer(as: Double.self), incy)
            return Tensor(scalar: v)
        }
    }

    /// `[m, k] · [k] → [m]`.
    private static func gemv(_ a: Tensor, _ x: Tensor) -> Tensor {
        let result = Tensor(uninitializedShape: [a.shape[0]], dtype: a.dtype)
        gemv(a, x, into: result.basePointer(as: UInt8.self))
        return result
    }

    /// `y = A · x` for a 2-D `a` (`m × k`) and a 1-D `x` (`k`) into dense memory at `target` (`m` elements).
    ///
    /// Matrix-vector products go to `?gemv`, never to `?gemm`: GEMM packs (copies) both operands before it
    /// multiplies, which for a vector costs as much as the product itself.
    /// `accumulating` adds the product to what `target` holds (`y ← A·x + y`).
    private static func gemv(
        _ a: Tensor, _ x: Tensor, into target: UnsafeMutablePointer<UInt8>, threaded: Bool = true,
        accumulating: Bool = false
    ) {
        let m = a.shape[0]
        let k = a.shape[1]
        if m == 0 { return }
        if k == 0 {
            if !accumulating { target.initialize(repeating: 0, count: m * a.dtype.byteSize) }
            return
        }
        var matrix = a
        var layout = blasLayout(rows: m, columns: k, rowStride: a.strides[0], columnStride: a.strides[1])
        if layout == nil {
            matrix = a.copied()
            layout = (false, Swift.max(1, k))
        }
        // BLAS rejects increments ≤ 0 (a broadcast vector has stride 0): such vectors are copied first.
        let vector = x.strides[0] > 0 || k == 1 ? x : x.copied()
        let inc = Int32(Swift.max(1, vector.strides[0]))
        let (transposed, ld) = layout!
        // Row-major A: NoTrans; a column-major A is the row-major transpose of Aᵀ (k × m).
        let trans = transposed ? CblasTrans : CblasNoTrans
        let rows = Int32(transposed ? k : m)
        let cols = Int32(transposed ? m : k)
        func onAVX512<T: FloatElement>(_: T.Type, threaded: Bool) {
            AVX512Products.gemv(
                transposeA: transposed, m: m, n: k, a: matrix.basePointer(as: T.self), lda: ld,
                x: vector.basePointer(as: T.self), incx: Int(inc),
                y: UnsafeMutableRawPointer(target).assumingMemoryBound(to: T.self), accumulating: accumulating,
                threaded: threaded)
        }
        switch a.dtype {
        case .float32 where AVX512Products.available:
            // Eigen's kernel, split by rows of y over the team: against oneDNN's sgemm with one column,
            // logreg.gd100.f32 18.8 → 17.1 ms (median of six alternating runs, faster in five).
            onAVX512(Float.self, threaded: threaded)
        case .float32 where threaded && m * k >= BLASThreads.singleThreadWork:
            // Without AVX-512, oneDNN's sgemm with one column: its kernels stream A on all cores (OpenBLAS's
            // sgemv here runs its AVX2 kernel on the threads of the other pool).
            let status = dnnl_sgemm(
                CChar(UInt8(ascii: transposed ? "T" : "N")), CChar(UInt8(ascii: "N")), Int64(m), 1, Int64(k), 1,
                matrix.basePointer(as: Float.self), Int64(ld), vector.basePointer(as: Float.self), Int64(inc),
                accumulating ? 1 : 0, UnsafeMutableRawPointer(target).assumingMemoryBound(to: Float.self), 1)
            precondition(
                status == dnnl_success, "matmul: oneDNN sgemm failed (status \(status)) on [\(m), \(k)] · [\(k)]")
        case .float32:
            if threaded { BLASThreads.prepare(work: m * k) }
            cblas_sgemv(
                CblasRowMajor, trans, rows, cols, 1, matrix.basePointer(as: Float.self), Int32(ld),
                vector.basePointer(as: Float.self), inc, accumulating ? 1 : 0,
                UnsafeMutableRawPointer(target).assumingMemoryBound(to: Float.self), 1)
        case .float64 where AVX512Products.available:
            onAVX512(Double.self, threaded: threaded)
        default:
            if threaded { BLASThreads.prepare(work: m * k) }
            cblas_dgemv(
                CblasRowMajor, trans, rows, cols, 1, matrix.basePointer(as: Double.self), Int32(ld),
                vector.basePointer(as: Double.self), inc, accumulating ? 1 : 0,
                UnsafeMutableRawPointer(target).assumingMemoryBound(to: Double.self), 1)
        }
    }

    /// `[…, m, k] · […, k, n] → […, m, n]` with broadcast batch axes, plus `addend` (broadcast to that shape) when
    /// one is given: the result starts as a dense copy of it and every product accumulates onto it; then
    /// `function`, when given, over the result.
    private static func batchedGemm(
        _ a: Tensor, _ b: Tensor, onto addend: Tensor? = nil, then function: UnaryFunction? = nil
    ) -> Tensor {
        let m = a.shape[a.rank - 2]
        let k = a.shape[a.rank - 1]
        let n = b.shape[b.rank - 1]
        let batchA = Array(a.shape.dropLast(2))
        let batchB = Array(b.shape.dropLast(2))
        guard let batch = Layout.broadcastShape(batchA, batchB) else {
            preconditionFailure(
                "matmul: \(a.shape) × \(b.shape): batch dimensions \(batchA) and \(batchB) do not broadcast")
        }
        let batchCount = batch.reduce(1, *)
        let result = Tensor(uninitializedShape: batch + [m, n], dtype: a.dtype)
        if result.count == 0 { return result }
        let accumulating = addend != nil
        let addendFull = addend?.expanded(to: batch + [m, n])
        if k == 0 {
            let base = addendFull.map { $0.copied() } ?? Tensor.zeros(batch + [m, n], dtype: a.dtype)
            return function.map { base.applying($0) } ?? base
        }
        // One GEMM when B is a single matrix and A's batch folds into its rows (or there is no batch): the addend
        // and `function` then run on the rows of each thread's block (`ProductRowWork`).
        if batchB.reduce(1, *) == 1, batchCount > 1 || m * n * k > smallProductWork,
            let rowStrides = Tensor.viewStrides(shape: a.shape, strides: a.strides, newShape: [batchCount * m, k])
        {
            let rows = batchCount * m
            let folded = a.view(shape: [rows, k], strides: rowStrides)
            let bMatrix = b.view(shape: [k, n], strides: Array(b.strides.suffix(2)))
            let flat = result.view(shape: [rows, n], strides: [n, 1])
            var rowWork = ProductRowWork()
            if let addendFull {
                if let strides = Tensor.viewStrides(
                    shape: addendFull.shape, strides: addendFull.strides, newShape: [rows, n])
                {
                    let flatAddend = addendFull.view(shape: [rows, n], strides: strides)
                    rowWork.before = { range in
                        StridedCopy.copy(
                            flatAddend.narrowed(axis: 0, start: range.lowerBound, length: range.count),
                            into: flat.narrowed(axis: 0, start: range.lowerBound, length: range.count))
                    }
                } else {
                    StridedCopy.copy(addendFull, into: result)
                }
            }
            if let function {
                rowWork.after = { range in
                    applyInPlace(function, to: flat.narrowed(axis: 0, start: range.lowerBound, length: range.count))
                }
            }
            gemm(
                folded, bMatrix, into: result.basePointer(as: UInt8.self), rows: rows, accumulating: accumulating,
                rowWork: rowWork)
            return result
        }
        if let addendFull { StridedCopy.copy(addendFull, into: result) }
        batchedProducts(a, b, batch: batch, into: result, accumulating: accumulating)
        if let function { applyInPlace(function, to: result) }
        return result
    }

    /// `function` over a dense tensor, written over its elements.
    private static func applyInPlace(_ function: UnaryFunction, to x: Tensor) {
        switch x.dtype {
        case .float32: _ = apply(function, to: x, reuse: .first, Float.self)
        default: _ = apply(function, to: x, reuse: .first, Double.self)
        }
    }

    /// The products of `batchedGemm` that do not fold into one: matrix i of `result` (`[*batch, m, n]`, dense)
    /// ← A_i·B_i (+ what it holds when `accumulating`).
    private static func batchedProducts(
        _ a: Tensor, _ b: Tensor, batch: [Int], into result: Tensor, accumulating: Bool
    ) {
        let m = a.shape[a.rank - 2]
        let k = a.shape[a.rank - 1]
        let n = b.shape[b.rank - 1]
        let batchCount = batch.reduce(1, *)
        // Matrix i of each operand is a view at its batch offset: strided batches (per-head slices, broadcast
        // operands) are never copied.
        let aFull = a.expanded(to: batch + [m, k])
        let bFull = b.expanded(to: batch + [k, n])
        let offsetsA = batchOffsets(aFull, batch: batch)
        let offsetsB = batchOffsets(bFull, batch: batch)
        if m * n * k <= smallProductWork {
            switch a.dtype {
            case .float32:
                smallProducts(aFull, offsetsA, bFull, offsetsB, into: result, accumulating: accumulating, Float.self)
            default:
                smallProducts(aFull, offsetsA, bFull, offsetsB, into: result, accumulating: accumulating, Double.self)
            }
            return
        }
        let stridesA = Array(aFull.strides.suffix(2))
        let stridesB = Array(bFull.strides.suffix(2))
        let product = { (i: Int, threaded: Bool) in
            gemm(
                aFull.view(shape: [m, k], strides: stridesA, offset: offsetsA[i]),
                bFull.view(shape: [k, n], strides: stridesB, offset: offsetsB[i]),
                into: result.basePointer(as: UInt8.self) + i * m * n * a.dtype.byteSize, rows: m, threaded: threaded,
                accumulating: accumulating)
        }
        if batchCount >= 2 * Parallel.cores {
            // Many products: whole matrices per core, each on one BLAS thread. OpenBLAS's own threads, woken and
            // joined for every product, spend their time spinning (sched_yield) on a busy machine.
            BLASThreads.prepare(work: 0)
            Parallel.forEachChunk(count: batchCount, cost: m * n * k, context: UnsafeSendable(product)) {
                range, context in
                for i in range { context.value(i, false) }
            }
        } else {
            for i in 0..<batchCount { product(i, true) }
        }
    }

    /// Multiply-adds per matrix up to which a batch of products runs as direct loops instead of one BLAS call per
    /// matrix: a call costs about a microsecond (dispatch and packing), more than such a product itself.
    static let smallProductWork = 4096

    /// Columns of C from which `smallProducts` accumulates rows of B instead of summing dot products.
    static let narrowRow = 8

    /// The storage offset of matrix i of `x` (`[*batch, r, c]`, batch axes possibly of stride 0), row-major in i.
    private static func batchOffsets(_ x: Tensor, batch: [Int]) -> [Int] {
        var offsets = [x.offset]
        for (axis, size) in batch.enumerated().reversed() {
            let stride = x.strides[axis]
            let inner = offsets
            offsets = []
            offsets.reserveCapacity(inner.count * size)
            for j in 0..<size { for o in inner { offsets.append(o + j * stride) } }
        }
        return offsets
    }

    /// C_i = A_i·B_i (or C_i + A_i·B_i when `accumulating`) for every matrix i of the batch by loops over the
    /// strided operands, the batch split across cores. Rows of C at least `narrowRow` wide accumulate rows of B
    /// (which vectorizes when B's rows are dense); narrower ones are dot products summed in a register, since
    /// adding k rows into the same two or four elements of memory waits on each store (perf, lsm.darcy32.train, whose
    /// attention multiplies [4 × 16]·[16 × 2] per head: 57 % of this function's samples on two scalar stores).
    private static func smallProducts<T: FloatElement>(
        _ a: Tensor, _ offsetsA: [Int], _ b: Tensor, _ offsetsB: [Int], into result: Tensor, accumulating: Bool,
        _: T.Type
    ) {
        let (m, k, n) = (a.shape[a.rank - 2], a.shape[a.rank - 1], b.shape[b.rank - 1])
        let (ar, ac) = (a.strides[a.rank - 2], a.strides[a.rank - 1])
        let (br, bc) = (b.strides[b.rank - 2], b.strides[b.rank - 1])
        let pa = a.storage.data.assumingMemoryBound(to: T.self)
        let pb = b.storage.data.assumingMemoryBound(to: T.self)
        let context = UnsafeSendable((pa, pb, result.basePointer(as: T.self), offsetsA, offsetsB))
        Parallel.forEachChunk(count: offsetsA.count, cost: m * n * k, context: context) { range, context in
            let (pa, pb, pc, offsetsA, offsetsB) = context.value
            // Wrapping index arithmetic (every index is in bounds): with overflow checks, 14 % of this loop's
            // samples in lsm.darcy32.train fell on their branches alone.
            for i in range {
                let left = pa + offsetsA[i]
                let right = pb + offsetsB[i]
                let target = pc + i &* m &* n
                for r in 0..<m {
                    let row = target + r &* n
                    let leftRow = left + r &* ar
                    if n < narrowRow {
                        for c in 0..<n {
                            var sum: T = accumulating ? row[c] : 0
                            let column = right + c &* bc
                            for p in 0..<k { sum += leftRow[p &* ac] * column[p &* br] }
                            row[c] = sum
                        }
                        continue
                    }
                    if !accumulating { for c in 0..<n { row[c] = 0 } }
                    for p in 0..<k {
                        let factor = leftRow[p &* ac]
                        let source = right + p &* br
                        if bc == 1 {
                            for c in 0..<n { row[c] += factor * source[c] }
                        } else {
                            for c in 0..<n { row[c] += factor * source[c &* bc] }
                        }
                    }
                }
            }
        }
    }

    /// `C = A · B` for 2-D `a` (`rows × k`) and `b` (`k × n`) into dense row-major memory at `target`.
    /// A product with one column (`n = 1`) or one row (`m = 1`) is a matrix-vector product and goes to `gemv`.
    /// `threaded: false` leaves OpenBLAS's thread count alone (the caller set it to one and runs products in
    /// parallel itself); `accumulating` adds the product to what `target` holds (`C ← A·B + C`). `rowWork` runs
    /// around the product: on each thread's rows where our AVX-512 GEMM splits it, over all rows elsewhere.
    private static func gemm(
        _ a: Tensor, _ b: Tensor, into target: UnsafeMutablePointer<UInt8>, rows m: Int, threaded: Bool = true,
        accumulating: Bool = false, rowWork: ProductRowWork = ProductRowWork()
    ) {
        let k = a.shape[1]
        let n = b.shape[1]
        if n == 1 || m == 1 {
            rowWork.before?(0..<m)
            if n == 1 {
                gemv(a, b.selected(axis: 1, index: 0), into: target, threaded: threaded, accumulating: accumulating)
            } else {
                gemv(
                    b.transposed(), a.selected(axis: 0, index: 0), into: target, threaded: threaded,
                    accumulating: accumulating)
            }
            rowWork.after?(0..<m)
            return
        }
        var left = a
        var right = b
        var la = blasLayout(rows: m, columns: k, rowStride: a.strides[0], columnStride: a.strides[1])
        if la == nil {
            left = a.copied()
            la = (false, Swift.max(1, k))
        }
        var lb = blasLayout(rows: k, columns: n, rowStride: b.strides[0], columnStride: b.strides[1])
        if lb == nil {
            right = b.copied()
            lb = (false, Swift.max(1, n))
        }
        let (ta, lda) = la!
        let (tb, ldb) = lb!
        let transA = ta ? CblasTrans : CblasNoTrans
        let transB = tb ? CblasTrans : CblasNoTrans
        func onAVX512<T: FloatElement>(_: T.Type, threaded: Bool) {
            AVX512Products.gemm(
                transposeA: ta, transposeB: tb, m: m, n: n, k: k, a: left.basePointer(as: T.self), lda: lda,
                b: right.basePointer(as: T.self), ldb: ldb,
                c: UnsafeMutableRawPointer(target).assumingMemoryBound(to: T.self), ldc: Swift.max(1, n),
                accumulating: accumulating, threaded: threaded, rowWork: rowWork)
        }
        // Float32 with B transposed (a Linear layer's x·Wᵀ) runs on our packed GEMM, which packs a transposed B
        // through register transposes, rather than on oneDNN's. Measured (C, two threads, calls alternating, median
        // of 300): 256×784 · (512×784)ᵀ 1.08× oneDNN's speed, 256×512 · (512×512)ᵀ 1.26×, 4096×64 · (64×64)ᵀ
        // 1.26×, 64³ 1.34×; with fewer than 32 columns or a depth under 4 oneDNN's is faster (n = 16: 0.78×,
        // k = 2: 0.91×), and untransposed B measured even (0.91–1.14×).
        let transposedOnAVX512 = AVX512Products.available && tb && !ta && n >= 32 && k >= 4
        let onOurGEMM = AVX512Products.available && (a.dtype == .float64 || !threaded || transposedOnAVX512)
        if !onOurGEMM { rowWork.before?(0..<m) }
        defer { if !onOurGEMM { rowWork.after?(0..<m) } }
        switch a.dtype {
        case .float32 where threaded && !transposedOnAVX512:
            // oneDNN's sgemm: AVX-512 kernels where the CPU has them (chosen at run time), on its OpenMP threads.
            let status = dnnl_sgemm(
                CChar(UInt8(ascii: ta ? "T" : "N")), CChar(UInt8(ascii: tb ? "T" : "N")), Int64(m), Int64(n), Int64(k),
                1, left.basePointer(as: Float.self), Int64(lda), right.basePointer(as: Float.self), Int64(ldb),
                accumulating ? 1 : 0, UnsafeMutableRawPointer(target).assumingMemoryBound(to: Float.self),
                Int64(Swift.max(1, n)))
            precondition(
                status == dnnl_success, "matmul: oneDNN sgemm failed (status \(status)) on [\(m), \(k)] · [\(k), \(n)]")
        case .float32 where AVX512Products.available:
            onAVX512(Float.self, threaded: threaded)
        case .float32:
            cblas_sgemm(
                CblasRowMajor, transA, transB, Int32(m), Int32(n), Int32(k), 1, left.basePointer(as: Float.self),
                Int32(lda), right.basePointer(as: Float.self), Int32(ldb), accumulating ? 1 : 0,
                UnsafeMutableRawPointer(target).assumingMemoryBound(to: Float.self), Int32(Swift.max(1, n)))
        case .float64 where AVX512Products.available:
            onAVX512(Double.self, threaded: threaded)
        default:
            if threaded { BLASThreads.prepare(work: m * n * k) }
            cblas_dgemm(
                CblasRowMajor, transA, transB, Int32(m), Int32(n), Int32(k), 1, left.basePointer(as: Double.self),
                Int32(lda), right.basePointer(as: Double.self), Int32(ldb), accumulating ? 1 : 0,
                UnsafeMutableRawPointer(target).assumingMemoryBound(to: Double.self), Int32(Swift.max(1, n)))
        }
    }
}
