import RealModule

/// Reductions along axes. `axes: nil` reduces over every axis; `keepDims` keeps reduced axes with size 1.
extension Tensor {
    /// Sorted, unique, non-negative axes (all axes when nil).
    func resolvedAxes(_ axes: [Int]?, op: String) -> [Int] {
        guard let axes else { return Array(0..<rank) }
        return Set(axes.map { Layout.normalizeAxis($0, shape: shape, op: op) }).sorted()
    }

    /// The shape after reducing `axes` (resolved).
    func reducedShape(_ axes: [Int], keepDims: Bool) -> [Int] {
        keepDims
            ? shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
            : shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
    }

    /// Reduces over `axes` with the kernel of this dtype. A reduction without an identity (max, min: `extremum`
    /// names what it finds) stops with a clear message when it would reduce an empty axis into a non-empty
    /// result, as PyTorch does; reducing an empty tensor to an empty result is fine.
    private func reduced(
        _ axes: [Int]?, keepDims: Bool, op: String, extremum: String? = nil,
        _ kernel32: (Tensor, [Int]) -> Tensor, _ kernel64: (Tensor, [Int]) -> Tensor
    ) -> Tensor {
        let resolved = resolvedAxes(axes, op: op)
        let droppedShape = reducedShape(resolved, keepDims: false)
        if let extremum {
            precondition(
                resolved.allSatisfy { shape[$0] > 0 } || droppedShape.contains(0),
                "\(op): \(shape) over axes \(resolved): an empty axis has no \(extremum)")
        }
        let folded: Tensor
        switch dtype {
        case .float32: folded = kernel32(self, resolved)
        case .float64: folded = kernel64(self, resolved)
        case .int64, .bool: preconditionFailure("\(op): expects a floating dtype, got \(dtype) (shape \(shape))")
        }
        return keepDims ? folded : folded.reshaped(droppedShape)
    }

    /// Σ over `axes`.
    public func sum(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        reduced(
            axes, keepDims: keepDims, op: "sum",
            // Float32 sums stay accurate in float32: combined pairwise, the error grows like log n.
            { Reduction.fold($0, axes: $1, Float.self, identity: 0, pairwise: true) { $0 + $1 } },
            { Reduction.fold($0, axes: $1, Double.self, identity: 0, pairwise: true) { $0 + $1 } })
    }

    /// Σ over one axis.
    public func sum(axis: Int, keepDims: Bool = false) -> Tensor { sum(axes: [axis], keepDims: keepDims) }

    /// Arithmetic mean over `axes`.
    public func mean(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        let n = resolvedAxes(axes, op: "mean").reduce(1) { $0 * shape[$1] }
        return sum(axes: axes, keepDims: keepDims) * (1 / Double(n))
    }

    /// Mean over one axis.
    public func mean(axis: Int, keepDims: Bool = false) -> Tensor { mean(axes: [axis], keepDims: keepDims) }

    /// Π over `axes`.
    public func product(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        reduced(
            axes, keepDims: keepDims, op: "product",
            { Reduction.fold($0, axes: $1, Float.self, identity: 1) { $0 * $1 } },
            { Reduction.fold($0, axes: $1, Double.self, identity: 1) { $0 * $1 } })
    }

    /// Largest element over `axes` (NaN if any is NaN).
    public func max(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        reduced(
            axes, keepDims: keepDims, op: "max", extremum: "maximum",
            { Reduction.fold($0, axes: $1, Float.self, identity: -.infinity) { $0 > $1 || $0.isNaN ? $0 : $1 } },
            { Reduction.fold($0, axes: $1, Double.self, identity: -.infinity) { $0 > $1 || $0.isNaN ? $0 : $1 } })
    }

    /// Smallest element over `axes` (NaN if any is NaN).
    public func min(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        reduced(
            axes, keepDims: keepDims, op: "min", extremum: "minimum",
            { Reduction.fold($0, axes: $1, Float.self, identity: .infinity) { $0 < $1 || $0.isNaN ? $0 : $1 } },
            { Reduction.fold($0, axes: $1, Double.self, identity: .infinity) { $0 < $1 || $0.isNaN ? $0 : $1 } })
    }

