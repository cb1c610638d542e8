/// The elementwise kernel skeletons: every unary, binary and ternary op is one of these with a closure that LLVM
/// inlines into the loop. Contiguous operands take a flat loop (vectorized); anything else walks a `StridedLoop`.
/// Large loops are split across cores by `Parallel`; the chunk bodies capture only the op's closure and take
/// pointers and strides from the context argument, so the worker threads run the inlined loop too.
enum Elementwise {
    /// Which operand's elements an op may overwrite with its result: the caller found its storage referenced by
    /// nothing else (`Tensor.isUniquelyReferenced`). The kernel does so only where that operand is dense with the
    /// result's shape and element type; otherwise it allocates as usual.
    enum Reuse { case none, first, second }

    /// `y[i] = f(x[i])` into a fresh contiguous tensor of `x`'s shape and element type `U`.
    @inline(always)
    static func unary<T: TensorElement, U: TensorElement>(
        _ x: Tensor, _: T.Type, _: U.Type, cost: Int = 1, reuse: Reuse = .none, _ f: (T) -> U
    ) -> Tensor {
        unary(x, scalar: (), T.self, U.self, cost: cost, reuse: reuse) { x, _ in f(x) }
    }

    /// `y[i] = f(x[i], s)`: a unary op with a scalar parameter (`x + s`, `x^s`).
    ///
    /// The scalar travels in the loop's context, so `f` captures nothing: a closure that captured `s` would reach
    /// the chunk bodies as a value and be called through a pointer for every element (~1.4 ns per element instead
    /// of ~0.2; see `Parallel.forEachChunk`).
    @inline(always)
    static func unary<T: TensorElement, U: TensorElement, S>(
        _ x: Tensor, scalar s: S, _: T.Type, _: U.Type, cost: Int = 1, reuse: Reuse = .none, _ f: (T, S) -> U
    ) -> Tensor {
        let xp = x.basePointer(as: T.self)
        if x.isContiguous && reuse == .first && U.self == T.self {
            // One pointer read and written: two equal pointers would fail the vectorizer's overlap check.
            Parallel.forEachChunk(count: x.count, cost: cost, context: (xp, s)) { range, p in
                let (xs, s) = p
                for i in range { xs[i] = unsafeBitCast(f(xs[i], s), to: T.self) }
            }
            return x
        }
        if x.isContiguous {
            let result = Tensor(uninitializedShape: x.shape, strides: x.strides, dtype: U.dtype)
            let yp = result.basePointer(as: U.self)
            Parallel.forEachChunk(count: result.count, cost: cost, context: (xp, s, yp)) { range, p in
                let (xs, s, ys) = p
                for i in range { ys[i] = f(xs[i], s) }
            }
            return result
        }
        let result = Tensor(
            uninitializedShape: x.shape, strides: SmallArrays.contiguousStrides(x.shape), dtype: U.dtype)
        let yp = result.basePointer(as: U.self)
        withUnsafePointer(to: StridedLoop(shape: x.shape, [.init(result), .init(x)])) { loop in
            let work = loop.pointee.walkCost(operands: 2) * cost
            Parallel.forEachChunk(count: loop.pointee.count, cost: work, context: (loop, xp, s, yp)) { range, p in
                let (loop, xp, s, yp) = p
                let sx = loop.pointee.innerStride(1)
                loop.pointee.forEachSegment(in: range) { offsets, length in
                    let ys = yp + offsets[0]
                    let xs = xp + offsets[1]
                    for i in 0..<length { ys[i] = f(xs[i &* sx], s) }
                }
            }
        }
        return result
    }

