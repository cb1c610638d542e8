import Foundation
import Tensor

/// Adam (Kingma & Ba), and AdamW when `decoupledWeightDecay` is true (Loshchilov & Hutter).
///
/// m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − lr·m̂/(√v̂ + ε) with bias-corrected m̂, v̂.
/// Weight decay λ adds λθ to g (Adam, as PyTorch's `Adam(weight_decay=)`), or multiplies θ by (1 − lr·λ) before
/// the step (AdamW).
public class Adam: Optimizer {
    public var learningRate: Double
    public let beta1: Double, beta2: Double, epsilon: Double
    public let weightDecay: Double
    public let decoupledWeightDecay: Bool
    private var slots: ParameterSlots
    private var steps: [Int]

    public init(
        parameters: [Parameter], learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
        epsilon: Double = 1e-8, weightDecay: Double = 0, decoupledWeightDecay: Bool = false
    ) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupledWeightDecay = decoupledWeightDecay
        self.slots = ParameterSlots(
            parameters, optimizer: decoupledWeightDecay ? "AdamW" : "Adam", slotNames: ["m", "v", "step"])
        self.steps = Array(repeating: 0, count: parameters.count)
    }

    public var parameters: [Parameter] { slots.parameters }

    public func step() {
        slots.step(learningRate: learningRate, defaultDecay: weightDecay) { i, parameter, gradient, lr, decay, slot in
            steps[i] += 1
            let t = Double(steps[i])
            slot["step"] = Tensor(scalar: t, dtype: .float64)
            let correction1 = 1 - Foundation.pow(beta1, t)
            let correction2 = 1 - Foundation.pow(beta2, t)
            return parameter.dtype == .float32
                ? update(Float.self, parameter.value, gradient, &slot, lr, decay, correction1, correction2)
                : update(Double.self, parameter.value, gradient, &slot, lr, decay, correction1, correction2)
        }
    }

    /// One fused pass over θ, g, m and v (a loop LLVM vectorizes: see `vectorizableSquareRoot`).
    private func update<T: FloatElement>(
        _: T.Type, _ value: Tensor, _ gradient: Tensor, _ slot: inout [String: Tensor], _ lr: Double, _ decay: Double,
        _ correction1: Double, _ correction2: Double
    ) -> Tensor {
        let b1 = T(beta1)
        let b2 = T(beta2)
        let eps = T(epsilon)
        let stepSize = T(lr / correction1)
        let rootCorrection2 = T(correction2.squareRoot())
        let coupled = decoupledWeightDecay ? T(0) : T(decay)
        let shrink = decoupledWeightDecay ? T(1 - lr * decay) : T(1)
        return ElementwiseUpdate.run(
            T.self, value: value, gradient: gradient, slots: &slot, names: ["m", "v"], cost: 8
        ) {
            updated, theta, g, state, n in
            let m = state[0]
            let v = state[1]
            for j in 0..<n {
                let gj = g[j] + coupled * theta[j]
                m[j] = b1 * m[j] + (1 - b1) * gj
                v[j] = b2 * v[j] + (1 - b2) * gj * gj
                updated[j] =
                    shrink * theta[j] - stepSize * m[j] / (v[j].vectorizableSquareRoot() / rootCorrection2 + eps)
            }
        }
    }

    public var state: [String: Tensor] { slots.state }

    public func load(state: [String: Tensor]) throws {
        try slots.load(state)
        steps = slots.slots.map { Int($0["step"]?.item() ?? 0) }
    }
}

/// AdamW: Adam with decoupled weight decay θ ← θ(1 − lr·λ) (default λ = 0.01, as PyTorch).
public final class AdamW: Adam {
    public init(
        parameters: [Parameter], learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
        epsilon: Double = 1e-8, weightDecay: Double = 0.01
    ) {
        super.init(
            parameters: parameters, learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
            weightDecay: weightDecay, decoupledWeightDecay: true)
    }
}
