/// Zero-copy views: each edits the layout (shape, strides, offset) and shares the storage.
extension Tensor {
    func view(shape: [Int], strides: [Int], offset: Int? = nil) -> Tensor {
        Tensor(storage: storage, shape: shape, strides: strides, offset: offset ?? self.offset, dtype: dtype)
    }

    /// The same elements in row-major order with a new shape; one entry may be -1 (inferred).
    /// A view when the layout allows it (always for contiguous tensors), a copy otherwise.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        let target = Tensor.resolveShape(newShape, count: count, op: "reshaped", from: shape)
        if target == shape { return self }
        if isContiguous { return view(shape: target, strides: Layout.contiguousStrides(target)) }
        if let strides = Tensor.viewStrides(shape: shape, strides: strides, newShape: target) {
            return view(shape: target, strides: strides)
        }
        return copied().reshaped(target)
    }

    static func resolveShape(_ newShape: [Int], count: Int, op: String, from shape: [Int]) -> [Int] {
        let inferred = newShape.indices.filter { newShape[$0] == -1 }
        precondition(inferred.count <= 1, "\(op): at most one -1 allowed in \(newShape)")
        precondition(newShape.allSatisfy { $0 >= -1 }, "\(op): negative size in \(newShape)")
        var target = newShape
        if let axis = inferred.first {
            let known = newShape.enumerated().filter { $0.offset != axis }.reduce(1) { $0 * $1.element }
            precondition(
                known > 0 && count % known == 0, "\(op): cannot reshape \(shape) (\(count) elements) to \(newShape)")
            target[axis] = count / known
        }
        precondition(
            target.reduce(1, *) == count, "\(op): cannot reshape \(shape) (\(count) elements) to \(newShape)")
        return target
    }

    /// Strides viewing (`shape`, `strides`) as `newShape` without copying, or nil when no such strides exist
    /// (the algorithm of PyTorch's `computeStride`: walk chunks of the old shape that are contiguous among themselves).
    static func viewStrides(shape: [Int], strides: [Int], newShape: [Int]) -> [Int]? {
        var result = [Int](repeating: 1, count: newShape.count)
        if shape.isEmpty { return result }
        if shape.contains(0) { return Layout.contiguousStrides(newShape) }
        var viewAxis = newShape.count - 1
        var chunkBaseStride = strides[strides.count - 1]
        var tensorCount = 1
        var viewCount = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            tensorCount *= shape[axis]
            if axis == 0 || (shape[axis - 1] != 1 && strides[axis - 1] != tensorCount * chunkBaseStride) {
                while viewAxis >= 0 && (viewCount < tensorCount || newShape[viewAxis] == 1) {
                    result[viewAxis] = viewCount * chunkBaseStride
                    viewCount *= newShape[viewAxis]
                    viewAxis -= 1
                }
                if viewCount != tensorCount { return nil }
                if axis > 0 {
                    chunkBaseStride = strides[axis - 1]
                    tensorCount = 1
                    viewCount = 1
                }
            }
        }
        return viewAxis == -1 ? result : nil
    }

    /// Flattened to 1-D.
    public func flattened() -> Tensor { reshaped([-1]) }

    /// Dimensions reordered: result dimension i is this tensor's dimension `axes[i]`.
    public func permuted(_ axes: [Int]) -> Tensor {
        precondition(axes.count == rank, "permuted: \(axes) is not a permutation of \(rank) axes (shape \(shape))")
        let resolved = axes.map { Layout.normalizeAxis($0, shape: shape, op: "permuted") }
        precondition(Set(resolved).count == rank, "permuted: \(axes) repeats an axis (shape \(shape))")
        return view(shape: resolved.map { shape[$0] }, strides: resolved.map { strides[$0] })
    }

    /// Two dimensions swapped (by default the last two).
    public func transposed(_ axis0: Int = -2, _ axis1: Int = -1) -> Tensor {
        precondition(rank >= 2 || (rank == 1 && axis0 == -2), "transposed: needs rank ≥ 2, got shape \(shape)")
        if rank < 2 { return self }
        let a = Layout.normalizeAxis(axis0, shape: shape, op: "transposed")
        let b = Layout.normalizeAxis(axis1, shape: shape, op: "transposed")
        var order = Array(0..<rank)
        order.swapAt(a, b)
        return permuted(order)
    }

    /// Elements `start, start + step, …` (before `end`) along `axis`; negative bounds count from the end.
    public func sliced(axis: Int, start: Int = 0, end: Int? = nil, step: Int = 1) -> Tensor {
        let axis = Layout.normalizeAxis(axis, shape: shape, op: "sliced")
        precondition(step > 0, "sliced: step must be positive, got \(step)")
        let size = shape[axis]
        func clamp(_ i: Int) -> Int { Swift.min(Swift.max(i < 0 ? i + size : i, 0), size) }
        let lower = clamp(start)
        let upper = Swift.max(lower, clamp(end ?? size))
        var newShape = shape
        var newStrides = strides
        newShape[axis] = (upper - lower + step - 1) / step
        newStrides[axis] = strides[axis] * step
        return view(shape: newShape, strides: newStrides, offset: offset + lower * strides[axis])
    }

    /// `length` elements starting at `start` along `axis` (bounds checked, no clamping).
    public func narrowed(axis: Int, start: Int, length: Int) -> Tensor {
        let a = Layout.normalizeAxis(axis, shape: shape, op: "narrowed")
        precondition(
            start >= 0 && length >= 0 && start + length <= shape[a],
            "narrowed: [\(start), \(start + length)) is out of bounds for axis \(axis) of shape \(shape)")
        return sliced(axis: a, start: start, end: start + length)
    }

    /// The sub-tensor at `index` along `axis`, with that axis removed.
    public func selected(axis: Int, index: Int) -> Tensor {
        let a = Layout.normalizeAxis(axis, shape: shape, op: "selected")
        let i = index < 0 ? index + shape[a] : index
        precondition(
            i >= 0 && i < shape[a], "selected: index \(index) is out of bounds for axis \(axis) of shape \(shape)")
        var newShape = shape
        var newStrides = strides
        newShape.remove(at: a)
        newStrides.remove(at: a)
        return view(shape: newShape, strides: newStrides, offset: offset + i * strides[a])
    }

    /// Broadcast to `target` by the NumPy rule (new leading axes and size-1 axes get stride 0).
    public func expanded(to target: [Int]) -> Tensor {
        precondition(
            Layout.broadcastShape(shape, target) == target, "expanded: shape \(shape) cannot be broadcast to \(target)")
        return view(shape: target, strides: Layout.broadcastStrides(shape: shape, strides: strides, to: target))
    }

    /// A new axis of size 1 at `axis` (which may be `rank`, or negative).
    public func unsqueezed(axis: Int) -> Tensor {
        let a = Layout.normalizeAxis(axis, rank: rank + 1, op: "unsqueezed")
        var newShape = shape
        var newStrides = strides
        newShape.insert(1, at: a)
        newStrides.insert(a < rank ? strides[a] * shape[a] : 1, at: a)
        return view(shape: newShape, strides: newStrides)
    }

    /// Size-1 axes removed: all of them, or just `axis` (which must have size 1).
    public func squeezed(axis: Int? = nil) -> Tensor {
        if let axis {
            let a = Layout.normalizeAxis(axis, shape: shape, op: "squeezed")
            precondition(shape[a] == 1, "squeezed: axis \(axis) of shape \(shape) has size \(shape[a]), not 1")
            var newShape = shape
            var newStrides = strides
            newShape.remove(at: a)
            newStrides.remove(at: a)
            return view(shape: newShape, strides: newStrides)
        }
        let kept = shape.indices.filter { shape[$0] != 1 }
        return view(shape: kept.map { shape[$0] }, strides: kept.map { strides[$0] })
    }

    /// The order of elements reversed along each of `axes`.
    public func flipped(axes: [Int]) -> Tensor {
        var newStrides = strides
        var newOffset = offset
        for axis in Set(axes.map { Layout.normalizeAxis($0, shape: shape, op: "flipped") }) where shape[axis] > 0 {
            newOffset += (shape[axis] - 1) * strides[axis]
            newStrides[axis] = -strides[axis]
        }
        return view(shape: shape, strides: newStrides, offset: newOffset)
    }

    /// The diagonal `x[…, i, i + offset]` over `axis0`, `axis1`, moved to the last axis.
    public func diagonal(offset diagonalOffset: Int = 0, axis0: Int = -2, axis1: Int = -1) -> Tensor {
        precondition(rank >= 2, "diagonal: needs rank ≥ 2, got shape \(shape)")
        let a = Layout.normalizeAxis(axis0, shape: shape, op: "diagonal")
        let b = Layout.normalizeAxis(axis1, shape: shape, op: "diagonal")
        precondition(a != b, "diagonal: axes \(axis0) and \(axis1) are the same")
        let length =
            diagonalOffset >= 0
            ? Swift.max(0, Swift.min(shape[a], shape[b] - diagonalOffset))
            : Swift.max(0, Swift.min(shape[a] + diagonalOffset, shape[b]))
        let start = length == 0 ? 0 : (diagonalOffset >= 0 ? diagonalOffset * strides[b] : -diagonalOffset * strides[a])
        var newShape: [Int] = []
        var newStrides: [Int] = []
        for axis in 0..<rank where axis != a && axis != b {
            newShape.append(shape[axis])
            newStrides.append(strides[axis])
        }
        newShape.append(length)
        newStrides.append(strides[a] + strides[b])
        return view(shape: newShape, strides: newStrides, offset: offset + start)
    }
}
