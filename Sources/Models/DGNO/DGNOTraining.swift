import Autograd
import Foundation
import Layers
import Tensor

/// Physics-only training of neural operators on the two-phase Darcy problem: no solution is ever shown to them.
///
/// Every operator G(a)(x) gives u = x(1 − x)·G, so u(0) = u(1) = 0 holds exactly, and
///
///     u′ = (1 − 2x)G + x(1 − x)G′,   u″ = −2G + 2(1 − 2x)G′ + x(1 − x)G″.
///
/// The weak loss is the mean square of the weak residuals ∫a u′φ_k′ − ∫φ_k against 64 Wendland C² test functions
/// of radius 0.05 (`WeakFormQuadrature`, 16 Gauss points each, so 1024 shared points); it needs u′ only. The strong
/// loss is the mean square of a·u″ + 1 at the same points (the PI-DeepONet residual: a′ vanishes inside each
/// phase, and the interface condition that the flux a u′ is continuous is not seen). The trunk (value and
/// x-derivatives) is evaluated once per step at the shared points for the whole batch.
enum DGNOTraining {
    enum Method: String, CaseIterable, Sendable {
        case multiONetWeak = "multionet_weak"
        case deepONetWeak = "deeponet_weak"
        case deepONetStrong = "deeponet_strong"

        var label: String {
            switch self {
            case .multiONetWeak: "MultiONet, weak form"
            case .deepONetWeak: "DeepONet, weak form"
            case .deepONetStrong: "PI-DeepONet, strong form"
            }
        }
    }

    struct Settings: Sendable {
        var steps: Int
        var batch = 32
        var width = 64
        /// Hidden layers of the branch and of the trunk.
        var depth = 4
        var learningRate = 1e-3
        var testFunctions = 64
        var radius = 0.05
        var nodesPerSupport = 16
    }

    /// A MultiONet, or a DeepONet whose trunk is kept as an `MLP` for `ForwardLaplacian`.
    final class Model: @unchecked Sendable {
        let multiONet: MultiONet?
        let deepONet: DeepONet?
        let trunk: MLP?

        init(_ method: Method, settings: Settings, using generator: inout RandomGenerator) {
            let hidden = Array(repeating: settings.width, count: settings.depth)
            if method == .multiONetWeak {
                multiONet = MultiONet(
                    branchSizes: [TwoPhaseDarcy1d.cells] + hidden, trunkSizes: [1] + hidden,
                    summedLayers: settings.depth - 1, using: &generator)
                (deepONet, trunk) = (nil, nil)
            } else {
                let branch = MLP([TwoPhaseDarcy1d.cells] + hidden, activation: .tanh, using: &generator)
                let trunk = MLP([1] + hidden, activation: .tanh, using: &generator)
                (multiONet, deepONet, self.trunk) = (nil, DeepONet(branch: branch, trunk: trunk), trunk)
            }
        }

        var module: Module { multiONet ?? deepONet! }

        var parameterCount: Int { module.parameters().reduce(0) { $0 + $1.variable.value.count } }

        /// G, G′ and (with `second`) G″ at `points [P]` for the inputs `sensors [B, 100]`: each `[B, P]`.
        func derivatives(_ sensors: Tensor, at points: [Double], second: Bool)
            -> (value: Variable, first: Variable, second: Variable?)
        {
            let x = Variable(Tensor(points, shape: [points.count, 1], dtype: .float32))
            if let multiONet {
                precondition(!second, "DGNOTraining: the MultiONet is trained on the weak form only")
                let (value, gradient) = multiONet.valueAndGradient(Variable(sensors), x)
                return (value, gradient.reshaped([sensors.shape[0], points.count]), nil)
            }
            let deepONet = deepONet!
            let b = deepONet.branch(Variable(sensors))
            let (t, gradient, laplacian) = ForwardLaplacian.derivatives(of: trunk!, at: x)
            let value = b.matmul(t.transposed()) + deepONet.bias!.variable
            let first = b.matmul(gradient.reshaped([points.count, t.shape[1]]).transposed())
            return (value, first, second ? b.matmul(laplacian.transposed()) : nil)
        }

