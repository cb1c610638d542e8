import Autograd
import Foundation
import Layers
import Tensor

/// How the reproduction trains its MLP: the authors' optimizer (SGD with momentum 0.9, weight decay 5e-4, linear
/// warmup then cosine decay) on gradients from backpropagation, from sparse CGE with feature reuse, or from RGE.
/// Every method starts from the same initialization and sees the same batches.
struct DeepZeroTraining {
    enum Method {
        /// Backpropagation.
        case firstOrder
        /// CGE with feature reuse on a random mask keeping these fractions of each weight matrix and every bias,
        /// drawn again every `refreshInterval` steps (the authors' dynamic layer-wise random masks).
        case sparseCGE(weightDensities: [Double], refreshInterval: Int)
        /// Dense Gaussian RGE with this many directions.
        case randomDirections(Int)
    }

    struct Outcome {
        var accuracy: Double
        /// Test accuracy at the evaluation steps.
        var curve: [Double]
        /// Queries of the loss per step (zeroth-order methods).
        var queriesPerStep: Int
        var seconds: Double
    }

    let dimensions: [Int]
    let steps: Int
    let batchSize: Int
    let warmupSteps: Int
    let smoothing: Double
    let evaluationSteps: [Int]

    /// The MLP every method starts from, ReLU, Float64 (finite differences at μ = 5e-3 need the precision).
    func initialModel(seed: UInt64) -> MLP {
        var generator = RandomGenerator(seed: seed)
        return MLP(dimensions, activation: .relu, dtype: .float64, using: &generator)
    }

    /// Trains a fresh copy of `initialModel(seed:)` with `method` at `learningRate`; `batches[step]` indexes the
    /// training set.
    func train(
        _ method: Method, learningRate: Double, initialization seed: UInt64, data: (inputs: Tensor, labels: Tensor),
        batches: [Tensor], test: (inputs: Tensor, labels: Tensor), using generator: inout RandomGenerator
    ) -> Outcome {
        let start = Date()
        let mlp = initialModel(seed: seed)
        let vector = ParameterVector(mlp)
        let optimizer = SGD(
            parameters: vector.parameters, learningRate: learningRate, momentum: 0.9, weightDecay: 5e-4)
        let schedule = CosineWithWarmup(base: learningRate, totalSteps: steps, warmupSteps: warmupSteps)
        let blocks = Self.blocks(vector)
        let cge = CoordinateGradientEstimator(smoothing: smoothing)
        var mask: CoordinateMask?
        var queries = 0
        var curve: [Double] = []
        for step in 0..<steps {
            optimizer.learningRate = schedule.learningRate(at: step)
            let x = data.inputs.indexSelected(axis: 0, indices: batches[step])
            let y = data.labels.indexSelected(axis: 0, indices: batches[step])
            switch method {
            case .firstOrder:
                Loss.crossEntropy(logits: mlp(Variable(x)), labels: y).backward()
            case .sparseCGE(let densities, let interval):
                if step % interval == 0 {
                    mask = CoordinateMask.random(
                        parameterCount: vector.count, blocks: blocks.weights + blocks.biases,
                        densities: densities + blocks.biases.map { _ in 1 }, using: &generator)
                }
                let objective = MLPObjective(mlp, inputs: x, loss: Self.crossEntropy(labels: y))
                vector.setGradients(
                    cge.estimate(objective, at: vector.flattened(), mask: mask, reusingFeatures: true))
                queries = mask!.count + 1
            case .randomDirections(let count):
                let objective = MLPObjective(mlp, inputs: x, loss: Self.crossEntropy(labels: y))
                let rge = RandomGradientEstimator(directionCount: count, smoothing: smoothing)
                vector.setGradients(rge.estimate(objective, at: vector.flattened(), using: &generator))
                queries = count + 1
            }
            optimizer.step()
            if evaluationSteps.contains(step + 1) { curve.append(Self.accuracy(mlp, test)) }
        }
        return Outcome(
            accuracy: Self.accuracy(mlp, test), curve: curve, queriesPerStep: queries,
            seconds: Date().timeIntervalSince(start))
    }

    /// The weight and bias blocks of the MLP's parameter vector.
    static func blocks(_ vector: ParameterVector) -> (weights: [Range<Int>], biases: [Range<Int>]) {
        let named = zip(vector.names, vector.ranges)
        return (named.filter { $0.0.hasSuffix("weight") }.map(\.1), named.filter { $0.0.hasSuffix("bias") }.map(\.1))
    }

    /// The per-copy mean cross-entropy: outputs `[K, n, C]` → `[K]`.
    static func crossEntropy(labels: Tensor) -> (Tensor) -> Tensor {
        { outputs in
            let (copies, count, classes) = (outputs.shape[0], outputs.shape[1], outputs.shape[2])
            return Loss.crossEntropy(
                logits: Variable(outputs.reshaped([copies * count, classes])), labels: labels.repeated([copies]),
                reduction: .none
            ).value.reshaped([copies, count]).mean(axes: [1])
        }
    }

    /// The fraction of `data` the MLP classifies correctly.
    static func accuracy(_ mlp: MLP, _ data: (inputs: Tensor, labels: Tensor)) -> Double {
        let predicted = withoutGradients { mlp(Variable(data.inputs)).value.argmax(axis: 1) }.toDoubles()
        let labels = data.labels.toDoubles()
        return Double(zip(predicted, labels).filter { $0 == $1 }.count) / Double(labels.count)
    }
}
