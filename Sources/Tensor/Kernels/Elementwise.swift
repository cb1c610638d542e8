/// The elementwise kernel skeletons: every unary, binary and ternary op is one of these with a closure that LLVM
/// inlines into the loop. Contiguous operands take a flat loop (vectorized); anything else walks a `StridedLoop`.
/// Large loops are split across cores by `Parallel`.
enum Elementwise {
    /// `y[i] = f(x[i])` into a fresh contiguous tensor of `x`'s shape and element type `U`.
    @inline(__always)
    static func unary<T: TensorElement, U: TensorElement>(
        _ x: Tensor, _: T.Type, _: U.Type, cost: Int = 1, _ f: (T) -> U
    ) -> Tensor {
        let dense = x.isContiguous
        let result = Tensor(
            uninitializedShape: x.shape, strides: dense ? x.strides : Layout.contiguousStrides(x.shape),
            dtype: U.dtype)
        let xp = UnsafeSendable(x.basePointer(as: T.self))
        let yp = UnsafeSendable(result.basePointer(as: U.self))
        let count = x.count
        if dense {
            Parallel.forEachChunk(count: count, cost: cost) { range in
                let xs = xp.value, ys = yp.value
                for i in range { ys[i] = f(xs[i]) }
            }
        } else {
            let loop = StridedLoop(shape: x.shape, strides: [result.strides, x.strides])
            let sx = loop.innerStrides[1]
            Parallel.forEachChunk(count: count, cost: cost) { range in
                loop.forEachSegment(in: range) { offsets, length in
                    let ys = yp.value + offsets[0]
                    let xs = xp.value + offsets[1]
                    for i in 0..<length { ys[i] = f(xs[i * sx]) }
                }
            }
        }
        return result
    }

    /// `z[i] = f(a[i], b[i])` with NumPy broadcasting, into a fresh contiguous tensor.
    @inline(__always)
    static func binary<T: TensorElement, U: TensorElement>(
        _ a: Tensor, _ b: Tensor, _: T.Type, _: U.Type, op: @autoclosure () -> String, cost: Int = 1,
        _ f: (T, T) -> U
    ) -> Tensor {
        precondition(a.dtype == b.dtype, "\(op()): dtypes \(a.dtype) and \(b.dtype) differ")
        guard let shape = Layout.broadcastShape(a.shape, b.shape) else {
            preconditionFailure("\(op()): shapes \(a.shape) and \(b.shape) do not broadcast")
        }
        let ap = UnsafeSendable(a.basePointer(as: T.self))
        let bp = UnsafeSendable(b.basePointer(as: T.self))
        // Fast paths: same shape and both dense, or one side a single element.
        if a.shape == b.shape && a.isContiguous && b.isContiguous {
            let result = Tensor(uninitializedShape: shape, strides: a.strides, dtype: U.dtype)
            let zp = UnsafeSendable(result.basePointer(as: U.self))
            Parallel.forEachChunk(count: result.count, cost: cost) { range in
                let xs = ap.value, ys = bp.value, zs = zp.value
                for i in range { zs[i] = f(xs[i], ys[i]) }
            }
            return result
        }
        if b.count == 1 && a.isContiguous && a.shape == shape {
            let result = Tensor(uninitializedShape: shape, strides: a.strides, dtype: U.dtype)
            let zp = UnsafeSendable(result.basePointer(as: U.self))
            let y = bp.value.pointee
            Parallel.forEachChunk(count: result.count, cost: cost) { range in
                let xs = ap.value, zs = zp.value
                for i in range { zs[i] = f(xs[i], y) }
            }
            return result
        }
        if a.count == 1 && b.isContiguous && b.shape == shape {
            let result = Tensor(uninitializedShape: shape, strides: b.strides, dtype: U.dtype)
            let zp = UnsafeSendable(result.basePointer(as: U.self))
            let x = ap.value.pointee
            Parallel.forEachChunk(count: result.count, cost: cost) { range in
                let ys = bp.value, zs = zp.value
                for i in range { zs[i] = f(x, ys[i]) }
            }
            return result
        }
        let result = Tensor(uninitializedShape: shape, dtype: U.dtype)
        let zp = UnsafeSendable(result.basePointer(as: U.self))
        let loop = StridedLoop(
            shape: shape,
            strides: [
                result.strides,
                Layout.broadcastStrides(shape: a.shape, strides: a.strides, to: shape),
                Layout.broadcastStrides(shape: b.shape, strides: b.strides, to: shape),
            ])
        let sa = loop.innerStrides[1], sb = loop.innerStrides[2]
        Parallel.forEachChunk(count: result.count, cost: cost) { range in
            loop.forEachSegment(in: range) { offsets, length in
                let zs = zp.value + offsets[0]
                let xs = ap.value + offsets[1]
                let ys = bp.value + offsets[2]
                if sa == 1 && sb == 1 {
                    for i in 0..<length { zs[i] = f(xs[i], ys[i]) }
                } else if sa == 1 && sb == 0 {
                    let y = ys[0]
                    for i in 0..<length { zs[i] = f(xs[i], y) }
                } else if sa == 0 && sb == 1 {
                    let x = xs[0]
                    for i in 0..<length { zs[i] = f(x, ys[i]) }
                } else {
                    for i in 0..<length { zs[i] = f(xs[i * sa], ys[i * sb]) }
                }
            }
        }
        return result
    }

    /// `r[i] = f(c[i], a[i], b[i])` with broadcasting of all three (used by `where`).
    @inline(__always)
    static func ternary<C: TensorElement, T: TensorElement>(
        _ c: Tensor, _ a: Tensor, _ b: Tensor, _: C.Type, _: T.Type, op: @autoclosure () -> String,
        _ f: (C, T, T) -> T
    ) -> Tensor {
        precondition(a.dtype == b.dtype, "\(op()): dtypes \(a.dtype) and \(b.dtype) differ")
        guard let ab = Layout.broadcastShape(a.shape, b.shape), let shape = Layout.broadcastShape(c.shape, ab) else {
            preconditionFailure("\(op()): shapes \(c.shape), \(a.shape) and \(b.shape) do not broadcast")
        }
        let result = Tensor(uninitializedShape: shape, dtype: T.dtype)
        let rp = UnsafeSendable(result.basePointer(as: T.self))
        let cp = UnsafeSendable(c.basePointer(as: C.self))
        let ap = UnsafeSendable(a.basePointer(as: T.self))
        let bp = UnsafeSendable(b.basePointer(as: T.self))
        let loop = StridedLoop(
            shape: shape,
            strides: [
                result.strides,
                Layout.broadcastStrides(shape: c.shape, strides: c.strides, to: shape),
                Layout.broadcastStrides(shape: a.shape, strides: a.strides, to: shape),
                Layout.broadcastStrides(shape: b.shape, strides: b.strides, to: shape),
            ])
        let sc = loop.innerStrides[1], sa = loop.innerStrides[2], sb = loop.innerStrides[3]
        Parallel.forEachChunk(count: result.count) { range in
            loop.forEachSegment(in: range) { offsets, length in
                let rs = rp.value + offsets[0]
                let cs = cp.value + offsets[1]
                let xs = ap.value + offsets[2]
                let ys = bp.value + offsets[3]
                for i in 0..<length { rs[i] = f(cs[i * sc], xs[i * sa], ys[i * sb]) }
            }
        }
        return result
    }
}