        /// u = x(1 − x)·G at `points` for each instance: `[B, P]`.
        func solution(_ instances: [TwoPhaseDarcy1d], at points: [Double]) -> Tensor {
            withoutGradients {
                let (g, _, _) = derivatives(DGNOTraining.sensors(instances), at: points, second: false)
                return g.value * Tensor(points.map { $0 * (1 - $0) }, shape: [1, points.count], dtype: .float32)
            }
        }
    }

    static func sensors(_ instances: [TwoPhaseDarcy1d]) -> Tensor {
        Tensor(instances.flatMap(\.sensors), shape: [instances.count, TwoPhaseDarcy1d.cells], dtype: .float32)
    }

    /// The loss of `method` for a batch (see the type's comment).
    static func loss(
        _ method: Method, _ model: Model, _ instances: [TwoPhaseDarcy1d], quadrature: WeakFormQuadrature
    ) -> Variable {
        let points = quadrature.points
        let p = points.count
        let row = { (values: [Double]) in Variable(Tensor(values, shape: [1, p], dtype: .float32)) }
        let bubble = row(points.map { $0 * (1 - $0) })
        let slope = row(points.map { 1 - 2 * $0 })
        let a = Variable(
            Tensor(
                instances.flatMap { i in points.map { i.coefficient(at: $0) } }, shape: [instances.count, p],
                dtype: .float32))
        let strong = method == .deepONetStrong
        let (g, g1, g2) = model.derivatives(sensors(instances), at: points, second: strong)
        if strong {
            let second = g * -2 + slope * g1 * 2 + bubble * g2!
            return (a * second + 1).square().mean()
        }
        let first = slope * g + bubble * g1
        let ones = Variable(Tensor.ones([1, p], dtype: .float32))
        return quadrature.residuals(flux: a * first, source: ones).square().mean()
    }

    struct Run: Sendable {
        var finalError = 0.0
        var seconds = 0.0
        var curve: [(step: Double, loss: Double)] = []
        var model: Model
    }

    /// The mean over instances of ‖u − u*‖/‖u*‖ on `grid`.
    static func relativeError(_ model: Model, instances: [TwoPhaseDarcy1d], grid: [Double], exact: [[Double]])
        -> Double
    {
        let predicted = model.solution(instances, at: grid).toDoubles()
        return (0..<instances.count).reduce(0.0) { total, b in
            var (difference, norm) = (0.0, 0.0)
            for (index, reference) in exact[b].enumerated() {
                difference += pow(predicted[b * grid.count + index] - reference, 2)
                norm += reference * reference
            }
            return total + (difference / norm).squareRoot()
        } / Double(instances.count)
    }

    /// Trains one model of `method` from `seed` on fresh random coefficients each step (the instances depend on the
    /// seed only, not on the method).
    static func train(_ method: Method, settings: Settings, seed: UInt64, quadrature: WeakFormQuadrature) -> Run {
        var initialization = RandomGenerator(seed: seed)
        let model = Model(method, settings: settings, using: &initialization)
        var data = RandomGenerator(seed: seed &+ 0xda7a)
        let adam = Adam(parameters: model.module.parameters(), learningRate: settings.learningRate)
        let schedule = StepDecay(base: settings.learningRate, stepSize: max(1, settings.steps / 3), gamma: 0.5)
        var run = Run(model: model)
        let start = Date()
        for step in 0..<settings.steps {
            let instances = TwoPhaseDarcy1d.sample(settings.batch, using: &data)
            adam.learningRate = schedule.learningRate(at: step)
            let loss = Self.loss(method, model, instances, quadrature: quadrature)
            model.module.zeroGradients()
            loss.backward()
            adam.step()
            if step % max(1, settings.steps / 100) == 0 { run.curve.append((Double(step), loss.item())) }
        }
        run.seconds = Date().timeIntervalSince(start)
        return run
    }
}
