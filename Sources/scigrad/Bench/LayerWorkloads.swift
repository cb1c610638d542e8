import Autograd
import Layers
import Tensor

/// Workloads of issue 4: training steps of small networks, PINN steps, logistic regression, the empirical NTK.
extension Workloads {
    static var layerWorkloads: [Workload] {
        var list = [
            mlpWorkload("mlp.small", sizes: [64, 256, 256, 10], batch: 128, classification: false),
            mlpWorkload("mlp.mnist", sizes: [784, 512, 512, 10], batch: 256, classification: true),
        ].flatMap { $0 }
        list.append(pinnWorkload(dimension: 2, batch: 4096))
        for d in [10, 25, 50, 100] { list.append(pinnWorkload(dimension: d, batch: 256)) }
        for (name, dtype) in [("f32", DType.float32), ("f64", DType.float64)] {
            list.append(logisticGradientDescent(name, dtype))
            list.append(logisticLBFGS(name, dtype))
        }
        return list + kernelWorkloads
    }

    /// `ID.train` (zero grads, forward, backward, Adam step) and `ID.forward` (no gradients).
    static func mlpWorkload(_ id: String, sizes: [Int], batch: Int, classification: Bool) -> [Workload] {
        func setup() -> (MLP, Tensor, (Variable) -> Variable) {
            var g = RandomGenerator(seed: 0)
            let model = MLP(sizes, activation: .tanh, using: &g)
            let x = Tensor.normal([batch, sizes[0]], using: &g)
            if classification {
                let labels = Tensor.randomIntegers([batch], high: sizes.last!, using: &g)
                return (model, x, { Loss.crossEntropy(logits: $0, labels: labels) })
            }
            let y = Variable(Tensor.normal([batch, sizes.last!], using: &g))
            return (model, x, { Loss.meanSquaredError($0, y) })
        }
        return [
            Workload(id: "\(id).train", unit: "us") {
                let (model, x, loss) = setup()
                let adam = Adam(parameters: model.parameters(), learningRate: 1e-3)
                let input = Variable(x)
                return Timing.measure(warmup: 10, target: 0.1) {
                    adam.zeroGradients()
                    loss(model(input)).backward()
                    adam.step()
                }
            },
            Workload(id: "\(id).forward", unit: "us") {
                let (model, x, _) = setup()
                let input = Variable(x)
                return Timing.measure(warmup: 10, target: 0.1) { _ = withoutGradients { model(input) } }
            },
        ]
    }

    /// MLP D→64→64→64→1 (tanh) on `batch` points; loss mean((Δu − f)²) with the full Laplacian (forward Laplacian);
    /// backward to the weights; Adam step.
    static func pinnWorkload(dimension d: Int, batch: Int) -> Workload {
        Workload(id: "pinn.d\(d).b\(batch).train", unit: "ms") {
            var g = RandomGenerator(seed: 0)
            let model = MLP([d, 64, 64, 64, 1], activation: .tanh, using: &g)
            let adam = Adam(parameters: model.parameters(), learningRate: 1e-3)
            let x = Variable(Tensor.uniform([batch, d], using: &g))
            let f = Variable(Tensor.normal([batch, 1], using: &g))
            return Timing.measure(samples: 7, warmup: 3, target: 0.2) {
                adam.zeroGradients()
                let laplacian = ForwardLaplacian.valueAndLaplacian(of: model, at: x).laplacian
                (laplacian - f).square().mean().backward()
                adam.step()
            }
        }
    }

    /// The logistic-regression data of the shared benchmark: 4096 × 768 Gaussian features, labels from a noisy
    /// linear teacher; the objective is BCE with logits + ½λ‖w‖², λ = 1e-3.
    static func logisticProblem(_ dtype: DType) -> (x: Variable, y: Variable, loss: (Variable, Variable) -> Variable) {
        var g = RandomGenerator(seed: 0)
        let (n, d) = (4096, 768)
        let x = Tensor.normal([n, d], dtype: dtype, using: &g)
        let teacher = Tensor.normal([d], dtype: dtype, using: &g) * (1 / Double(d).squareRoot())
        let noise = Tensor.normal([n], dtype: dtype, using: &g) * 0.5
        let y = (x.matmul(teacher) * 3 + noise).compared(.greater, scalar: 0).cast(to: dtype)
        let features = Variable(x)
        let labels = Variable(y)
        return (
            features, labels,
            { w, b in
                Loss.binaryCrossEntropy(logits: features.matmul(w) + b, targets: labels) + w.square().sum() * 0.5e-3
            }
        )
    }

    static func logisticGradientDescent(_ name: String, _ dtype: DType) -> Workload {
        Workload(id: "logreg.gd100.\(name)", unit: "ms") {
            let problem = logisticProblem(dtype)
            return Timing.measure(samples: 7, warmup: 1, target: 0) {
                let w = Parameter(Tensor.zeros([768], dtype: dtype))
                let b = Parameter(Tensor.zeros([], dtype: dtype))
                let sgd = SGD(parameters: [w, b], learningRate: 0.5)
                for _ in 0..<100 {
                    problem.loss(w.variable, b.variable).backward()
                    sgd.step()
                }
            }
        }
    }

    static func logisticLBFGS(_ name: String, _ dtype: DType) -> Workload {
        let single = dtype == .float32
        return Workload(
            id: "logreg.lbfgs.\(name)", unit: "ms",
            run: {
                let problem = logisticProblem(dtype)
                return Timing.measure(samples: 5, warmup: 1, target: 0) {
                    let w = Parameter(Tensor.zeros([768], dtype: dtype))
                    let b = Parameter(Tensor.zeros([], dtype: dtype))
                    let lbfgs = LBFGS(
                        parameters: [w, b], maximumIterations: 1000, maximumEvaluations: 2000,
                        gradientTolerance: single ? 1e-6 : 1e-9, changeTolerance: single ? 1e-10 : 1e-14,
                        historySize: 10, lineSearch: .strongWolfe)
                    lbfgs.minimize { problem.loss(w.variable, b.variable) }
                    lastSolve = lbfgs
                }
            },
            note: { lastSolve.map { "iterations \($0.iterations), evaluations \($0.evaluations)" } ?? "" })
    }

    /// The last timed L-BFGS solve, whose iteration and loss-evaluation counts are printed beside its time (the peers
    /// record theirs: optax's iterations and line-search steps, PyTorch's iterations and evaluations). Only the
    /// reference is stored inside the timed loop.
    nonisolated(unsafe) private static var lastSolve: LBFGS?
}

extension Workloads {
    /// Empirical NTK of an MLP 10→512→512→1 (tanh) at 256 inputs.
    static var kernelWorkloads: [Workload] {
        [
            Workload(id: "ntk.256", unit: "ms") {
                var g = RandomGenerator(seed: 0)
                let model = MLP([10, 512, 512, 1], activation: .tanh, using: &g)
                let x = Tensor.normal([256, 10], using: &g)
                return Timing.measure(samples: 7, warmup: 2, target: 0) {
                    _ = NeuralTangentKernel.empirical(of: model, at: x)
                }
            }
        ]
    }
}
