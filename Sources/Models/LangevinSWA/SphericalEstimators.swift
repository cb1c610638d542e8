import Layers
import Tensor

/// The four estimators of the comparison, each from the same random start on the sphere: projected gradient descent
/// (last iterate), online SGD (one pass, one sample per step), spherical Langevin (last iterate) and spherical
/// Langevin with stochastic weight averaging after a burn-in (the normalized mean of the iterates).
enum SphericalEstimators {
    struct Settings {
        var steps: Int
        var learningRate: Double
        var temperature: Double
        /// The fraction of steps before averaging starts.
        var burnIn: Double
        var onlineLearningRate: Double
    }

    struct Overlaps {
        var gradientDescent = 0.0
        var onlineSGD = 0.0
        var langevinLast = 0.0
        var langevinAveraged = 0.0
    }

    static func start(dimension: Int, seed: UInt64) -> Tensor {
        var generator = RandomGenerator(seed: seed &+ 0x5eed)
        return SphereProjection.projected(Tensor.normal([dimension], dtype: .float64, using: &generator))
    }

    /// Runs `optimizer` on θ for `steps` steps with the gradient from `gradient(θ, step)`.
    private static func descend(
        _ theta: Parameter, _ optimizer: Optimizer, steps: Int, gradient: (Tensor, Int) -> Tensor
    ) {
        for step in 0..<steps {
            theta.setGradient(gradient(theta.value, step))
            optimizer.step()
        }
    }

    static func gradientDescent(_ problem: SingleIndexProblem, _ settings: Settings, seed: UInt64) -> Double {
        let theta = Parameter(start(dimension: problem.dimension, seed: seed))
        let optimizer = Langevin(
            parameters: [theta], learningRate: settings.learningRate, temperature: 0, sphereRadius: 1, seed: seed)
        descend(theta, optimizer, steps: settings.steps) { value, _ in problem.gradient(at: value) }
        return problem.overlap(theta.value)
    }

    static func onlineSGD(_ problem: SingleIndexProblem, _ settings: Settings, seed: UInt64) -> Double {
        let theta = Parameter(start(dimension: problem.dimension, seed: seed))
        let optimizer = Langevin(
            parameters: [theta], learningRate: settings.onlineLearningRate, temperature: 0, sphereRadius: 1, seed: seed)
        descend(theta, optimizer, steps: problem.count) { value, step in
            problem.gradient(at: value, rows: step..<(step + 1))
        }
        return problem.overlap(theta.value)
    }

    /// (last iterate, normalized average) overlaps of one Langevin run.
    static func langevin(_ problem: SingleIndexProblem, _ settings: Settings, seed: UInt64) -> (
        last: Double, averaged: Double
    ) {
        let theta = Parameter(start(dimension: problem.dimension, seed: seed))
        let langevin = Langevin(
            parameters: [theta], learningRate: settings.learningRate, temperature: settings.temperature,
            sphereRadius: 1, seed: seed &+ 17)
        let averaging = StochasticWeightAveraging(
            langevin, parameters: [theta], start: Int(Double(settings.steps) * settings.burnIn))
        descend(theta, averaging, steps: settings.steps) { value, _ in problem.gradient(at: value) }
        return (problem.overlap(theta.value), problem.overlap(averaging.averages![0]))
    }

    static func all(_ problem: SingleIndexProblem, _ settings: Settings, seed: UInt64) -> Overlaps {
        let (last, averaged) = langevin(problem, settings, seed: seed)
        return Overlaps(
            gradientDescent: gradientDescent(problem, settings, seed: seed),
            onlineSGD: onlineSGD(problem, settings, seed: seed), langevinLast: last, langevinAveraged: averaged)
    }
}
