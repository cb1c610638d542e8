import Autograd
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
        var x = Variable(x)
        for _ in 0..<steps { x = Self.step(x, size: step) { Variable(derivative($0.value)) } }
        return x.value
    }

    /// One step of size h for a differentiable field: x + h/6·(k₁ + 2k₂ + 2k₃ + k₄), with k₁ = f(x),
    /// k₂ = f(x + h/2·k₁), k₃ = f(x + h/2·k₂), k₄ = f(x + h·k₃). Differentiable in x (tangent propagation).
    public static func step(_ x: Variable, size h: Double, field f: (Variable) -> Variable) -> Variable {
        let k1 = f(x)
        let k2 = f(x + k1 * (h / 2))
        let k3 = f(x + k2 * (h / 2))
        let k4 = f(x + k3 * h)
        return x + (k1 + (k2 + k3) * 2 + k4) * (h / 6)
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
