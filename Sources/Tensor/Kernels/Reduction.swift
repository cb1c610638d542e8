/// The reduction kernel skeleton: fold the elements of `x` along some axes into a fresh tensor.
enum Reduction {
    /// `out[kept] = combine(identity, x[kept, reduced…])` over the reduced `axes` (sorted, unique, resolved).
    ///
    /// The walk follows the input's memory order, so a reduction over a contiguous axis becomes a run of
    /// multi-accumulator folds and a reduction over an outer axis becomes vector updates of the output rows.
    @inline(__always)
    static func fold<T: TensorElement>(
        _ x: Tensor, axes: [Int], _: T.Type, identity: T, cost: Int = 1, _ combine: (T, T) -> T
    ) -> Tensor {
        fold(x, axes: axes, T.self, accumulating: T.self, identity: identity, cost: cost, combine, merge: combine)
    }

    /// `fold` with accumulators (and result elements) of type `A`: `combine` adds an element to an accumulator,
    /// `merge` joins two accumulators. A float32 sum accumulates in `Double`, so that it does not drift by percents
    /// over millions of elements.
    @inline(__always)
    static func fold<T: TensorElement, A: TensorElement>(
        _ x: Tensor, axes: [Int], _: T.Type, accumulating _: A.Type, identity: A, cost: Int = 1,
        _ combine: (A, T) -> A, merge: (A, A) -> A
    ) -> Tensor {
        var outShape = x.shape
        for axis in axes { outShape[axis] = 1 }
        let result = Tensor(uninitializedShape: outShape, dtype: A.dtype)
        let outCount = result.count
        result.basePointer(as: A.self).initialize(repeating: identity, count: outCount)
        if x.count == 0 { return result }
        var outStrides = result.strides
        for axis in axes { outStrides[axis] = 0 }
        // Walk in the input's memory order (largest stride outermost).
        let order = (0..<x.rank).sorted { Swift.abs(x.strides[$0]) > Swift.abs(x.strides[$1]) }
        let loop = StridedLoop(
            shape: order.map { x.shape[$0] },
            strides: [order.map { outStrides[$0] }, order.map { x.strides[$0] }])
        let op = UnsafeSendable(result.basePointer(as: A.self))
        let xp = UnsafeSendable(x.basePointer(as: T.self))
        let so = loop.innerStrides[0], sx = loop.innerStrides[1]

        @inline(__always) func run(_ range: Range<Int>, into out: UnsafeMutablePointer<A>) {
            loop.forEachSegment(in: range) { offsets, length in
                let o = out + offsets[0]
                let xs = xp.value + offsets[1]
                if so == 0 {
                    o[0] = merge(o[0], foldRun(xs, length, sx, identity, combine, merge))
                } else if so == 1 && sx == 1 {
                    for i in 0..<length { o[i] = combine(o[i], xs[i]) }
                } else {
                    for i in 0..<length { o[i * so] = combine(o[i * so], xs[i * sx]) }
                }
            }
        }

        let total = loop.count
        if outCount == 1 && total * cost >= Parallel.threshold {
            // Full reduction: one partial per core, combined at the end.
            let chunks = Parallel.cores
            let partials = UnsafeMutablePointer<A>.allocate(capacity: chunks)
            partials.initialize(repeating: identity, count: chunks)
            let pp = UnsafeSendable(partials)
            withoutActuallyEscaping(run) { run in
                let body = UnsafeSendable(run)
                Parallel.forEachChunk(count: chunks, cost: Parallel.threshold) { range in
                    for c in range { body.value(total * c / chunks..<total * (c + 1) / chunks, pp.value + c) }
                }
            }
            for c in 0..<chunks { op.value[0] = merge(op.value[0], partials[c]) }
            partials.deallocate()
        } else if outCount > 1 && loop.stride(0, 0) != 0 && loop.rank > 1 {
            // The outermost walked axis is kept: chunks along it write disjoint outputs.
            let outer = loop.size(0), block = total / outer
            Parallel.forEachChunk(count: outer, cost: block * cost) { rows in
                run(rows.lowerBound * block..<rows.upperBound * block, into: op.value)
            }
        } else {
            run(0..<total, into: op.value)
        }
        return result
    }

    /// `combine` folded over `n` elements at stride `s`, with eight independent accumulators when contiguous.
    @inline(__always)
    static func foldRun<T, A>(
        _ x: UnsafeMutablePointer<T>, _ n: Int, _ s: Int, _ identity: A, _ combine: (A, T) -> A,
        _ merge: (A, A) -> A
    ) -> A {
        if s != 1 || n < 16 {
            var acc = identity
            for i in 0..<n { acc = combine(acc, x[i * s]) }
            return acc
        }
        var a0 = identity, a1 = identity, a2 = identity, a3 = identity
        var a4 = identity, a5 = identity, a6 = identity, a7 = identity
        var i = 0
        while i + 8 <= n {
            a0 = combine(a0, x[i]); a1 = combine(a1, x[i + 1]); a2 = combine(a2, x[i + 2]); a3 = combine(a3, x[i + 3])
            a4 = combine(a4, x[i + 4]); a5 = combine(a5, x[i + 5]); a6 = combine(a6, x[i + 6]); a7 = combine(a7, x[i + 7])
            i += 8
        }
        while i < n {
            a0 = combine(a0, x[i])
            i += 1
        }
        return merge(merge(merge(a0, a1), merge(a2, a3)), merge(merge(a4, a5), merge(a6, a7)))
    }
}
