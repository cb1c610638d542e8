import Tensor

/// Langevin dynamics: a gradient step plus Gaussian noise at temperature T, whose iterates sample (for small
/// steps) the Gibbs density ∝ exp(−L(θ)/T).
///
/// θ ← θ − lr·(g + λθ) + √(2·lr·T)·ξ, ξ ~ N(0, I) per element (unadjusted Langevin). With `sphereRadius` r each
/// parameter lives on the sphere ‖θ‖ = r: the gradient and the noise are projected onto the tangent space at θ and
/// the result is retracted onto the sphere (`SphereProjection`), which samples the Gibbs density on the sphere.
/// T = 0 is (projected) gradient descent. The noise comes from the optimizer's own generator, so a seed fixes the
/// run; `state` holds no tensors (the generator's position is not saved).
public final class Langevin: Optimizer {
    public var learningRate: Double
    /// T ≥ 0.
    public var temperature: Double
    public let weightDecay: Double
    /// The radius of the sphere each parameter is kept on, or nil for ℝⁿ.
    public let sphereRadius: Double?
    public let parameters: [Parameter]
    private var generator: RandomGenerator

    public init(
        parameters: [Parameter], learningRate: Double, temperature: Double, weightDecay: Double = 0,
        sphereRadius: Double? = nil, seed: UInt64
    ) {
        precondition(temperature >= 0, "Langevin: the temperature must be ≥ 0, got \(temperature)")
        precondition(sphereRadius.map { $0 > 0 } ?? true, "Langevin: the sphere radius must be positive")
        self.learningRate = learningRate
        self.temperature = temperature
        self.weightDecay = weightDecay
        self.sphereRadius = sphereRadius
        self.parameters = parameters
        self.generator = RandomGenerator(seed: seed)
    }

    public func step() {
        for parameter in parameters where !parameter.isFrozen {
            guard let gradient = parameter.gradient else { continue }
            let lr = learningRate * parameter.learningRateScale
            let decay = parameter.weightDecay ?? weightDecay
            let theta = parameter.value
            var increment = (decay == 0 ? gradient : gradient + theta * decay) * -lr
            if temperature > 0 {
                let noise = Tensor.normal(theta.shape, dtype: theta.dtype, using: &generator)
                increment = increment + noise * (2 * lr * temperature).squareRoot()
            }
            guard let radius = sphereRadius else {
                parameter.assign(theta + increment)
                continue
            }
            let tangent = SphereProjection.tangentComponent(of: increment, at: theta)
            parameter.assign(SphereProjection.projected(theta + tangent, radius: radius))
        }
    }

    public var state: [String: Tensor] { [:] }

    public func load(state: [String: Tensor]) throws {
        guard state.isEmpty else {
            throw OptimizerStateError(
                optimizer: "Langevin", parameter: nil, reason: "it keeps no state, got keys \(state.keys.sorted())")
        }
    }
}
