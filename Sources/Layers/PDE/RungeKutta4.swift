import Tensor

/// The classical fourth-order Runge–Kutta method for x' = f(x) (autonomous) on a tensor state of any shape.
public struct RungeKutta4 {
    public let step: Double
    public let derivative: (Tensor) -> Tensor

    public init(step: Double, derivative: @escaping (Tensor) -> Tensor) {
        precondition(step > 0, "RungeKutta4: step must be > 0, got \(step)")
        self.step = step
        self.derivative = derivative
    }

    /// x after `steps` steps.
    public func advance(_ x: Tensor, steps: Int = 1) -> Tensor {
        var x = x
        let h = step
        for _ in 0..<steps {
            let k1 = derivative(x)
            let k2 = derivative(x + k1 * (h / 2))
            let k3 = derivative(x + k2 * (h / 2))
            let k4 = derivative(x + k3 * h)
            x = x + (k1 + (k2 + k3) * 2 + k4) * (h / 6)
        }
        return x
    }

    /// x(m·every·h) for m = 1…count: a state of shape s gives `[count] + s`.
    public func trajectory(from x: Tensor, snapshots count: Int, every: Int = 1) -> Tensor {
        var state = x
        var frames: [Tensor] = []
        for _ in 0..<count {
            state = advance(state, steps: every)
            frames.append(state.unsqueezed(axis: 0))
        }
        return Tensor.concatenated(frames)
    }
}
