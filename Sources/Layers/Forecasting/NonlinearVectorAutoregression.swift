import Tensor

/// Nonlinear vector autoregression, the "next-generation reservoir computer" (Gauthier et al. 2021): a ridge
/// regression of the next increment on polynomial features of a few delayed states.
///
/// With the k delayed states of a window, L = [x_t, x_{t−s}, …, x_{t−(k−1)s}] `[kD]`, the features are
/// φ = [1, L, (L_i·L_j)_{i≤j}] (1 + m + m(m + 1)/2 of them, m = kD), and x̂_{t+1} = x_t + W_outᵀ·φ.
public struct NonlinearVectorAutoregression {
    /// k, the delayed states in the features.
    public let delays: Int
    /// s, the steps between them.
    public let spacing: Int
    public let inputDimensions: Int
    /// W_out `[F, D]`, nil before `fit`.
    public private(set) var readout: Tensor?
    /// The flat positions i·m + j (i ≤ j) of the quadratic monomials in L⊗L.
    private let quadraticPositions: Tensor

    public init(inputDimensions: Int, delays: Int = 2, spacing: Int = 1) {
        precondition(
            inputDimensions >= 1 && delays >= 1 && spacing >= 1,
            "NonlinearVectorAutoregression: inputs \(inputDimensions), delays \(delays), spacing \(spacing)")
        self.inputDimensions = inputDimensions
        self.delays = delays
        self.spacing = spacing
        let m = delays * inputDimensions
        let positions = (0..<m).flatMap { i in (i..<m).map { j in Int64(i * m + j) } }
        quadraticPositions = Tensor(positions, shape: [positions.count])
    }

    /// The states a window spans, (k − 1)s + 1.
    public var window: Int { (delays - 1) * spacing + 1 }
    /// F = 1 + m + m(m + 1)/2.
    public var featureCount: Int { 1 + delays * inputDimensions + quadraticPositions.shape[0] }

    /// φ for windows `[B, window, D]` (oldest first): `[B, F]`.
    public func features(_ windows: Tensor) -> Tensor {
        precondition(
            windows.rank == 3 && windows.shape[1] == window && windows.shape[2] == inputDimensions,
            "NonlinearVectorAutoregression.features: windows [B, \(window), \(inputDimensions)] needed, got "
                + "\(windows.shape)")
        let batch = windows.shape[0]
        let linear = Tensor.concatenated(
            (0..<delays).map { windows.selected(axis: 1, index: window - 1 - $0 * spacing) }, axis: 1)
        let m = linear.shape[1]
        let outer = (linear.unsqueezed(axis: 2) * linear.unsqueezed(axis: 1)).reshaped([batch, m * m])
        return Tensor.concatenated(
            [Tensor.ones([batch, 1], dtype: windows.dtype), linear,
             outer.indexSelected(axis: 1, indices: quadraticPositions)], axis: 1)
    }

    /// Fits W_out on series `[B, T, D]` (Float64) with ridge α.
    /// - Throws: `LinearAlgebraError.notPositiveDefinite` if the ridge system is singular.
    public mutating func fit(_ series: Tensor, ridge: Double) throws {
        let (inputs, targets) = DelayEmbedding.windows(series, length: window)
        let last = inputs.selected(axis: 1, index: window - 1)
        readout = try RidgeRegression.fit(features: features(inputs), targets: targets - last, ridge: ridge)
    }

    /// x̂_{t+1} for windows `[B, window, D]`: `[B, D]`.
    public func next(_ windows: Tensor) -> Tensor {
        guard let readout else { preconditionFailure("NonlinearVectorAutoregression.next: call fit first") }
        return windows.selected(axis: 1, index: window - 1) + features(windows).matmul(readout)
    }

    /// The `steps` states after `context` `[B, C ≥ window, D]`, `[B, steps, D]`.
    public func forecast(context: Tensor, steps: Int) -> Tensor {
        AutoregressiveRollout.forecast(context: context, window: window, steps: steps, next: next)
    }
}
