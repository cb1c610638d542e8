import Tensor

/// Nonlinear vector autoregression, the "next-generation reservoir computer" (Gauthier et al. 2021): a ridge
/// regression of the next increment on polynomial features of a few delayed states.
///
/// With the k delayed states of a window, L = [x_t, x_{t−s}, …, x_{t−(k−1)s}] `[kD]`, the features are the
/// monomials of L up to degree p: φ = [1, L, (L_i·L_j)_{i≤j}, (L_i·L_j·L_l)_{i≤j≤l}, …] (Gauthier's quadratic
/// NVAR is p = 2: 1 + m + m(m + 1)/2 features, m = kD), and x̂_{t+1} = x_t + W_outᵀ·φ.
public struct NonlinearVectorAutoregression {
    /// k, the delayed states in the features.
    public let delays: Int
    /// s, the steps between them.
    public let spacing: Int
    public let inputDimensions: Int
    /// p, the highest degree of the monomials.
    public let degree: Int
    /// W_out `[F, D]`, nil before `fit`.
    public private(set) var readout: Tensor?
    /// For each degree q = 2…p, the monomials of degree q as (position among those of degree q − 1, index j of the
    /// factor L_j), j at least the last index of that monomial, so every monomial appears once.
    private let products: [(previous: Tensor, factor: Tensor)]
    public let featureCount: Int

    public init(inputDimensions: Int, delays: Int = 2, spacing: Int = 1, degree: Int = 2) {
        precondition(
            inputDimensions >= 1 && delays >= 1 && spacing >= 1 && degree >= 1,
            "NonlinearVectorAutoregression: inputs \(inputDimensions), delays \(delays), spacing \(spacing), "
                + "degree \(degree)")
        self.inputDimensions = inputDimensions
        self.delays = delays
        self.spacing = spacing
        self.degree = degree
        let m = delays * inputDimensions
        var lastIndices = Array(0..<m)  // of the monomials of the current degree
        var products: [(previous: Tensor, factor: Tensor)] = []
        var count = 1 + m
        for _ in 1..<degree {
            var previous: [Int64] = []
            var factor: [Int64] = []
            var next: [Int] = []
            for (position, last) in lastIndices.enumerated() {
                for j in last..<m {
                    previous.append(Int64(position))
                    factor.append(Int64(j))
                    next.append(j)
                }
            }
            products.append((Tensor(previous, shape: [previous.count]), Tensor(factor, shape: [factor.count])))
            lastIndices = next
            count += next.count
        }
        self.products = products
        featureCount = count
    }

    /// The states a window spans, (k − 1)s + 1.
    public var window: Int { (delays - 1) * spacing + 1 }

    /// φ for windows `[B, window, D]` (oldest first): `[B, F]`.
    public func features(_ windows: Tensor) -> Tensor {
        precondition(
            windows.rank == 3 && windows.shape[1] == window && windows.shape[2] == inputDimensions,
            "NonlinearVectorAutoregression.features: windows [B, \(window), \(inputDimensions)] needed, got "
                + "\(windows.shape)")
        let linear = Tensor.concatenated(
            (0..<delays).map { windows.selected(axis: 1, index: window - 1 - $0 * spacing) }, axis: 1)
        var parts = [Tensor.ones([windows.shape[0], 1], dtype: windows.dtype), linear]
        for (previous, factor) in products {
            parts.append(
                parts[parts.count - 1].indexSelected(axis: 1, indices: previous)
                    * linear.indexSelected(axis: 1, indices: factor))
        }
        return Tensor.concatenated(parts, axis: 1)
    }

    /// Fits W_out on series `[B, T, D]` (Float64) with ridge α.
    /// - Throws: `LinearAlgebraError.notPositiveDefinite` if the ridge system is singular.
    public mutating func fit(_ series: Tensor, ridge: Double) throws {
        let (inputs, targets) = DelayEmbedding.forecastingPairs(series, length: window)
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
