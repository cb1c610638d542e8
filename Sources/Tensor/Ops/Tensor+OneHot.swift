/// One-hot encoding of class indices.
extension Tensor {
    /// One-hot rows for class indices: `indices` (an `int64` tensor of any shape and layout, each value in
    /// `0..<classes`) gives a tensor of shape `indices.shape + [classes]` with 1 at each index and 0 elsewhere.
    ///
    /// ```swift
    /// Tensor.oneHot(Tensor([2, 0] as [Int64]), classes: 3)   // [[0, 0, 1], [1, 0, 0]], float32
    /// ```
    public static func oneHot(_ indices: Tensor, classes: Int, dtype: DType = .float32) -> Tensor {
        precondition(indices.dtype == .int64, "oneHot: indices must be int64, got \(indices.dtype)")
        precondition(classes > 0, "oneHot: classes must be positive, got \(classes)")
        let result = Tensor.zeros(indices.shape + [classes], dtype: dtype)
        switch dtype {
        case .float32: result.setOnes(at: indices, classes: classes, Float(1))
        case .float64: result.setOnes(at: indices, classes: classes, Double(1))
        case .int64: result.setOnes(at: indices, classes: classes, Int64(1))
        case .bool: result.setOnes(at: indices, classes: classes, true)
        }
        return result
    }

    /// Writes `one` at column `indices[k]` of row `k` of this fresh contiguous `[indices.count, classes]` buffer.
    private func setOnes<T: TensorElement>(at indices: Tensor, classes: Int, _ one: T) {
        let rows = basePointer(as: T.self)
        indices.withContiguousElements(as: Int64.self) { values in
            for (row, value) in values.enumerated() {
                let column = Int(value)
                precondition(
                    column >= 0 && column < classes,
                    "oneHot: index \(column) is out of range for \(classes) classes "
                        + "(indices of shape \(indices.shape))")
                rows[row * classes + column] = one
            }
        }
    }
}