    /// log Σ exp over `axes`, computed as m + log Σ exp(x − m) with m the maximum (finite for large inputs).
    public func logSumExp(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        let axes = resolvedAxes(axes, op: "logSumExp")  // checked here so a bad axis names logSumExp, not max
        // Over an empty axis the sum of exponentials is 0 and the result −∞ (as PyTorch); max has no value there.
        let m =
            axes.contains { shape[$0] == 0 }
            ? Tensor.zeros(reducedShape(axes, keepDims: true), dtype: dtype) : self.max(axes: axes, keepDims: true)
        // An infinite m (an all −∞ slice, or a +∞ element) would make x − m NaN: shift by 0 there, so the result
        // is −∞ or +∞.
        let shift = Tensor.where(m.abs().compared(.equal, scalar: .infinity), Tensor.zeros(like: m), m)
        let folded = (self - shift).exp().sum(axes: axes, keepDims: true).log() + shift
        return keepDims ? folded : folded.reshaped(reducedShape(axes, keepDims: false))
    }

    /// Variance over `axes`: Σ(x − mean)² / (n − correction). `correction: 1` is the unbiased estimate (PyTorch's
    /// default), `0` the population variance.
    public func variance(axes: [Int]? = nil, correction: Int = 1, keepDims: Bool = false) -> Tensor {
        let n = resolvedAxes(axes, op: "variance").reduce(1) { $0 * shape[$1] }
        let centered = self - mean(axes: axes, keepDims: true)
        return centered.square().sum(axes: axes, keepDims: keepDims) * (1 / Double(Swift.max(n - correction, 0)))
    }

    /// Standard deviation over `axes` (the square root of `variance`).
    public func standardDeviation(axes: [Int]? = nil, correction: Int = 1, keepDims: Bool = false) -> Tensor {
        variance(axes: axes, correction: correction, keepDims: keepDims).sqrt()
    }

    /// The p-norm over `axes`: (Σ|x|^p)^{1/p}; `p = .infinity` is max |x|. Default: the 2-norm of everything.
    public func norm(_ p: Double = 2, axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        let axes = resolvedAxes(axes, op: "norm")  // checked here so a bad axis names norm, not sum or max
        switch p {
        case 2: return square().sum(axes: axes, keepDims: keepDims).sqrt()
        case 1: return abs().sum(axes: axes, keepDims: keepDims)
        case .infinity: return abs().max(axes: axes, keepDims: keepDims)
        default: return abs().pow(p).sum(axes: axes, keepDims: keepDims).pow(1 / p)
        }
    }

    /// Index of the largest element along `axis` (int64), or in the flattened tensor when `axis` is nil.
    public func argmax(axis: Int? = nil, keepDims: Bool = false) -> Tensor {
        argExtremum(axis: axis, keepDims: keepDims, op: "argmax", greater: true)
    }

    /// Index of the smallest element along `axis` (int64), or in the flattened tensor when `axis` is nil.
    public func argmin(axis: Int? = nil, keepDims: Bool = false) -> Tensor {
        argExtremum(axis: axis, keepDims: keepDims, op: "argmin", greater: false)
    }

    /// The index of the extremum along `axis` of each line, scanning the tensor as `[outer, n, inner]`: along the
    /// last axis one row at a time, along another axis all `inner` lines of a block at once (row by row, no
    /// transpose; max pooling's windows `[N, C, K, O]` reduce along K this way). Ties give the first index, a NaN
    /// wins over any number (the first NaN).
    private func argExtremum(axis: Int?, keepDims: Bool, op: String, greater: Bool) -> Tensor {
        guard let axis else {
            let flat = flattened().argExtremum(axis: 0, keepDims: false, op: op, greater: greater)
            return keepDims ? flat.reshaped([Int](repeating: 1, count: rank)) : flat
        }
        let a = Layout.normalizeAxis(axis, shape: shape, op: op)
        precondition(shape[a] > 0, "\(op): axis \(axis) of shape \(shape) is empty")
        switch dtype {
        case .float32: return argExtremum(axis: a, keepDims: keepDims, greater: greater, Float.self)
        case .float64: return argExtremum(axis: a, keepDims: keepDims, greater: greater, Double.self)
        case .int64, .bool: preconditionFailure("\(op): expects a floating dtype, got \(dtype)")
        }
    }

