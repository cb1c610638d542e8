import Autograd
import Foundation
import Layers
import Tensor

/// Training a DeepONet on the Poisson family by walk-on-spheres labels or by the physics-informed residual, with
/// the same network, initialization, instances, points and optimizer, so the two differ only in the loss.
enum WoSNOTraining {
    enum Supervision: String, CaseIterable, Sendable {
        case walkOnSpheres = "wos"
        case physicsInformed = "pi"

        var label: String { self == .walkOnSpheres ? "WoS labels" : "physics-informed" }
    }

    struct Settings: Sendable {
        var steps: Int
        var instancesPerStep = 16
        var pointsPerInstance = 64
        var walksPerPoint = 8
        var epsilon = 1e-3
        var width = 64
        var learningRate = 1e-3
        /// Test error recorded every this many steps (and at the end).
        var evaluationInterval: Int
    }

    struct Run: Sendable {
        var curve: [(step: Double, error: Double)] = []
        var finalError = 0.0
        var trainingSeconds = 0.0
        /// The part of `trainingSeconds` spent computing WoS labels.
        var labelSeconds = 0.0
        var model: Model
    }

    /// The DeepONet with its trunk kept as an `MLP`, whose Laplacian `ForwardLaplacian` computes.
    final class Model: @unchecked Sendable {
        let trunk: MLP
        let network: DeepONet

        init(width: Int, using generator: inout RandomGenerator) {
            let m = PoissonInstance.sensorsPerSide * PoissonInstance.sensorsPerSide
            let branch = MLP([m, width, width, width], activation: .tanh, using: &generator)
            trunk = MLP([2, width, width, width], activation: .tanh, using: &generator)
            network = DeepONet(branch: branch, trunk: trunk)
        }

        /// u at `points [P, 2]` for each instance: `[B, P]`.
        func callAsFunction(_ instances: [PoissonInstance], _ points: Tensor) -> Variable {
            network(Variable(Self.sensors(instances)), Variable(points))
        }

        static func sensors(_ instances: [PoissonInstance]) -> Tensor {
            Tensor(
                instances.flatMap(\.sensors),
                shape: [instances.count, PoissonInstance.sensorsPerSide * PoissonInstance.sensorsPerSide],
                dtype: .float32)
        }
    }

    /// The test set: instances and the n × n grid on [0, 1]² (boundary included) with the exact solutions.
    struct TestSet: Sendable {
        let instances: [PoissonInstance]
        let grid: Tensor  // [n², 2]
        let exact: [[Double]]

        init(count: Int, gridSize n: Int, using generator: inout RandomGenerator) {
            instances = (0..<count).map { _ in PoissonInstance.sample(using: &generator) }
            let spacing = 1 / Double(n - 1)
            var coordinates: [Double] = []
            for index in 0..<n * n {
                coordinates.append(Double(index % n) * spacing)
                coordinates.append(Double(index / n) * spacing)
            }
            grid = Tensor(coordinates, shape: [n * n, 2], dtype: .float32)
            exact = instances.map { instance in
                (0..<n * n).map { (p: Int) -> Double in instance.exact(coordinates[2 * p], coordinates[2 * p + 1]) }
            }
        }

        /// The mean over instances of ‖u − u*‖/‖u*‖ on the grid.
        func relativeError(_ model: Model) -> Double {
            let predicted = withoutGradients { model(instances, grid) }.value.toDoubles()
            let n = grid.shape[0]
            return (0..<instances.count).reduce(0.0) { total, b in
                var (difference, norm) = (0.0, 0.0)
                for p in 0..<n {
                    difference += pow(predicted[b * n + p] - exact[b][p], 2)
                    norm += exact[b][p] * exact[b][p]
                }
                return total + (difference / norm).squareRoot()
            } / Double(instances.count)
        }
    }

