import Autograd
import Tensor

extension StationaryKernel {
    /// The derivative matrix κ⁽ⁿ⁾(xᵢ − xⱼ) `[count, count]` on the 1-D uniform grid xᵢ = i·spacing, built from its
    /// 2·count − 1 distinct lags (the matrix is Toeplitz): the kernel is evaluated O(count) times instead of O(count²),
    /// which is what makes spectral-mixture kernels with many components cheap on grids. Equal to
    /// `matrix(x, x, axis: 0, orders: (order, 0))` for 1-D inputs.
    public func gridMatrix(count: Int, spacing: Double, order: Int = 0, dtype: DType = .float64) -> Variable {
        precondition(
            count >= 1 && spacing > 0,
            "StationaryKernel.gridMatrix: needs count ≥ 1 and spacing > 0, got \(count), \(spacing)")
        // Lag index i − j + count − 1 ∈ [0, 2·count − 2] for row i, column j.
        let lags = Tensor.linspace(Double(1 - count), Double(count - 1), count: 2 * count - 1, dtype: dtype) * spacing
        let profile = derivative(at: lags.unsqueezed(axis: 1), axis: 0, order: order)
        var indices = [Int64](repeating: 0, count: count * count)
        for i in 0..<count {
            for j in 0..<count { indices[i * count + j] = Int64(i - j + count - 1) }
        }
        let index = Tensor(indices, shape: [count * count])
        return profile.indexSelected(axis: 0, indices: index).reshaped([count, count])
    }
}
