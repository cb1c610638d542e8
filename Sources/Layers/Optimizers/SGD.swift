import Tensor

/// Stochastic gradient descent with optional momentum (heavy ball or Nesterov) and weight decay, as PyTorch's SGD:
/// g ← g + λθ; b ← μb + (1 − dampening)g; d = g + μb (Nesterov) or b; θ ← θ − lr·d.
public final class SGD: Optimizer {
    public var learningRate: Double
    public let momentum: Double, dampening: Double, weightDecay: Double
    public let nesterov: Bool
    private var slots: ParameterSlots

    public init(
        parameters: [Parameter], learningRate: Double, momentum: Double = 0, dampening: Double = 0,
        weightDecay: Double = 0, nesterov: Bool = false
    ) {
        precondition(!nesterov || (momentum > 0 && dampening == 0), "SGD: Nesterov needs momentum > 0 and no dampening")
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
        self.slots = ParameterSlots(parameters, optimizer: "SGD", slotNames: ["momentum"])
    }

    public var parameters: [Parameter] { slots.parameters }

    public func step() {
        slots.step(learningRate: learningRate, defaultDecay: weightDecay) { _, parameter, gradient, lr, decay, slot in
            let first = slot["momentum"] == nil
            return parameter.dtype == .float32
                ? update(Float.self, parameter.value, gradient, &slot, lr, decay, first)
                : update(Double.self, parameter.value, gradient, &slot, lr, decay, first)
        }
    }

    private func update<T: FloatElement>(
        _: T.Type, _ value: Tensor, _ gradient: Tensor, _ slot: inout [String: Tensor], _ lr: Double, _ decay: Double,
        _ first: Bool
    ) -> Tensor {
        let rate = T(lr)
        let lambda = T(decay)
        let mu = T(momentum)
        let keep = first ? T(1) : T(1 - dampening)
        if momentum == 0 {
            return ElementwiseUpdate.run(T.self, value: value, gradient: gradient, slots: &slot, names: [], cost: 2) {
                updated, theta, g, _, n in
                for j in 0..<n { updated[j] = theta[j] - rate * (g[j] + lambda * theta[j]) }
            }
        }
        let nesterov = self.nesterov
        return ElementwiseUpdate.run(
            T.self, value: value, gradient: gradient, slots: &slot, names: ["momentum"], cost: 3
        ) {
            updated, theta, g, state, n in
            let b = state[0]
            for j in 0..<n {
                let gj = g[j] + lambda * theta[j]
                b[j] = first ? gj : mu * b[j] + keep * gj
                updated[j] = theta[j] - rate * (nesterov ? gj + mu * b[j] : b[j])
            }
        }
    }

    public var state: [String: Tensor] { slots.state }
    public func load(state: [String: Tensor]) throws { try slots.load(state) }
}

/// RMSprop (PyTorch's defaults): v ← αv + (1 − α)g², θ ← θ − lr·g/(√v + ε), with optional momentum.
public final class RMSprop: Optimizer {
    public var learningRate: Double
    public let alpha: Double, epsilon: Double, momentum: Double, weightDecay: Double
    private var slots: ParameterSlots

    public init(
        parameters: [Parameter], learningRate: Double = 1e-2, alpha: Double = 0.99, epsilon: Double = 1e-8,
        momentum: Double = 0, weightDecay: Double = 0
    ) {
        self.learningRate = learningRate
        self.alpha = alpha
        self.epsilon = epsilon
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.slots = ParameterSlots(parameters, optimizer: "RMSprop", slotNames: ["square", "momentum"])
    }

    public var parameters: [Parameter] { slots.parameters }

    public func step() {
        slots.step(learningRate: learningRate, defaultDecay: weightDecay) { _, parameter, gradient, lr, decay, slot in
            parameter.dtype == .float32
                ? update(Float.self, parameter.value, gradient, &slot, lr, decay)
                : update(Double.self, parameter.value, gradient, &slot, lr, decay)
        }
    }

    private func update<T: FloatElement>(
        _: T.Type, _ value: Tensor, _ gradient: Tensor, _ slot: inout [String: Tensor], _ lr: Double, _ decay: Double
    ) -> Tensor {
        let rate = T(lr)
        let lambda = T(decay)
        let a = T(alpha)
        let eps = T(epsilon)
        let mu = T(momentum)
        return ElementwiseUpdate.run(
            T.self, value: value, gradient: gradient, slots: &slot, names: ["square", "momentum"], cost: 8
        ) {
            updated, theta, g, state, n in
            let v = state[0]
            let b = state[1]
            for j in 0..<n {
                let gj = g[j] + lambda * theta[j]
                v[j] = a * v[j] + (1 - a) * gj * gj
                let d = gj / (v[j].vectorizableSquareRoot() + eps)
                b[j] = mu * b[j] + d
                updated[j] = theta[j] - rate * (mu == 0 ? d : b[j])
            }
        }
    }

    public var state: [String: Tensor] { slots.state }
    public func load(state: [String: Tensor]) throws { try slots.load(state) }
}
