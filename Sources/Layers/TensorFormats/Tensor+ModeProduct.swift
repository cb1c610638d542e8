import Tensor

extension Tensor {
    /// The mode-n unfolding X₍ₙ₎ [Iₙ, Π_{k≠n} I_k]: axis `mode` first, the others in order, flattened.
    public func unfolded(mode: Int) -> Tensor {
        precondition(mode >= 0 && mode < rank, "unfolded: mode \(mode) of a tensor of shape \(shape)")
        let order = [mode] + (0..<rank).filter { $0 != mode }
        return permuted(order).contiguous().reshaped([shape[mode], count / Swift.max(shape[mode], 1)])
    }

    /// The mode-n product X ×ₙ U with U [J, Iₙ]: (X ×ₙ U)[…, j, …] = Σᵢ U[j, i]·X[…, i, …]; axis n of the result
    /// has length J. One GEMM on the unfolding.
    public func modeProduct(_ matrix: Tensor, mode: Int) -> Tensor {
        precondition(
            mode >= 0 && mode < rank && matrix.rank == 2 && matrix.shape[1] == shape[mode],
            "modeProduct: matrix \(matrix.shape) against mode \(mode) of a tensor of shape \(shape)")
        let others = (0..<rank).filter { $0 != mode }
        let product = matrix.matmul(unfolded(mode: mode))
        let moved = product.reshaped([matrix.shape[0]] + others.map { shape[$0] })
        // Axis 0 of `moved` is the new mode; put it back at position `mode`.
        var inverse = [Int](repeating: 0, count: rank)
        for (position, axis) in ([mode] + others).enumerated() { inverse[axis] = position }
        return moved.permuted(inverse).contiguous()
    }
}