    private func argExtremum<T: FloatElement>(axis a: Int, keepDims: Bool, greater: Bool, _: T.Type) -> Tensor {
        let n = shape[a]
        let inner = shape[(a + 1)...].reduce(1, *)
        let outer = count / Swift.max(n * inner, 1)
        var indices = Tensor.zeros(reducedShape([a], keepDims: keepDims), dtype: .int64)
        if indices.count == 0 { return indices }
        withContiguousElements(as: T.self) { values in
            indices.withMutableElements(as: Int64.self) { choice in
                let values = values.baseAddress!
                let choice = choice.baseAddress!
                if inner == 1 {
                    for r in 0..<outer {
                        let row = values + r * n
                        var best = row[0]
                        var bestIndex = 0
                        for i in 1..<n where !best.isNaN && (row[i].isNaN || (greater ? row[i] > best : row[i] < best))
                        {
                            best = row[i]
                            bestIndex = i
                        }
                        choice[r] = Int64(bestIndex)
                    }
                } else if greater {
                    Tensor.scanBlocks(values, choice, outer: outer, n: n, inner: inner) { $0 > $1 }
                } else {
                    Tensor.scanBlocks(values, choice, outer: outer, n: n, inner: inner) { $0 < $1 }
                }
            }
        }
        return indices
    }

    /// For each of `outer` contiguous blocks `[n, inner]`, the index along n of the extremum of each of the `inner`
    /// columns, scanning row by row (`wins(candidate, current)`: strictly better).
    @inline(__always)
    private static func scanBlocks<T: FloatElement>(
        _ values: UnsafePointer<T>, _ choice: UnsafeMutablePointer<Int64>, outer: Int, n: Int, inner: Int,
        wins: (T, T) -> Bool
    ) {
        let best = UnsafeMutablePointer<T>.allocate(capacity: inner)
        defer { best.deallocate() }
        for block in 0..<outer {
            let source = values + block * n * inner
            let target = choice + block * inner
            best.update(from: source, count: inner)
            for k in 1..<n {
                let row = source + k * inner
                for i in 0..<inner {
                    // Branch-free: the comparisons are unpredictable.
                    let candidate = row[i]
                    let current = best[i]
                    let better = wins(candidate, current) || (candidate.isNaN && !current.isNaN)
                    best[i] = better ? candidate : current
                    target[i] = better ? Int64(k) : target[i]
                }
            }
        }
    }

    /// Running sum along `axis`: `y[…, i, …] = Σ_{j ≤ i} x[…, j, …]`.
    public func cumulativeSum(axis: Int) -> Tensor {
        let a = Layout.normalizeAxis(axis, shape: shape, op: "cumulativeSum")
        let result = copied()
        let n = shape[a]
        let outer = shape[..<a].reduce(1, *)
        let inner = shape[(a + 1)...].reduce(1, *)
        func sweep<T: FloatElement>(_: T.Type) {
            let p = result.basePointer(as: T.self)
            // Running sums in float64: a float32 running sum drifts by percents over a million terms.
            let running = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(inner, 1))
            defer { running.deallocate() }
            for o in 0..<outer {
                let block = p + o * n * inner
                running.initialize(repeating: 0, count: inner)
                for j in 0..<n {
                    let row = block + j * inner
                    for i in 0..<inner {
                        running[i] += Double(row[i])
                        row[i] = T(running[i])
                    }
                }
            }
        }
        switch dtype {
        case .float32: sweep(Float.self)
        case .float64: sweep(Double.self)
        case .int64, .bool: preconditionFailure("cumulativeSum: expects a floating dtype, got \(dtype)")
        }
        return result
    }
}
