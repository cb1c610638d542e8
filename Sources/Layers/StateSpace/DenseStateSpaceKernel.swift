import Tensor

/// The convolution kernel of a dense state-space system (S4's HiPPO matrix itself, not a diagonal form) by bilinear
/// discretization and matrix powers, in float64: a reference for diagonal approximations.
public enum DenseStateSpaceKernel {
    /// K_l = C·Ā^l·B̄ for l < `length`, with Ā = (I − ΔA/2)⁻¹(I + ΔA/2) and B̄ = (I − ΔA/2)⁻¹·ΔB.
    /// - Parameters: A `[n, n]`, B `[n]`, C `[k, n]` (k outputs).
    /// - Returns: `[k, L]`.
    public static func bilinear(stateMatrix a: Tensor, input b: Tensor, output c: Tensor, step: Double, length: Int)
        throws -> Tensor
    {
        let n = a.shape[0]
        let a = a.cast(to: .float64)
        let identity = Tensor.eye(n, dtype: .float64)
        let backward = identity - a * (step / 2)
        let state = try Linalg.solve(backward, identity + a * (step / 2))
        var x = try Linalg.solve(backward, b.cast(to: .float64).reshaped([n, 1]) * step)  // [n, 1]
        var columns: [Tensor] = []
        columns.reserveCapacity(length)
        for _ in 0..<length {
            columns.append(x)
            x = state.matmul(x)
        }
        return c.cast(to: .float64).reshaped([-1, n]).matmul(Tensor.concatenated(columns, axis: 1))
    }
}
