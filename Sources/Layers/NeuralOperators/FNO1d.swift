import Autograd
import Tensor

/// The 1-D Fourier neural operator of Li et al. (2021), as in its `fourier_1d.py` and `../shared/bench`'s `fno1d`:
///
///     [B, n, c] ⊕ grid → Linear c+1 → width → (Fourier layer, GELU) × (L − 1) → Fourier layer
///                     → Linear width → projection → GELU → Linear projection → outputs
///
/// The input `[B, n, inputChannels]` is sampled on the uniform grid x_j = j/(n − 1) of [0, 1], which is appended as
/// one more channel when `appendsGrid`; the output is `[B, n, outputChannels]`. Every layer runs channels last
/// (`[B, n, width]`), so no activation is ever transposed.
///
/// ```swift
/// let fno = FNO1d(modes: 16, width: 64, using: &generator)   // the benchmark's model
/// let y = fno(u)                                              // [20, 1024, 1] → [20, 1024, 1]
/// ```
public final class FNO1d: Module, UnaryLayer {
    public let lift: Linear
    public let layers: [FourierLayer1d]
    public let projection: MLP
    public let appendsGrid: Bool

    public init(
        inputChannels: Int = 1, outputChannels: Int = 1, modes: Int, width: Int, layerCount: Int = 4,
        projectionWidth: Int = 128, appendsGrid: Bool = true, path: SpectralPath = .automatic, dtype: DType = .float32,
        using generator: inout RandomGenerator
    ) {
        precondition(layerCount >= 1, "FNO1d: needs at least one Fourier layer, got \(layerCount)")
        lift = Linear(inputChannels + (appendsGrid ? 1 : 0), width, dtype: dtype, using: &generator)
        layers = (0..<layerCount).map { _ in
            FourierLayer1d(width: width, modes: modes, path: path, dtype: dtype, using: &generator)
        }
        projection = MLP([width, projectionWidth, outputChannels], activation: .gelu, dtype: dtype, using: &generator)
        self.appendsGrid = appendsGrid
        super.init()
    }

    /// `[B, n, inputChannels]` → `[B, n, outputChannels]`.
    public func callAsFunction(_ x: Variable) -> Variable {
        let expected = lift.inputDimensions - (appendsGrid ? 1 : 0)
        precondition(
            x.rank == 3 && x.shape[2] == expected, "FNO1d: input \(x.shape) must be [batch, points, \(expected)]")
        var h = lift(appendsGrid ? FNO1d.withGrid(x) : x)  // [B, n, width]
        for (i, layer) in layers.enumerated() {
            h = layer(h)
            if i < layers.count - 1 { h = h.gelu() }
        }
        return projection(h)
    }

    /// `[B, n, c]` with the grid j/(n − 1) appended as channel c.
    static func withGrid(_ x: Variable) -> Variable {
        let (batch, n) = (x.shape[0], x.shape[1])
        let grid = Tensor((0..<n).map { n > 1 ? Double($0) / Double(n - 1) : 0 }, shape: [1, n, 1], dtype: x.dtype)
        return Variable.concatenated([x, Variable(grid.expanded(to: [batch, n, 1]))], axis: 2)
    }
}
