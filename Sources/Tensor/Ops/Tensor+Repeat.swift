/// Repetition: tiling whole tensors and repeating single elements.
extension Tensor {
    /// This tensor tiled `counts[i]` times along axis `i` (torch's `Tensor.repeat`, NumPy's `tile`).
    ///
    /// With more counts than axes, the tensor first gets leading axes of size 1 (a `[2, 3]` tensor with counts
    /// `[4, 1, 2]` gives `[4, 2, 6]`); with fewer, the counts apply to the trailing axes (NumPy's rule). Counts are
    /// non-negative. The result is a fresh contiguous tensor in which the blocks follow each other:
    /// `[1, 2].repeated([2])` is `[1, 2, 1, 2]`.
    public func repeated(_ counts: [Int]) -> Tensor {
        precondition(counts.allSatisfy { $0 >= 0 }, "repeated: negative count in \(counts) (shape \(shape))")
        let axes = Swift.max(rank, counts.count)
        let fullCounts = [Int](repeating: 1, count: axes - counts.count) + counts
        let fullShape = [Int](repeating: 1, count: axes - rank) + shape
        let fullStrides = [Int](repeating: 0, count: axes - rank) + strides
        // View as [count₀, size₀, count₁, size₁, …] with stride 0 on the counts, then copy.
        var tiledShape: [Int] = []
        var tiledStrides: [Int] = []
        for axis in 0..<axes {
            tiledShape += [fullCounts[axis], fullShape[axis]]
            tiledStrides += [0, fullStrides[axis]]
        }
        return view(shape: tiledShape, strides: tiledStrides).copied()
            .reshaped(zip(fullCounts, fullShape).map { $0 * $1 })
    }

    /// Each element repeated `count` times in place along `axis` (torch's `repeat_interleave`).
    ///
    /// `[1, 2].repeatedElements(2, axis: 0)` is `[1, 1, 2, 2]`; a `[2, 3]` tensor with `axis: 1` gives `[2, 6]`.
    /// Without an axis the tensor is flattened first.
    public func repeatedElements(_ count: Int, axis: Int? = nil) -> Tensor {
        precondition(count >= 0, "repeatedElements: negative count \(count) (shape \(shape))")
        guard let axis else { return flattened().repeatedElements(count, axis: 0) }
        let repeatAxis = Layout.normalizeAxis(axis, shape: shape, op: "repeatedElements")
        return repeatedElements(Array(repeating: count, count: shape[repeatAxis]), axis: repeatAxis)
    }

    /// Element `i` along `axis` repeated `counts[i]` times (torch's `repeat_interleave` with a tensor of repeats).
    ///
    /// `counts` has one non-negative entry per element of `axis`: `[1, 2, 3].repeatedElements([2, 0, 1], axis: 0)`
    /// is `[1, 1, 3]`. Without an axis the tensor is flattened first.
    public func repeatedElements(_ counts: [Int], axis: Int? = nil) -> Tensor {
        guard let axis else { return flattened().repeatedElements(counts, axis: 0) }
        let repeatAxis = Layout.normalizeAxis(axis, shape: shape, op: "repeatedElements")
        precondition(
            counts.count == shape[repeatAxis] && counts.allSatisfy { $0 >= 0 },
            "repeatedElements: counts \(counts) need one non-negative entry per element of axis \(axis) "
                + "of shape \(shape)")
        var indices: [Int64] = []
        indices.reserveCapacity(counts.reduce(0, +))
        for (index, count) in counts.enumerated() {
            indices += repeatElement(Int64(index), count: count)
        }
        return indexSelected(axis: repeatAxis, indices: Tensor(indices))
    }
}
