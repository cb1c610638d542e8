import Autograd
import Foundation
import Layers
import Tensor

/// The two networks of the comparison, both q → q → q → 1 with tanh, mapping a normalized delay window to the
/// normalized next increment:
/// - dense: the MLP q→64→64→1 (PLAN's baseline);
/// - structured (our reading of StNN): a Hankel layer, then a Toeplitz layer (2q − 1 weights each, plus biases),
///   then a dense q → 1 read-out.
enum DelayNetworks {
    static func dense(window q: Int, using generator: inout RandomGenerator) -> Sequential {
        Sequential([MLP([q, q, q, 1], activation: .tanh, using: &generator)])
    }

    static func structured(
        window q: Int, method: StructuredMatrix.ProductMethod = .gather, using generator: inout RandomGenerator
    ) -> Sequential {
        Sequential([
            StructuredLinear(q, q, structure: .hankel, method: method, using: &generator), Activation(.tanh),
            StructuredLinear(q, q, structure: .toeplitz, method: method, using: &generator), Activation(.tanh),
            Linear(q, 1, using: &generator),
        ])
    }
}

/// A trained delay network as a forecaster of raw x: the window is standardized with the training mean and standard
/// deviation, the network's output is the increment x_{t+1} − x_t in units of its training standard deviation.
struct DelayForecaster {
    let network: Sequential
    let mean: Double
    let scale: Double
    let incrementScale: Double

    /// The network's inputs `[N, q]` (Float32) for raw windows `[N, q]`.
    func inputs(_ windows: Tensor) -> Tensor { ((windows - mean) / scale).cast(to: .float32) }

    /// The next value of each raw window `[N, q]` → `[N]` (Float64).
    func predictNext(_ windows: Tensor) -> Tensor {
        let q = windows.shape[1]
        let increments = withoutGradients { network(Variable(inputs(windows))) }.value.cast(to: .float64)
        return windows.selected(axis: 1, index: q - 1) + increments.squeezed(axis: 1) * incrementScale
    }
}

/// Autoregressive rollout of a one-step window forecaster: the prediction is appended and the oldest value dropped.
enum DelayRollout {
    /// The forecasts x̂_{t+1…t+h} of each window `[M, q]`: `[M, h]`.
    static func rollout(_ windows: Tensor, horizon h: Int, _ predictNext: (Tensor) -> Tensor) -> Tensor {
        let q = windows.shape[1]
        var window = windows.cast(to: .float64)
        var forecasts: [Tensor] = []
        for _ in 0..<h {
            let next = predictNext(window).unsqueezed(axis: 1)
            forecasts.append(next)
            window = Tensor.concatenated([window.narrowed(axis: 1, start: 1, length: q - 1), next], axis: 1)
        }
        return Tensor.concatenated(forecasts, axis: 1)
    }
}