    /// `z[i] = f(a[i], b[i])` with NumPy broadcasting, into a fresh contiguous tensor.
    @inline(always)
    static func binary<T: TensorElement, U: TensorElement>(
        _ a: Tensor, _ b: Tensor, _: T.Type, _: U.Type, op: @autoclosure () -> String, cost: Int = 1,
        reuse: Reuse = .none, _ f: (T, T) -> U
    ) -> Tensor {
        precondition(a.dtype == b.dtype, "\(op()): dtypes \(a.dtype) and \(b.dtype) differ")
        let ap = a.basePointer(as: T.self)
        let bp = b.basePointer(as: T.self)
        // Fast paths: same shape and both dense (over an operand's elements when allowed), or one side a single
        // element.
        if a.shape == b.shape && a.isContiguous && b.isContiguous && reuse != .none && U.self == T.self {
            Parallel.forEachChunk(count: a.count, cost: cost, context: (ap, bp, reuse == .first)) { range, p in
                let (xs, ys, intoFirst) = p
                if intoFirst {
                    for i in range { xs[i] = unsafeBitCast(f(xs[i], ys[i]), to: T.self) }
                } else {
                    for i in range { ys[i] = unsafeBitCast(f(xs[i], ys[i]), to: T.self) }
                }
            }
            return reuse == .first ? a : b
        }
        if a.shape == b.shape && a.isContiguous && b.isContiguous {
            let result = Tensor(uninitializedShape: a.shape, strides: a.strides, dtype: U.dtype)
            let zp = result.basePointer(as: U.self)
            Parallel.forEachChunk(count: result.count, cost: cost, context: (ap, bp, zp)) { range, p in
                let (xs, ys, zs) = p
                for i in range { zs[i] = f(xs[i], ys[i]) }
            }
            return result
        }
        guard let shape = SmallArrays.broadcastShape(a.shape, b.shape) else {
            preconditionFailure("\(op()): shapes \(a.shape) and \(b.shape) do not broadcast")
        }
        if b.count == 1 && a.isContiguous && a.shape == shape {
            let result = Tensor(uninitializedShape: shape, strides: a.strides, dtype: U.dtype)
            let zp = result.basePointer(as: U.self)
            Parallel.forEachChunk(count: result.count, cost: cost, context: (ap, bp.pointee, zp)) { range, p in
                let (xs, y, zs) = p
                for i in range { zs[i] = f(xs[i], y) }
            }
            return result
        }
        if a.count == 1 && b.isContiguous && b.shape == shape {
            let result = Tensor(uninitializedShape: shape, strides: b.strides, dtype: U.dtype)
            let zp = result.basePointer(as: U.self)
            Parallel.forEachChunk(count: result.count, cost: cost, context: (ap.pointee, bp, zp)) { range, p in
                let (x, ys, zs) = p
                for i in range { zs[i] = f(x, ys[i]) }
            }
            return result
        }
        let result = freshTensor(shape: shape, like: a, b, dtype: U.dtype)
        let zp = result.basePointer(as: U.self)
        withUnsafePointer(to: StridedLoop(shape: shape, [.init(result), .init(a), .init(b)])) { loop in
            let work = loop.pointee.walkCost(operands: 3) * cost
            Parallel.forEachChunk(count: loop.pointee.count, cost: work, context: (loop, ap, bp, zp)) { range, p in
                let (loop, ap, bp, zp) = p
                let sa = loop.pointee.innerStride(1)
                let sb = loop.pointee.innerStride(2)
                loop.pointee.forEachSegment(in: range) { offsets, length in
                    let zs = zp + offsets[0]
                    let xs = ap + offsets[1]
                    let ys = bp + offsets[2]
                    if sa == 1 && sb == 1 {
                        for i in 0..<length { zs[i] = f(xs[i], ys[i]) }
                    } else if sa == 1 && sb == 0 {
                        let y = ys[0]
                        for i in 0..<length { zs[i] = f(xs[i], y) }
                    } else if sa == 0 && sb == 1 {
                        let x = xs[0]
                        for i in 0..<length { zs[i] = f(x, ys[i]) }
                    } else {
                        for i in 0..<length { zs[i] = f(xs[i &* sa], ys[i &* sb]) }
                    }
                }
            }
        }
        return result
    }

    /// `r[i] = f(c[i], a[i], b[i])` with broadcasting of all three (used by `where`).
    @inline(always)
    static func ternary<C: TensorElement, T: TensorElement>(
        _ c: Tensor, _ a: Tensor, _ b: Tensor, _: C.Type, _: T.Type, op: @autoclosure () -> String,
        _ f: (C, T, T) -> T
    ) -> Tensor {
        precondition(a.dtype == b.dtype, "\(op()): dtypes \(a.dtype) and \(b.dtype) differ")
        let cp = c.basePointer(as: C.self)
        let ap = a.basePointer(as: T.self)
        let bp = b.basePointer(as: T.self)
        if c.shape == a.shape && a.shape == b.shape && c.isContiguous && a.isContiguous && b.isContiguous {
            let result = Tensor(uninitializedShape: a.shape, strides: a.strides, dtype: T.dtype)
            let rp = result.basePointer(as: T.self)
            Parallel.forEachChunk(count: result.count, context: (cp, ap, bp, rp)) { range, p in
                let (cs, xs, ys, rs) = p
                for i in range { rs[i] = f(cs[i], xs[i], ys[i]) }
            }
            return result
        }
        guard let ab = SmallArrays.broadcastShape(a.shape, b.shape), let shape = SmallArrays.broadcastShape(c.shape, ab)
        else {
            preconditionFailure("\(op()): shapes \(c.shape), \(a.shape) and \(b.shape) do not broadcast")
        }
        let result = freshTensor(shape: shape, like: a, b, dtype: T.dtype)
        let rp = result.basePointer(as: T.self)
        withUnsafePointer(to: StridedLoop(shape: shape, [.init(result), .init(c), .init(a), .init(b)])) { loop in
            let work = loop.pointee.walkCost(operands: 4)
            Parallel.forEachChunk(count: loop.pointee.count, cost: work, context: (loop, cp, ap, bp, rp)) { range, p in
                let (loop, cp, ap, bp, rp) = p
                let sc = loop.pointee.innerStride(1)
                let sa = loop.pointee.innerStride(2)
                let sb = loop.pointee.innerStride(3)
                loop.pointee.forEachSegment(in: range) { offsets, length in
                    let rs = rp + offsets[0]
                    let cs = cp + offsets[1]
                    let xs = ap + offsets[2]
                    let ys = bp + offsets[3]
                    if sc == 1 && sa == 1 && sb == 1 {
                        for i in 0..<length { rs[i] = f(cs[i], xs[i], ys[i]) }
                    } else {
                        for i in 0..<length { rs[i] = f(cs[i &* sc], xs[i &* sa], ys[i &* sb]) }
                    }
                }
            }
        }
        return result
    }

    /// An uninitialized contiguous tensor of `shape`, sharing the shape and strides arrays of an operand that is
    /// contiguous with that very shape (each new array is a heap allocation; see `SmallArrays`).
    @inline(__always)
    private static func freshTensor(shape: [Int], like a: Tensor, _ b: Tensor, dtype: DType) -> Tensor {
        if a.shape == shape && a.isContiguous {
            return Tensor(uninitializedShape: a.shape, strides: a.strides, dtype: dtype)
        }
        if b.shape == shape && b.isContiguous {
            return Tensor(uninitializedShape: b.shape, strides: b.strides, dtype: dtype)
        }
        return Tensor(uninitializedShape: shape, strides: SmallArrays.contiguousStrides(shape), dtype: dtype)
    }
}
