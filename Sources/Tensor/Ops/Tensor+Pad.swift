/// Constant padding.
extension Tensor {
    /// This tensor surrounded by `value` (a fresh contiguous tensor).
    ///
    /// `widths` holds one `(before, after)` pair for each of the trailing `widths.count` axes, in axis order. With a
    /// pair for every axis it is NumPy's `pad_width`; fewer pairs leave the leading axes alone. (PyTorch's
    /// `F.pad` lists the last axis first; here the order is the axes' own.) Widths are non-negative.
    ///
    /// ```swift
    /// let x = Tensor.ones([8, 3, 5])
    /// let y = x.padded([(1, 1), (2, 0)])   // [8, 5, 7]: axis 1 gets 1 row each side, axis 2 two columns in front
    /// ```
    ///
    /// `value` is converted to the dtype (for `int64` it must be a whole number; for `bool`, non-zero is `true`).
    public func padded(_ widths: [(before: Int, after: Int)], value: Double = 0) -> Tensor {
        if let problem = paddingProblem(widths, value: value) { preconditionFailure(problem) }
        let lead = rank - widths.count
        var paddedShape = shape
        for (position, width) in widths.enumerated() { paddedShape[lead + position] += width.before + width.after }
        let result = Tensor.full(paddedShape, value: value, dtype: dtype)
        var interior = result
        for (position, width) in widths.enumerated() {
            interior = interior.narrowed(axis: lead + position, start: width.before, length: shape[lead + position])
        }
        StridedCopy.copy(self, into: interior)
        return result
    }

    /// Why `widths` and `value` cannot pad this tensor, or nil when they can.
    func paddingProblem(_ widths: [(before: Int, after: Int)], value: Double) -> String? {
        if widths.count > rank {
            return "padded: \(widths.count) (before, after) pairs for a tensor of shape \(shape)"
        }
        if let negative = widths.first(where: { $0.before < 0 || $0.after < 0 }) {
            return "padded: negative width (\(negative.before), \(negative.after)) for shape \(shape)"
        }
        if dtype == .int64 && !(value.rounded() == value && Swift.abs(value) < 0x1p63) {
            return "padded: value \(value) is not a whole number for an int64 tensor"
        }
        return nil
    }
}
