extension Tensor {
    /// A copy of this tensor in which the elements selected by the view `select` hold `values` (broadcast to the
    /// view's shape).
    ///
    /// `select` must be a view transform built from layout ops (slicing, selecting, diagonal, permuting, …), so
    /// that applied to the fresh copy it addresses that copy's storage:
    /// ```swift
    /// let y = x.updated(at: { $0.sliced(axis: 1, start: 2, end: 4) }, with: patch)   // x[:, 2:4] = patch
    /// ```
    public func updated(at select: (Tensor) -> Tensor, with values: Tensor) -> Tensor {
        precondition(dtype == values.dtype, "updated: tensor is \(dtype) but the values are \(values.dtype)")
        let result = copied()
        let target = select(result)
        precondition(
            target.storage === result.storage,
            "updated: the selection of shape \(target.shape) is not a view of the tensor (shape \(shape))")
        Tensor.copyElements(from: values, into: target)
        return result
    }

    /// Zeros of `shape` with `values` written into the view `select` (the adjoint of taking a view).
    public static func zeros(_ shape: [Int], dtype: DType, updatedAt select: (Tensor) -> Tensor, with values: Tensor)
        -> Tensor
    {
        let result = Tensor.zeros(shape, dtype: dtype)
        let target = select(result)
        precondition(
            target.storage === result.storage,
            "updated: the selection of shape \(target.shape) is not a view of a tensor of shape \(shape)")
        precondition(dtype == values.dtype, "updated: tensor is \(dtype) but the values are \(values.dtype)")
        copyElements(from: values, into: target)
        return result
    }

    /// Writes `source` (broadcast) into the elements that the view `target` addresses.
    static func copyElements(from source: Tensor, into target: Tensor) {
        precondition(
            Layout.broadcastShape(source.shape, target.shape) == target.shape,
            "updated: values of shape \(source.shape) do not broadcast to the selection's shape \(target.shape)")
        func run<T>(_: T.Type) {
            let dp = UnsafeSendable(target.basePointer(as: T.self))
            let sp = UnsafeSendable(source.basePointer(as: T.self))
            let loop = StridedLoop(
                shape: target.shape,
                strides: [
                    target.strides,
                    Layout.broadcastStrides(shape: source.shape, strides: source.strides, to: target.shape),
                ])
            let sd = loop.innerStrides[0]
            let ss = loop.innerStrides[1]
            Parallel.forEachChunk(count: loop.count) { range in
                loop.forEachSegment(in: range) { offsets, length in
                    let d = dp.value + offsets[0]
                    let s = sp.value + offsets[1]
                    for i in 0..<length { d[i &* sd] = s[i &* ss] }
                }
            }
        }
        switch target.dtype {
        case .float32: run(Float.self)
        case .float64: run(Double.self)
        case .int64: run(Int64.self)
        case .bool: run(Bool.self)
        }
    }
}
