/// Gathering elements along an axis by integer indices (torch.gather and torch.index_select).
extension Tensor {
    /// The elements picked along `axis` by `indices` (torch.gather).
    ///
    /// `indices` is an `int64` tensor of this tensor's rank; the result has its shape and holds
    /// `result[p] = self[p with p[axis] replaced by indices[p]]`. For a matrix and `axis: 1`,
    /// `result[i][j] = self[i][indices[i][j]]`. Along the other axes `indices` may be smaller than this tensor
    /// (it reads the leading part). Every index is in `0..<shape[axis]`; an index outside stops the program with a
    /// message naming it.
    public func gathered(axis: Int, indices: Tensor) -> Tensor {
        let gatherAxis = Layout.normalizeAxis(axis, shape: shape, op: "gathered")
        if let problem = gatherProblem(axis: gatherAxis, indices: indices) { preconditionFailure(problem) }
        return gather(axis: gatherAxis, indices: indices, op: "gathered")
    }

    /// The sub-tensors at `indices` along `axis`, in that order (torch.index_select).
    ///
    /// `indices` is a 1-D `int64` tensor of length `n`; the result has this tensor's shape with `axis` of size `n`:
    /// a `[V, D]` embedding table and `n` token ids along axis 0 give `[n, D]`. Indices may repeat; each is in
    /// `0..<shape[axis]`.
    public func indexSelected(axis: Int, indices: Tensor) -> Tensor {
        let selectAxis = Layout.normalizeAxis(axis, shape: shape, op: "indexSelected")
        precondition(
            indices.dtype == .int64 && indices.rank == 1,
            "indexSelected: indices must be a 1-D int64 tensor, got \(indices.dtype) of shape \(indices.shape)")
        var indexShape = [Int](repeating: 1, count: rank)
        indexShape[selectAxis] = indices.count
        var resultShape = shape
        resultShape[selectAxis] = indices.count
        let spread = indices.reshaped(indexShape).expanded(to: resultShape)
        return gather(axis: selectAxis, indices: spread, op: "indexSelected")
    }

    /// Why `indices` cannot gather along `axis` (already resolved), or nil when they can.
    func gatherProblem(axis: Int, indices: Tensor) -> String? {
        if indices.dtype != .int64 { return "gathered: indices must be int64, got \(indices.dtype)" }
        let fits =
            indices.rank == rank
            && (0..<rank).allSatisfy { $0 == axis || indices.shape[$0] <= shape[$0] }
        if !fits {
            return
                "gathered: indices of shape \(indices.shape) do not fit a tensor of shape \(shape) along axis \(axis) "
                + "(same rank, no larger on the other axes)"
        }
        return nil
    }

    /// The message for an index outside `0..<shape[axis]`.
    static func indexOutOfRangeMessage(op: String, index: Int, axis: Int, shape: [Int]) -> String {
        "\(op): index \(index) is out of range for axis \(axis) of shape \(shape)"
    }

    /// The gather kernel: over the shape of `indices` (already checked against this tensor),
    /// `result[p] = self[p with p[axis] replaced by indices[p]]`.
    func gather(axis: Int, indices: Tensor, op: String) -> Tensor {
        switch dtype.byteSize {
        case 1: gather(axis: axis, indices: indices, op: op, UInt8.self)
        case 4: gather(axis: axis, indices: indices, op: op, UInt32.self)
        default: gather(axis: axis, indices: indices, op: op, UInt64.self)
        }
    }

    private func gather<Bits>(axis: Int, indices: Tensor, op: String, _: Bits.Type) -> Tensor {
        let result = Tensor(uninitializedShape: indices.shape, dtype: dtype)
        if result.count == 0 { return result }
        var sourceStrides = strides
        sourceStrides[axis] = 0
        let loop = StridedLoop(shape: indices.shape, strides: [result.strides, indices.strides, sourceStrides])
        let indexStride = loop.innerStrides[1]
        let sourceStride = loop.innerStrides[2]
        let axisStride = strides[axis]
        let size = shape[axis]
        let shape = shape
        let resultPointer = UnsafeSendable(result.basePointer(as: Bits.self))
        let indexPointer = UnsafeSendable(indices.basePointer(as: Int64.self))
        let sourcePointer = UnsafeSendable(basePointer(as: Bits.self))
        Parallel.forEachChunk(count: result.count) { range in
            loop.forEachSegment(in: range) { offsets, length in
                let out = resultPointer.value + offsets[0]
                let index = indexPointer.value + offsets[1]
                let source = sourcePointer.value + offsets[2]
                for i in 0..<length {
                    let position = Int(index[i * indexStride])
                    if position < 0 || position >= size {
                        preconditionFailure(
                            Tensor.indexOutOfRangeMessage(op: op, index: position, axis: axis, shape: shape))
                    }
                    out[i] = source[i * sourceStride + position * axisStride]
                }
            }
        }
        return result
    }
}
