/// Scattering with accumulation (out-of-place torch.scatter_add).
extension Tensor {
    /// This tensor plus `source` added at the positions `indices` name along `axis` (a fresh contiguous tensor).
    ///
    /// For every position `p` of `indices`: `result[p with p[axis] replaced by indices[p]] += source[p]`; positions
    /// that several indices name accumulate every contribution. For a matrix and `axis: 0`,
    /// `result[indices[i][j]][j] += source[i][j]`. This is the adjoint of `gathered(axis:indices:)`.
    ///
    /// `indices` is `int64` and, like `source` (same dtype as this tensor), has this tensor's rank; `indices` is no
    /// larger than `source` on every axis and no larger than this tensor on the axes other than `axis`. Every
    /// index is in `0..<shape[axis]`. Works for `float32`, `float64` and `int64` (whose sums wrap on overflow, as in
    /// NumPy).
    public func scatterAdded(axis: Int, indices: Tensor, source: Tensor) -> Tensor {
        let scatterAxis = Layout.normalizeAxis(axis, shape: shape, op: "scatterAdded")
        if let problem = scatterProblem(axis: scatterAxis, indices: indices, source: source) {
            preconditionFailure(problem)
        }
        switch dtype {
        case .float32:
            return scatterAdd(axis: scatterAxis, indices: indices, source: source) { (a: Float, b) in a + b }
        case .float64:
            return scatterAdd(axis: scatterAxis, indices: indices, source: source) { (a: Double, b) in a + b }
        case .int64:
            return scatterAdd(axis: scatterAxis, indices: indices, source: source) { (a: Int64, b) in a &+ b }
        case .bool: preconditionFailure("scatterAdded: expects a numeric dtype, got bool")
        }
    }

    /// Why `indices` and `source` cannot be scattered along `axis` (already resolved), or nil when they can.
    func scatterProblem(axis: Int, indices: Tensor, source: Tensor) -> String? {
        if indices.dtype != .int64 { return "scatterAdded: indices must be int64, got \(indices.dtype)" }
        if source.dtype != dtype { return "scatterAdded: source is \(source.dtype) but the tensor is \(dtype)" }
        let fits =
            indices.rank == rank && source.rank == rank
            && (0..<rank).allSatisfy {
                indices.shape[$0] <= source.shape[$0] && ($0 == axis || indices.shape[$0] <= shape[$0])
            }
        if !fits {
            return
                "scatterAdded: indices of shape \(indices.shape) do not fit source \(source.shape) and tensor "
                + "\(shape) along axis \(axis) (same rank, no larger than source, no larger than the tensor off the axis)"
        }
        return nil
    }

    private func scatterAdd<T: TensorElement>(
        axis: Int, indices: Tensor, source: Tensor, _ add: (T, T) -> T
    ) -> Tensor {
        let result = copied()
        if indices.count == 0 { return result }
        var targetStrides = result.strides
        targetStrides[axis] = 0
        let loop = StridedLoop(shape: indices.shape, strides: [targetStrides, indices.strides, source.strides])
        let targetStride = loop.innerStrides[0]
        let indexStride = loop.innerStrides[1]
        let sourceStride = loop.innerStrides[2]
        let axisStride = result.strides[axis]
        let size = shape[axis]
        let resultPointer = result.basePointer(as: T.self)
        let indexPointer = indices.basePointer(as: Int64.self)
        let sourcePointer = source.basePointer(as: T.self)
        // One thread: indices may repeat, and the sums must come out the same on every run.
        loop.forEachSegment(in: 0..<indices.count) { offsets, length in
            let target = resultPointer + offsets[0]
            let index = indexPointer + offsets[1]
            let values = sourcePointer + offsets[2]
            for i in 0..<length {
                let position = Int(index[i * indexStride])
                if position < 0 || position >= size {
                    preconditionFailure(
                        Tensor.indexOutOfRangeMessage(op: "scatterAdded", index: position, axis: axis, shape: shape))
                }
                let slot = target + i * targetStride + position * axisStride
                slot.pointee = add(slot.pointee, values[i * sourceStride])
            }
        }
        return result
    }
}
