import Tensor

/// HAVOK / Hankel-DMD as a one-step forecaster of a scalar series from its last q values (Brunton et al. 2017,
/// "Chaos as an intermittently forced linear system"), in discrete time.
///
/// Fit: the SVD of the Hankel matrix H = Wᵀ `[q, N]` (columns the delay windows) gives the r leading modes U_r
/// `[q, r]`; the delay coordinates z = U_rᵀw evolve linearly, z_{t+1} ≈ A·z_t, with A `[r, r]` by least squares over
/// the training pairs (the last coordinate, HAVOK's intermittent forcing, is known at time t and kept in the
/// regression). Forecast: the newest entry of the window U_r·A·U_rᵀ·w_t. Float64 throughout.
public struct HAVOK: Sendable {
    /// U_r, `[q, r]`.
    public let modes: Tensor
    /// A, `[r, r]` (acting on row vectors: z_{t+1}ᵀ = z_tᵀ·A).
    public let transition: Tensor
    /// The leading r singular values of H.
    public let singularValues: [Double]

    /// Fits rank `rank` on windows `[N, q]` and the windows one step later `[N, q]`.
    /// - Throws: `LinearAlgebraError` if the SVD or the least-squares solve fails.
    public init(windows: Tensor, nextWindows: Tensor, rank r: Int) throws {
        precondition(
            windows.rank == 2 && windows.shape == nextWindows.shape && r >= 1 && r <= windows.shape[1]
                && r <= windows.shape[0],
            "HAVOK: windows \(windows.shape) and next windows \(nextWindows.shape) must be one [N, q] shape, "
                + "rank \(r) at most min(N, q)")
        let w = windows.cast(to: .float64)
        let (u, s, _) = try Linalg.svd(w.transposed())
        modes = u.narrowed(axis: 1, start: 0, length: r).contiguous()
        singularValues = Array(s.toDoubles().prefix(r))
        let z = w.matmul(modes)
        let zNext = nextWindows.cast(to: .float64).matmul(modes)
        transition = try Linalg.leastSquares(z, zNext)
    }

    /// The rank r.
    public var rank: Int { modes.shape[1] }

    /// The forecast x_{t+q} of each window `[M, q]` → `[M]` (Float64).
    public func predictNext(_ windows: Tensor) -> Tensor {
        precondition(
            windows.rank == 2 && windows.shape[1] == modes.shape[0],
            "HAVOK.predictNext: windows \(windows.shape) must be [M, \(modes.shape[0])]")
        let newest = modes.narrowed(axis: 0, start: modes.shape[0] - 1, length: 1).transposed()  // [r, 1]
        return windows.cast(to: .float64).matmul(modes).matmul(transition).matmul(newest).squeezed(axis: 1)
    }
}
