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
            ) { FastMath.apply(.exp, UnsafePointer($0), $0, count: $1) }
        default:
            Tensor.softmaxRows(
                source.basePointer(as: Double.self), result.basePointer(as: Double.self), rows: rows, length: length
            ) { FastMath.apply(.exp, UnsafePointer($0), $0, count: $1) }
        }
        return result
    }

    /// The vector-Jacobian product of `softmax(axis:)`: y ⊙ (g − Σ_axis g ⊙ y) for its output y and a gradient g
    /// of the same shape, in one fused kernel per row (the dot product, then the update).
    public static func softmaxPullback(gradient g: Tensor, output y: Tensor, axis: Int = -1) -> Tensor {
        precondition(
            g.shape == y.shape && g.dtype == y.dtype && y.dtype.isFloatingPoint,
            "softmaxPullback: gradient \(g.dtype) \(g.shape) and output \(y.dtype) \(y.shape) must match")
        let axis = Layout.normalizeAxis(axis, shape: y.shape, op: "softmaxPullback")
        if axis != y.rank - 1 {
            var order = Array(0..<y.rank)
            order.swapAt(axis, y.rank - 1)
            return softmaxPullback(gradient: g.permuted(order), output: y.permuted(order)).permuted(order)
        }
        let (gradient, output) = (g.contiguous(), y.contiguous())
        let result = Tensor(uninitializedShape: y.shape, dtype: y.dtype)
        let length = y.shape[y.rank - 1]
        if result.count == 0 { return result }
        switch y.dtype {
        case .float32:
            softmaxPullbackRows(
                gradient.basePointer(as: Float.self), output.basePointer(as: Float.self),
                result.basePointer(as: Float.self), rows: result.count / length, length: length)
        default:
            softmaxPullbackRows(
                gradient.basePointer(as: Double.self), output.basePointer(as: Double.self),
                result.basePointer(as: Double.self), rows: result.count / length, length: length)
        }
        return result
    }

    /// z = y ⊙ (g − ⟨g, y⟩) row by row over dense `rows × length` buffers.
    @inline(__always)
    private static func softmaxPullbackRows<T: FloatElement>(
        _ g: UnsafeMutablePointer<T>, _ y: UnsafeMutablePointer<T>, _ z: UnsafeMutablePointer<T>, rows: Int,
        length: Int
    ) {
        let context = UnsafeSendable((g, y, z, length))
        Parallel.forEachChunk(count: rows, cost: 3 * length, context: context) { range, context in
            let (g, y, z, n) = context.value
            for row in range {
                let (gradient, output, target) = (g + row * n, y + row * n, z + row * n)
                let dot = laneReduce(n, identity: 0, { gradient[$0] * output[$0] }, +)
                for j in 0..<n { target[j] = output[j] * (gradient[j] - dot) }
            }
        }
    }

    /// The rows of `x` (`rows × length`, dense) into `y`: maximum, y = exp(x − maximum) (by `exponentiate`, the
    /// vectorized exponential of a row in place: one call per row, not per element), y / Σy.
    @inline(__always)
    private static func softmaxRows<T: FloatElement>(
        _ x: UnsafeMutablePointer<T>, _ y: UnsafeMutablePointer<T>, rows: Int, length: Int,
        _ exponentiate: (UnsafeMutablePointer<T>, Int) -> Void
    ) {
        let context = UnsafeSendable((x, y, length))
        Parallel.forEachChunk(count: rows, cost: 12 * length, context: context) { range, context in
            let (x, y, n) = context.value
            for row in range {
                let source = x + row * n
                let target = y + row * n
                // NaN anywhere makes the row NaN (Swift.max skips NaN, exp does not); a +∞ maximum gives ∞ − ∞.
                let maximum = laneReduce(n, identity: -T.infinity, { source[$0] }, Swift.max)
                for j in 0..<n { target[j] = source[j] - maximum }
                exponentiate(target, n)
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