    /// WoS labels `[B, P]`: the mean of `walks` walks at each point for each instance.
    static func walkOnSpheresLabels(
        _ instances: [PoissonInstance], points: [Double], settings: Settings, using generator: inout RandomGenerator
    ) -> Tensor {
        let solver = PoissonWalkOnSpheres(domain: BoxDomain.unit(dimension: 2), epsilon: settings.epsilon)
        let count = points.count / 2
        var labels: [Double] = []
        labels.reserveCapacity(instances.count * count)
        for instance in instances {
            for p in 0..<count {
                labels.append(
                    solver.estimate(
                        at: [points[2 * p], points[2 * p + 1]], walks: settings.walksPerPoint,
                        source: { instance.source($0[0], $0[1]) }, boundary: { PoissonInstance.boundary($0[0], $0[1]) },
                        using: &generator
                    ).mean)
            }
        }
        return Tensor(labels, shape: [instances.count, count], dtype: .float32)
    }

    /// The physics-informed loss: mean (Δu − f)² at the interior points plus mean (u − g)² at as many boundary points.
    static func physicsLoss(_ model: Model, _ instances: [PoissonInstance], interior: Tensor, boundary: Tensor)
        -> Variable
    {
        let (_, _, trunkLaplacian) = ForwardLaplacian.derivatives(of: model.trunk, at: Variable(interior))
        let branch = model.network.branch(Variable(Model.sensors(instances)))
        let laplacian = branch.matmul(trunkLaplacian.transposed())  // the bias has no Laplacian
        let x = interior.toDoubles()
        let source = Tensor(
            instances.flatMap { instance in (0..<interior.shape[0]).map { instance.source(x[2 * $0], x[2 * $0 + 1]) } },
            shape: [instances.count, interior.shape[0]], dtype: .float32)
        let b = boundary.toDoubles()
        let boundaryValues = Tensor(
            (0..<boundary.shape[0]).map { PoissonInstance.boundary(b[2 * $0], b[2 * $0 + 1]) },
            shape: [1, boundary.shape[0]], dtype: .float32)
        let residual = (laplacian - Variable(source)).square().mean()
        let boundaryMisfit = (model(instances, boundary) - Variable(boundaryValues)).square().mean()
        return residual + boundaryMisfit
    }

    /// Trains one model from `seed` (its initialization, instances and points depend on the seed only, not on the
    /// supervision).
    static func train(_ supervision: Supervision, settings: Settings, seed: UInt64, testSet: TestSet) -> Run {
        var initialization = RandomGenerator(seed: seed)
        let model = Model(width: settings.width, using: &initialization)
        var data = RandomGenerator(seed: seed &+ 0x5eed)
        var walks = RandomGenerator(seed: seed &+ 0xa1c)
        let adam = Adam(parameters: model.network.parameters(), learningRate: settings.learningRate)
        let schedule = StepDecay(base: settings.learningRate, stepSize: max(1, settings.steps / 3), gamma: 0.5)
        var run = Run(model: model)
        for step in 0..<settings.steps {
            if step % settings.evaluationInterval == 0 {
                run.curve.append((Double(step), testSet.relativeError(model)))
            }
            let start = Date()
            let instances = (0..<settings.instancesPerStep).map { _ in PoissonInstance.sample(using: &data) }
            let interior = Samplers.box(
                count: settings.pointsPerInstance, low: [0, 0], high: [1, 1], dtype: .float32, using: &data)
            let boundary = Samplers.boxBoundary(
                count: settings.pointsPerInstance, low: [0, 0], high: [1, 1], dtype: .float32, using: &data)
            adam.learningRate = schedule.learningRate(at: step)
            let loss: Variable
            switch supervision {
            case .walkOnSpheres:
                let labelStart = Date()
                let labels = walkOnSpheresLabels(
                    instances, points: interior.toDoubles(), settings: settings, using: &walks)
                run.labelSeconds += Date().timeIntervalSince(labelStart)
                loss = (model(instances, interior) - Variable(labels)).square().mean()
            case .physicsInformed:
                loss = physicsLoss(model, instances, interior: interior, boundary: boundary)
            }
            model.network.zeroGradients()
            loss.backward()
            adam.step()
            run.trainingSeconds += Date().timeIntervalSince(start)
        }
        run.finalError = testSet.relativeError(model)
        run.curve.append((Double(settings.steps), run.finalError))
        return run
    }
}
