import Autograd
import Foundation
import Layers
import Tensor

/// Part (b) of the S4D reproduction: which initialization of Λ learns the continuous-delay task (`ContinuousDelay`).
///
/// The authors' delay experiment (state-spaces/s4 `configs/experiment/synthetic/s4-delay.yaml`) trains one fully
/// linear SSM layer (no norm, no residual, no activation) with H = 4 channels: encoder Linear 1 → H, the SSM, decoder
/// Linear H → 1 at every step, MSE. A delay e^{−sτ} of a band-limited signal needs modes whose frequencies cover the
/// band and whose decay reaches back τ: where the initialization puts Im Λ is what decides it.
///
/// Ours: the same model around an `S4DLayer` (H = 4, N = `stateSize`, zero-order hold, Δ = 2/lag at the start, the
/// authors' Δ·lag = 0.002·1000, trained with Λ, Δ and B at the base learning rate as theirs), Adam on fresh batches
/// with a cosine schedule; test error on a fixed set, divided by the mean square of its targets (1 = predicting 0).
struct InitializationAblation {
    /// An initialization of the ablation with the name the report gives it.
    struct Arm {
        let name: String
        let initialization: DiagonalInitialization
        /// S4D-LegS, -Inv, -Lin; the others are the authors' random switches.
        let structured: Bool
    }

    static let arms = [
        Arm(name: "S4D-LegS", initialization: .legendre, structured: true),
        Arm(name: "S4D-Inv", initialization: .inverse, structured: true),
        Arm(name: "S4D-Lin", initialization: .linear, structured: true),
        Arm(name: "real_random", initialization: .randomReal, structured: false),
        Arm(name: "imag_random", initialization: .randomImaginary, structured: false),
        Arm(name: "rand", initialization: .random, structured: false),
    ]

    let task: ContinuousDelay
    let channels: Int
    let stateSize: Int
    let steps: Int
    let batchSize: Int
    let learningRate: Double
    let testCount: Int

    /// What one arm reached with one seed.
    struct Outcome {
        /// Test MSE / mean square of the test targets.
        let normalizedError: Double
        /// Training loss per step.
        let losses: [Double]
        let layer: S4DLayer
        /// The input of the S4D layer on the first test sequences, `[4, L, H]`, float64.
        let layerInputs: Tensor
        /// The initial frequencies Im λ·Δ of channel 0, in radians per step, ascending.
        let initialFrequencies: [Double]
        /// The first test sequence's target and the model's prediction, `[L]` each.
        let exampleTarget: [Double]
        let examplePrediction: [Double]
    }

    /// The fully linear delay model: Linear 1 → H, S4D, Linear H → 1, `[batch, L, 1]` → `[batch, L, 1]`. The two
    /// linear maps come from `seed` alone, so arms of one seed share them.
    func model(_ arm: Arm, seed: UInt64) throws -> (model: Sequential, layer: S4DLayer) {
        var linearGenerator = RandomGenerator(seed: seed)
        var stateGenerator = RandomGenerator(seed: seed &+ 1)
        let encoder = Linear(1, channels, dtype: .float32, using: &linearGenerator)
        let decoder = Linear(channels, 1, dtype: .float32, using: &linearGenerator)
        let step = 2 / Double(task.lag)
        let layer = try S4DLayer(
            channels: channels, stateSize: stateSize, initialization: arm.initialization, stepRange: step...step,
            stateLearningRateScale: 1, dtype: .float32, using: &stateGenerator)
        return (Sequential([encoder, layer, decoder]), layer)
    }

    /// Trains `arm` from `seed` (model, training data and test set all follow from it; the test set and the data
    /// stream are the same for every arm of a seed) and measures it.
    func run(_ arm: Arm, seed: UInt64) throws -> Outcome {
        let (model, layer) = try self.model(arm, seed: seed)
        let step = Foundation.exp(layer.logStep.value.toDoubles()[0])
        let initialFrequencies = layer.imaginaryEigenvalues.value.selected(axis: 0, index: 0).toDoubles()
            .map { $0 * step }.sorted()
        var testGenerator = RandomGenerator(seed: seed &+ 2)
        let test = task.batch(count: testCount, using: &testGenerator)
        var dataGenerator = RandomGenerator(seed: seed &+ 3)
        let losses = SequenceTraining.train(
            model, steps: steps, learningRate: learningRate, cosine: true, label: "\(arm.name) seed \(seed)",
            reportEvery: steps
        ) {
            let batch = task.batch(count: batchSize, using: &dataGenerator)
            return (batch.inputs.cast(to: .float32), batch.targets.cast(to: .float32))
        }
        let targets = test.targets.cast(to: .float32)
        let error = SequenceTraining.meanSquaredError(model, inputs: test.inputs.cast(to: .float32), targets: targets)
        let scale = test.targets.square().mean().item()
        let probe = test.inputs.narrowed(axis: 0, start: 0, length: Swift.min(4, testCount)).cast(to: .float32)
        let (layerInputs, predictions) = withoutGradients {
            (model.layers[0](Variable(probe)).value.cast(to: .float64), model(Variable(probe)).value)
        }
        return Outcome(
            normalizedError: error / scale, losses: losses, layer: layer, layerInputs: layerInputs,
            initialFrequencies: initialFrequencies,
            exampleTarget: test.targets.selected(axis: 0, index: 0).toDoubles(),
            examplePrediction: predictions.selected(axis: 0, index: 0).toDoubles())
    }

    /// max |conv − recurrence| / max(1, max |conv|) of a float64 copy of `layer` on `inputs` `[batch, L, H]`: the two
    /// modes are one map in exact arithmetic, so they are compared in float64 whatever the training precision.
    static func convolutionRecurrenceDifference(_ layer: S4DLayer, inputs: Tensor) -> Double {
        let copy = S4DLayer(parameters: layer.parameterValues.cast(to: .float64), discretization: layer.discretization)
        let u = inputs.cast(to: .float64)
        let convolved = withoutGradients { copy(Variable(u)).value }
        let recurrent = copy.recurrentOutput(u)
        return (convolved - recurrent).abs().max().item() / Swift.max(1, convolved.abs().max().item())
    }
}
