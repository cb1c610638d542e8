import Autograd
import Foundation
import Layers
import Tensor

/// Physics-only training of neural operators on the two-phase Darcy problem: no solution is ever shown to them.
///
/// Every potential network G(a)(x) gives u = x(1 − x)·G, so u(0) = u(1) = 0 holds exactly, and
///
///     u′ = (1 − 2x)G + x(1 − x)G′,   u″ = −2G + 2(1 − 2x)G′ + x(1 − x)G″.
///
/// The weak methods use the authors' mixed form for piecewise-constant coefficients (`yaohua32/DGenNO`,
/// `DGenNO_DarcyFlow_piecewise`): a second operator network gives the flux s(a)(x), and the loss is
///
///     mean_{b,q} (s − a u′)² + √K · mean_{b,k} (r_k / 2R)²,   r_k = ∫ s φ_k′ − ∫ φ_k,
///
/// a pointwise constitutive residual at the 1024 quadrature points plus the weak balance −s′ = 1 against 64
/// Wendland C² test functions of radius R = 0.05 (`WeakFormQuadrature`, 16 Gauss points each; r_k/2R is the mean
/// over the support, as the authors normalize it). Only u′ and s are needed: no second derivatives. The flux s is
/// smooth (C − x) where u′ = s/a jumps, so the networks never have to make a·u′ continuous across an interface.
/// The strong loss is the mean square of a·u″ + 1 at the same points (the PI-DeepONet residual: a′ vanishes inside
/// each phase, and the interface condition that the flux a u′ is continuous is not seen). Trunks (value and
/// x-derivatives) are evaluated once per step at the shared points for the whole batch.
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

        /// The weak methods learn a flux network beside the potential.
        var isWeak: Bool { self != .deepONetStrong }
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

    /// One operator network: a MultiONet, or a DeepONet whose trunk is kept as an `MLP` for `ForwardLaplacian`.
    final class OperatorNetwork: Module {
        let multiONet: MultiONet?
        let deepONet: DeepONet?
        let trunk: MLP?

        init(multi: Bool, settings: Settings, using generator: inout RandomGenerator) {
            let hidden = Array(repeating: settings.width, count: settings.depth)
            if multi {
                multiONet = MultiONet(
                    branchSizes: [TwoPhaseDarcy1d.cells] + hidden, trunkSizes: [1] + hidden,
                    summedLayers: settings.depth - 1, using: &generator)
                (deepONet, trunk) = (nil, nil)
            } else {
                let branch = MLP([TwoPhaseDarcy1d.cells] + hidden, activation: .tanh, using: &generator)
                let trunk = MLP([1] + hidden, activation: .tanh, using: &generator)
                (multiONet, deepONet, self.trunk) = (nil, DeepONet(branch: branch, trunk: trunk), trunk)
            }
            super.init()
        }

        /// G, G′ and (with `second`) G″ at `points [P]` for the inputs `sensors [B, 100]`: each `[B, P]`.
        func derivatives(_ sensors: Tensor, at points: [Double], second: Bool)
            -> (value: Variable, first: Variable, second: Variable?)
        {
            let x = Variable(Tensor(points, shape: [points.count, 1], dtype: .float32))
            if let multiONet {
                precondition(!second, "DGNOTraining: a MultiONet is trained on the weak form only")
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

        /// G at `points [P]` for `sensors [B, 100]`: `[B, P]`.
        func value(_ sensors: Tensor, at points: [Double]) -> Variable {
            let x = Variable(Tensor(points, shape: [points.count, 1], dtype: .float32))
            return multiONet.map { $0(Variable(sensors), x) } ?? deepONet!(Variable(sensors), x)
        }
    }

    /// The potential network (u = x(1 − x)·G) and, for the weak methods, the flux network s.
    final class Model: Module, @unchecked Sendable {
        let potential: OperatorNetwork
        let flux: OperatorNetwork?

        init(_ method: Method, settings: Settings, using generator: inout RandomGenerator) {
            let multi = method == .multiONetWeak
            potential = OperatorNetwork(multi: multi, settings: settings, using: &generator)
            flux = method.isWeak ? OperatorNetwork(multi: multi, settings: settings, using: &generator) : nil
            super.init()
        }

        /// u = x(1 − x)·G at `points` for each instance: `[B, P]`.
        func solution(_ instances: [TwoPhaseDarcy1d], at points: [Double]) -> Tensor {
            withoutGradients {
                potential.value(DGNOTraining.sensors(instances), at: points).value
                    * Tensor(points.map { $0 * (1 - $0) }, shape: [1, points.count], dtype: .float32)
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
        let bubbleSlope = row(points.map { 1 - 2 * $0 })
        let a = Variable(
            Tensor(
                instances.flatMap { i in points.map { i.coefficient(at: $0) } }, shape: [instances.count, p],
                dtype: .float32))
        let input = sensors(instances)
        let (g, g1, g2) = model.potential.derivatives(input, at: points, second: !method.isWeak)
        guard let fluxNetwork = model.flux else {
            let second = g * -2 + bubbleSlope * g1 * 2 + bubble * g2!
            return (a * second + 1).square().mean()
        }
        return mixedWeakLoss(
            derivative: bubbleSlope * g + bubble * g1, flux: fluxNetwork.value(input, at: points), coefficient: a,
            quadrature: quadrature)
    }

    /// The mixed weak loss mean (s − a u′)² + √K·mean (r_k/2R)² from u′, s and a at the quadrature points, each
    /// `[B, K·Q]` (see the type's comment); zero for the exact solution.
    static func mixedWeakLoss(
        derivative: Variable, flux: Variable, coefficient: Variable, quadrature: WeakFormQuadrature
    )
        -> Variable
    {
        let constitutive = (flux - coefficient * derivative).square().mean()
        let ones = Variable(Tensor.ones([1, quadrature.points.count], dtype: flux.dtype))
        let balance = quadrature.residuals(flux: flux, source: ones) * (1 / (2 * quadrature.radius))
        return constitutive + balance.square().mean() * Double(quadrature.centers.count).squareRoot()
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
        let adam = Adam(parameters: model.parameters(), learningRate: settings.learningRate)
        let schedule = StepDecay(base: settings.learningRate, stepSize: max(1, settings.steps / 3), gamma: 0.5)
        var run = Run(model: model)
        let start = Date()
        for step in 0..<settings.steps {
            let instances = TwoPhaseDarcy1d.sample(settings.batch, using: &data)
            adam.learningRate = schedule.learningRate(at: step)
            let loss = Self.loss(method, model, instances, quadrature: quadrature)
            model.zeroGradients()
            loss.backward()
            adam.step()
            if step % max(1, settings.steps / 100) == 0 { run.curve.append((Double(step), loss.item())) }
        }
        run.seconds = Date().timeIntervalSince(start)
        return run
    }
}
