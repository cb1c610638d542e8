import Foundation
import Tensor

/// The adaptive Dormand–Prince 5(4) Runge–Kutta method (MATLAB's `ode45`, SciPy's `RK45`) for x' = f(x), for
/// reference solutions: each step advances with the fifth-order solution and sizes the next step from the difference
/// to the embedded fourth-order one.
///
/// The error of a step is ‖e / (atol + rtol·max(|x|, |x_new|))‖_RMS over every element of the state (all trajectories
/// of a batch together); a step is accepted when it is ≤ 1, and the next size is h·min(5, max(0.2, 0.9·err^(−1/5))).
/// The seventh stage of an accepted step is the first of the next (FSAL).
public struct DormandPrince {
    public let relativeTolerance: Double
    public let absoluteTolerance: Double
    public let derivative: (Tensor) -> Tensor

    public init(
        relativeTolerance: Double = 1e-8, absoluteTolerance: Double = 1e-10, derivative: @escaping (Tensor) -> Tensor
    ) {
        precondition(
            relativeTolerance > 0 && absoluteTolerance > 0,
            "DormandPrince: tolerances must be > 0, got rtol \(relativeTolerance), atol \(absoluteTolerance)")
        self.relativeTolerance = relativeTolerance
        self.absoluteTolerance = absoluteTolerance
        self.derivative = derivative
    }

    /// The counts of one integration.
    public struct Statistics: Sendable, Equatable {
        public var acceptedSteps = 0
        public var rejectedSteps = 0
    }

    /// x(t + duration) from x(t), a state of any shape.
    public func advance(_ x: Tensor, by duration: Double) -> Tensor {
        var step = initialStep(x)
        var statistics = Statistics()
        return integrate(x, duration: duration, step: &step, statistics: &statistics)
    }

    /// x(m·interval) for m = 1…count: a state of shape s gives `[count] + s`, and the step counts.
    public func trajectory(from x: Tensor, interval: Double, snapshots count: Int) -> (
        states: Tensor, statistics: Statistics
    ) {
        precondition(interval > 0 && count >= 1, "DormandPrince.trajectory: interval \(interval), count \(count)")
        var state = x
        var step = initialStep(x)
        var statistics = Statistics()
        var frames: [Tensor] = []
        for _ in 0..<count {
            state = integrate(state, duration: interval, step: &step, statistics: &statistics)
            frames.append(state.unsqueezed(axis: 0))
        }
        return (Tensor.concatenated(frames), statistics)
    }

    /// Integrates over `duration`, starting with `step` and leaving there the size proposed for the next step (the
    /// last step is shortened to land on the end).
    func integrate(_ x: Tensor, duration: Double, step: inout Double, statistics: inout Statistics) -> Tensor {
        precondition(duration >= 0, "DormandPrince: duration must be ≥ 0, got \(duration)")
        var x = x
        var k1 = derivative(x)
        var time = 0.0
        while time < duration {
            let h = Swift.min(step, duration - time)
            let k2 = derivative(x + k1 * (h / 5))
            let k3 = derivative(x + (k1 * (3.0 / 40) + k2 * (9.0 / 40)) * h)
            let k4 = derivative(x + (k1 * (44.0 / 45) - k2 * (56.0 / 15) + k3 * (32.0 / 9)) * h)
            let k5 = derivative(
                x + (k1 * (19372.0 / 6561) - k2 * (25360.0 / 2187) + k3 * (64448.0 / 6561) - k4 * (212.0 / 729)) * h)
            let k6 = derivative(
                x
                    + (k1 * (9017.0 / 3168) - k2 * (355.0 / 33) + k3 * (46732.0 / 5247) + k4 * (49.0 / 176)
                        - k5 * (5103.0 / 18656)) * h)
            let increment =
                (k1 * (35.0 / 384) + k3 * (500.0 / 1113) + k4 * (125.0 / 192) - k5 * (2187.0 / 6784) + k6 * (11.0 / 84))
                * h
            let next = x + increment
            let k7 = derivative(next)
            let error =
                (k1 * (71.0 / 57600) - k3 * (71.0 / 16695) + k4 * (71.0 / 1920) - k5 * (17253.0 / 339200)
                    + k6 * (22.0 / 525) - k7 * (1.0 / 40)) * h
            let scale = x.abs().maximum(next.abs()) * relativeTolerance + absoluteTolerance
            let norm = (error / scale).square().mean().item().squareRoot()
            precondition(norm.isFinite, "DormandPrince: the solution is not finite at t = \(time) (step \(h))")
            let factor = norm == 0 ? 5 : Swift.min(5, Swift.max(0.2, 0.9 * pow(norm, -0.2)))
            if norm <= 1 {
                x = next
                k1 = k7
                time += h
                statistics.acceptedSteps += 1
                // A step shortened to land on the end says nothing about the size the error allows.
                if h == step || factor < 1 { step = h * factor }
            } else {
                statistics.rejectedSteps += 1
                step = h * Swift.min(1, factor)
            }
        }
        return x
    }

    /// Hairer's first guess: 0.01·‖x‖/‖f(x)‖ in the tolerance-scaled norm (10⁻⁶ when either is tiny).
    func initialStep(_ x: Tensor) -> Double {
        let scale = x.abs() * relativeTolerance + absoluteTolerance
        let d0 = (x / scale).square().mean().item().squareRoot()
        let d1 = (derivative(x) / scale).square().mean().item().squareRoot()
        return d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1
    }
}
