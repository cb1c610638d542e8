import Autograd
import Tensor

/// The 2-D Fourier neural operator of Li et al. (2021) (`fourier_2d.py`): the input `[B, H, W, inputChannels]` on
/// the grid (i/(H − 1), j/(W − 1)) of [0, 1]², with the two grid coordinates appended as channels when `appendsGrid`,
///
///     Linear c+2 → width → (Fourier layer, GELU) × (L − 1) → Fourier layer → Linear width → projection → GELU
///     → Linear projection → outputs,
///
/// gives `[B, H, W, outputChannels]`; the Fourier layers run `[B, width, H, W]`.
public final class FNO2d: Module, UnaryLayer {
    public let lift: Linear
    public let layers: [FourierLayer2d]
    public let projection: MLP
    public let appendsGrid: Bool

    public init(
        inputChannels: Int = 1, outputChannels: Int = 1, rowModes: Int, columnModes: Int, width: Int,
        layerCount: Int = 4, projectionWidth: Int = 128, appendsGrid: Bool = true, path: SpectralPath = .automatic,
        dtype: DType = .float32, using generator: inout RandomGenerator
    ) {
        precondition(layerCount >= 1, "FNO2d: needs at least one Fourier layer, got \(layerCount)")
        lift = Linear(inputChannels + (appendsGrid ? 2 : 0), width, dtype: dtype, using: &generator)
        layers = (0..<layerCount).map { _ in
            FourierLayer2d(
                width: width, rowModes: rowModes, columnModes: columnModes, path: path, dtype: dtype, using: &generator)
        }
        projection = MLP([width, projectionWidth, outputChannels], activation: .gelu, dtype: dtype, using: &generator)
        self.appendsGrid = appendsGrid
        super.init()
    }

    /// `[B, H, W, inputChannels]` → `[B, H, W, outputChannels]`.
    public func callAsFunction(_ x: Variable) -> Variable {
        let expected = lift.inputDimensions - (appendsGrid ? 2 : 0)
        precondition(
            x.rank == 4 && x.shape[3] == expected, "FNO2d: input \(x.shape) must be [batch, H, W, \(expected)]")
        var h = lift(appendsGrid ? FNO2d.withGrid(x) : x).permuted([0, 3, 1, 2])  // [B, width, H, W]
        for (i, layer) in layers.enumerated() {
            h = layer(h)
            if i < layers.count - 1 { h = h.gelu() }
        }
        return projection(h.permuted([0, 2, 3, 1]))
    }

    /// `[B, H, W, c]` with the coordinates i/(H − 1) and j/(W − 1) appended as channels c and c + 1.
    public static func withGrid(_ x: Variable) -> Variable {
        let (batch, height, width) = (x.shape[0], x.shape[1], x.shape[2])
        let coordinate = { (i: Int, n: Int) in n > 1 ? Double(i) / Double(n - 1) : 0 }
        var values = [Double]()
        values.reserveCapacity(height * width * 2)
        for i in 0..<height {
            for j in 0..<width { values += [coordinate(i, height), coordinate(j, width)] }
        }
        let grid = Tensor(values, shape: [1, height, width, 2], dtype: x.dtype).expanded(to: [batch, height, width, 2])
        return Variable.concatenated([x, Variable(grid)], axis: 3)
    }
}
