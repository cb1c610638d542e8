extension Tensor {
    /// softmax along `axis`: y = exp(x − m) / Σ exp(x − m), m the maximum of x's slice along the axis (so large
    /// inputs do not overflow); every slice sums to one. A slice holding +∞, NaN, or only −∞ gives NaN, as in
    /// PyTorch.
    ///
    /// One fused kernel per row (maximum, exponentials, sum, scaling) over the rows of a contiguous copy with the
    /// axis last; the result has the input's shape (a permuted view when the axis is not the last).
    public func softmax(axis: Int = -1) -> Tensor {
        precondition(dtype.isFloatingPoint, "softmax: needs a floating tensor, got \(dtype) \(shape)")
        let axis = Layout.normalizeAxis(axis, shape: shape, op: "softmax")
        if axis != rank - 1 {
            var order = Array(0..<rank)
            order.swapAt(axis, rank - 1)
            return permuted(order).softmax(axis: -1).permuted(order)
        }
        let source = contiguous()
        let result = Tensor(uninitializedShape: shape, dtype: dtype)
        let length = shape[rank - 1]
        if result.count == 0 { return result }
        let rows = count / length
        switch dtype {
        case .float32:
            Tensor.softmaxRows(
                source.basePointer(as: Float.self), result.basePointer(as: Float.self), rows: rows, length: length
            ) { FastMath.exp($0) }
        default:
            Tensor.softmaxRows(
                source.basePointer(as: Double.self), result.basePointer(as: Double.self), rows: rows, length: length
            ) { FastMath.exp($0) }
        }
        return result
    }

    /// The rows of `x` (`rows × length`, dense) into `y`: maximum, y = exp(x − maximum) with the sum, y / sum.
    @inline(__always)
    private static func softmaxRows<T: FloatElement>(
        _ x: UnsafeMutablePointer<T>, _ y: UnsafeMutablePointer<T>, rows: Int, length: Int, _ exp: (T) -> T
    ) {
        let context = UnsafeSendable((x, y, length))
        Parallel.forEachChunk(count: rows, cost: 12 * length, context: context) { range, context in
            let (x, y, n) = context.value
            for row in range {
                let source = x + row * n, target = y + row * n
                // NaN anywhere makes the row NaN (Swift.max skips NaN, exp does not); a +∞ maximum gives ∞ − ∞.
                let maximum = laneReduce(n, identity: -T.infinity, { source[$0] }, Swift.max)
                for j in 0..<n { target[j] = exp(source[j] - maximum) }
                let scale = 1 / laneReduce(n, identity: 0, { target[$0] }, +)
                for j in 0..<n { target[j] *= scale }
            }
        }
    }

    /// combine(element(0), …, element(n − 1)) folded in eight interleaved lanes, which the vectorizer turns into
    /// vector operations (a single accumulator is a serial chain it may not reorder).
    @inline(__always)
    private static func laneReduce<T: FloatElement>(
        _ n: Int, identity: T, _ element: (Int) -> T, _ combine: (T, T) -> T
    ) -> T {
        var lanes = (identity, identity, identity, identity, identity, identity, identity, identity)
        var j = 0
        while j + 8 <= n {
            lanes.0 = combine(lanes.0, element(j))
            lanes.1 = combine(lanes.1, element(j + 1))
            lanes.2 = combine(lanes.2, element(j + 2))
            lanes.3 = combine(lanes.3, element(j + 3))
            lanes.4 = combine(lanes.4, element(j + 4))
            lanes.5 = combine(lanes.5, element(j + 5))
            lanes.6 = combine(lanes.6, element(j + 6))
            lanes.7 = combine(lanes.7, element(j + 7))
            j += 8
        }
        var total = combine(
            combine(combine(lanes.0, lanes.1), combine(lanes.2, lanes.3)),
            combine(combine(lanes.4, lanes.5), combine(lanes.6, lanes.7)))
        while j < n {
            total = combine(total, element(j))
            j += 1
        }
        return total
    }
}
