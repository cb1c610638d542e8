/// Splitting a tensor into consecutive pieces along an axis (views, no copy).
extension Tensor {
    /// Views of consecutive pieces along `axis` with the given sizes, which are non-negative and add up to the
    /// size of `axis`.
    ///
    /// A `[5, 3]` tensor split with sizes `[2, 3]` along axis 0 gives views of shapes `[2, 3]` and `[3, 3]`.
    /// The pieces share this tensor's storage.
    public func split(sizes: [Int], axis: Int = 0) -> [Tensor] {
        let splitAxis = Layout.normalizeAxis(axis, shape: shape, op: "split(sizes:)")
        if let problem = splitProblem(sizes: sizes, axis: splitAxis) { preconditionFailure(problem) }
        var start = 0
        return sizes.map { size in
            defer { start += size }
            return narrowed(axis: splitAxis, start: start, length: size)
        }
    }

    /// `count` views of equal size along `axis`, whose size must be divisible by `count` (like `np.split` with an
    /// integer and mlx's `split(parts:)`).
    ///
    /// A `[6, 4]` tensor split into 3 along axis 0 gives three `[2, 4]` views sharing this tensor's storage.
    public func split(count: Int, axis: Int = 0) -> [Tensor] {
        let splitAxis = Layout.normalizeAxis(axis, shape: shape, op: "split(count:)")
        if let problem = splitProblem(count: count, axis: splitAxis) { preconditionFailure(problem) }
        return split(sizes: Array(repeating: shape[splitAxis] / count, count: count), axis: splitAxis)
    }

    /// Why `sizes` do not split `axis` (already resolved), or nil when they do.
    func splitProblem(sizes: [Int], axis: Int) -> String? {
        if let negative = sizes.first(where: { $0 < 0 }) {
            return "split(sizes:): negative size \(negative) in \(sizes)"
        }
        let total = sizes.reduce(0, +)
        if total != shape[axis] {
            return "split(sizes:): sizes \(sizes) add up to \(total), but axis \(axis) of shape \(shape) has size "
                + "\(shape[axis])"
        }
        return nil
    }

    /// Why `axis` (already resolved) cannot be split into `count` equal parts, or nil when it can.
    func splitProblem(count: Int, axis: Int) -> String? {
        if count <= 0 { return "split(count:): count must be positive, got \(count)" }
        if shape[axis] % count != 0 {
            return "split(count:): axis \(axis) of shape \(shape) has size \(shape[axis]), not divisible by \(count)"
        }
        return nil
    }
}
