/// The Kronecker product.
extension Tensor {
    /// The Kronecker product of this tensor and `other` (torch.kron, np.kron), optionally batched.
    ///
    /// For matrices `A: [m, n]` and `B: [p, q]` the result is the `[m·p, n·q]` block matrix whose block `(i, j)` is
    /// `A[i, j] · B`. In general the two tensors' non-batch axes are aligned from the right (the shorter one gets
    /// leading axes of size 1) and `result[i·b + k] = A[i] · B[k]` axis by axis, with `b` the size of `B`'s axis.
    ///
    /// The first `batchAxes` axes of both tensors are batch axes instead: they broadcast by the NumPy rule and the
    /// product is taken per batch element (`[s, m, n]` and `[s, p, q]` with `batchAxes: 1` give `[s, m·p, n·q]`).
    /// Both tensors have one dtype: `float32`, `float64`, `int64` (products wrap on overflow, as in NumPy), or `bool`
    /// (where the product is AND).
    public func kronecker(_ other: Tensor, batchAxes: Int = 0) -> Tensor {
        precondition(
            dtype == other.dtype,
            "kronecker: dtypes \(dtype) and \(other.dtype) differ (shapes \(shape), \(other.shape))")
        precondition(
            batchAxes >= 0 && rank >= batchAxes && other.rank >= batchAxes,
            "kronecker: \(batchAxes) batch axes for shapes \(shape) and \(other.shape)")
        let coreRank = Swift.max(rank, other.rank) - batchAxes
        let left = kroneckerFactor(batchAxes: batchAxes, coreRank: coreRank, first: true)
        let right = other.kroneckerFactor(batchAxes: batchAxes, coreRank: coreRank, first: false)
        let name = { "kronecker: \(shape) ⊗ \(other.shape) with \(batchAxes) batch axes" }
        let product =
            switch dtype {
            case .float32: Elementwise.binary(left, right, Float.self, Float.self, op: name()) { $0 * $1 }
            case .float64: Elementwise.binary(left, right, Double.self, Double.self, op: name()) { $0 * $1 }
            case .int64: Elementwise.binary(left, right, Int64.self, Int64.self, op: name()) { $0 &* $1 }
            case .bool: Elementwise.binary(left, right, Bool.self, Bool.self, op: name()) { $0 && $1 }
            }
        // product: batch + [a₀, b₀, a₁, b₁, …] → batch + [a₀·b₀, a₁·b₁, …]
        let batch = Array(product.shape.dropLast(2 * coreRank))
        let pairs = product.shape.suffix(2 * coreRank)
        let merged = stride(from: pairs.startIndex, to: pairs.endIndex, by: 2).map { pairs[$0] * pairs[$0 + 1] }
        return product.reshaped(batch + merged)
    }

    /// This tensor viewed as `batch + [a₀, 1, a₁, 1, …]` (`first`) or `batch + [1, b₀, 1, b₁, …]`, its non-batch
    /// axes padded on the left to `coreRank`.
    private func kroneckerFactor(batchAxes: Int, coreRank: Int, first: Bool) -> Tensor {
        let padding = coreRank - (rank - batchAxes)
        let coreShape = [Int](repeating: 1, count: padding) + shape.dropFirst(batchAxes)
        let coreStrides = [Int](repeating: 0, count: padding) + strides.dropFirst(batchAxes)
        var newShape = Array(shape.prefix(batchAxes))
        var newStrides = Array(strides.prefix(batchAxes))
        for axis in 0..<coreRank {
            newShape += first ? [coreShape[axis], 1] : [1, coreShape[axis]]
            newStrides += first ? [coreStrides[axis], 0] : [0, coreStrides[axis]]
        }
        return view(shape: newShape, strides: newStrides)
    }
}
