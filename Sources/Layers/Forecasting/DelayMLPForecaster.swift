import Autograd
import Tensor

/// A one-step forecaster from a window of delayed states: x̂_{t+1} = x_t + MLP([x_{t−k+1}, …, x_t]), the window
/// flattened (the domain-agnostic neural baseline of chaotic forecasting).
public final class DelayMLPForecaster: Module, UnaryLayer {
    public let network: MLP
    /// k, the states in a window.
    public let window: Int
    public let inputDimensions: Int

    /// An MLP kD → hidden… → D.
    public init(
        inputDimensions: Int, window: Int, hiddenDimensions: [Int] = [128, 128], activation: ActivationFunction = .gelu,
        dtype: DType = .float32, using generator: inout RandomGenerator
    ) {
        precondition(
            inputDimensions >= 1 && window >= 1,
            "DelayMLPForecaster: inputs \(inputDimensions), window \(window) must be ≥ 1")
        network = MLP(
            [window * inputDimensions] + hiddenDimensions + [inputDimensions], activation: activation, dtype: dtype,
            using: &generator)
        self.window = window
        self.inputDimensions = inputDimensions
        super.init()
    }

    /// Windows `[B, k, D]` → next states `[B, D]`.
    public func callAsFunction(_ windows: Variable) -> Variable {
        precondition(
            windows.rank == 3 && windows.shape[1] == window && windows.shape[2] == inputDimensions,
            "DelayMLPForecaster: windows [B, \(window), \(inputDimensions)] needed, got \(windows.shape)")
        let last = windows.narrowed(axis: 1, start: window - 1, length: 1).squeezed(axis: 1)
        return last + network(windows.reshaped([windows.shape[0], window * inputDimensions]))
    }

    /// The `steps` states after `context` `[B, C ≥ k, D]` (in the network's dtype), without recording: `[B, steps, D]`.
    public func forecast(context: Tensor, steps: Int) -> Tensor {
        withoutGradients {
            AutoregressiveRollout.forecast(context: context, window: window, steps: steps) { self(Variable($0)).value }
        }
    }
}
