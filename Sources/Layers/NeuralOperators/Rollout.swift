import Autograd
import Tensor

/// Autoregressive use of a one-step operator u_{t+1} = f(u_t): inference rollouts and unrolled (backpropagation
/// through time) training losses.
public enum Rollout {
    /// u_1, …, u_steps from u_0 without recording a graph: `[B, …]` → `steps` states of the same shape.
    public static func trajectory(_ step: (Variable) -> Variable, from initial: Tensor, steps: Int) -> [Tensor] {
        precondition(steps >= 0, "Rollout.trajectory: steps must be ≥ 0, got \(steps)")
        return withoutGradients {
            var state = Variable(initial)
            return (0..<steps).map { _ in
                state = step(state)
                return state.value
            }
        }
    }

    /// The unrolled loss (1/T) Σ_{t=1..T} loss(f^t(u_0), target_t) through T = `targets.count` steps, differentiable
    /// through the whole chain (BPTT). `targets[t − 1]` is the state after t steps.
    public static func unrolledLoss(
        _ step: (Variable) -> Variable, from initial: Variable, targets: [Variable],
        loss: (Variable, Variable) -> Variable
    ) -> Variable {
        precondition(!targets.isEmpty, "Rollout.unrolledLoss: needs at least one target step")
        var state = initial
        var total: Variable?
        for target in targets {
            precondition(
                target.shape == state.shape, "Rollout.unrolledLoss: target \(target.shape) for a state \(state.shape)")
            state = step(state)
            let term = loss(state, target)
            total = total.map { $0 + term } ?? term
        }
        return total! * (1 / Double(targets.count))
    }
}
