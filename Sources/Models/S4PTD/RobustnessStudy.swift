import Autograd
import Foundation
import Layers
import Tensor

/// The robustness part of the S4-PTD reproduction, as the authors ran it (S4-PTD/robustness.py and the S5-PTD
/// code): two arms through one pipeline that differ only in the perturbation E of HiPPO-LegS A they diagonalize.
///
/// - S4D vs S4-PTD (`RobustnessClassifier`): E = PᵀP, the rank-1 part of A, for S4D (A + E is the normal part
///   A_N, the authors' S4D branch), the trained E for S4-PTD. Λ, Δ and B are frozen; the rest trains on
///   `FrequencyBandTask`. At evaluation every layer adds 0.1·U[0, 1]·cos(ω*Δ_h·k) per sample and channel to its SSM's
///   input (ω* the spike frequency of S4D at n, so ω*Δ_h is the channel's pole).
/// - S5 vs S5-PTD: `StateSpaceSequenceModel` with `S5Layer` mixers of J blocks, pre-norm BatchNorm (S5's sCIFAR
///   configuration), HiPPO's B (the S5-PTD README's sCIFAR setting), all parameters trained; at evaluation
///   3e5·cos(ω*·t_k), t_k = 0.01·k, is added to the input (1e-10·cos in training), as the S5-PTD `seq_model.py`.
///
/// Both arms of a pair share every random draw (encoder, C₀, Δ, data, noise gains), so a seed gives a paired
/// comparison.
struct RobustnessStudy {
    /// n, the size of A (and of each S5 block).
    let stateSize: Int
    let channels: Int
    let depth: Int
    let length: Int
    let steps: Int
    let batchSize: Int
    let testCount: Int
    let classes: Int
    let learningRate: Double
    /// ω*.
    let frequency: Double
    /// E of the PTD arms `[n, n]`.
    let trainedPerturbation: Tensor
    /// J.
    let blocks: Int
    static let stepRange = 1e-3...1e-1
    static let layerNoise = 0.1
    static let inputNoise = 3e5
    static let trainingInputNoise = 1e-10
    static let inputSampling = 0.01

    /// Test accuracies of one arm, clean and under its noise.
    struct Accuracy {
        var clean: Double
        var noisy: Double
        /// For the in-layer noise: RMS(K ∗ noise)/RMS(K ∗ z) at the first layer's SSM output (z its clean input) on
        /// the test set, how loud the noise is after the channel's filter. Zero for the input-noise arms.
        var noiseToSignal: Double = 0
        var drop: Double { clean - noisy }
    }

    struct Outcome {
        var s4d: Accuracy
        var s4ptd: Accuracy
        var s5: Accuracy
        var s5ptd: Accuracy
    }

    /// E = PᵀP, the rank-1 term that turns HiPPO-LegS into its normal part.
    var rankOnePerturbation: Tensor {
        let p = HiPPO(.legendreScaled, stateSize: stateSize).lowRankFactor
        return p.transposed().matmul(p)
    }

    func run(seed: UInt64) throws -> Outcome {
        var testGenerator = RandomGenerator(seed: seed &+ 101)
        let test = FrequencyBandTask.batch(count: testCount, length: length, classes: classes, using: &testGenerator)
        let s4d = try layerNoiseArm(perturbation: rankOnePerturbation, test: test, seed: seed)
        let s4ptd = try layerNoiseArm(perturbation: trainedPerturbation, test: test, seed: seed)
        let s5 = try inputNoiseArm(perturbation: rankOnePerturbation, test: test, seed: seed)
        let s5ptd = try inputNoiseArm(perturbation: trainedPerturbation, test: test, seed: seed)
        return Outcome(s4d: s4d, s4ptd: s4ptd, s5: s5, s5ptd: s5ptd)
    }

    private func layerNoiseArm(perturbation: Tensor, test: (inputs: Tensor, labels: Tensor), seed: UInt64) throws
        -> Accuracy
    {
        var modelGenerator = RandomGenerator(seed: seed &+ 102)
        var dataGenerator = RandomGenerator(seed: seed &+ 103)
        let model = try RobustnessClassifier(
            classes: classes, channels: channels, depth: depth, stateSize: stateSize, perturbation: perturbation,
            stepRange: RobustnessStudy.stepRange, using: &modelGenerator)
        ClassificationTraining.train(
            model, steps: steps, learningRate: learningRate, logits: { model($0) },
            makeBatch: {
                FrequencyBandTask.batch(count: batchSize, length: length, classes: classes, using: &dataGenerator)
            })
        let clean = ClassificationTraining.accuracy(inputs: test.inputs, labels: test.labels) { model($0) }
        var noiseGenerator = RandomGenerator(seed: seed &+ 104)
        let frequency = self.frequency
        let noisy = ClassificationTraining.accuracy(inputs: test.inputs, labels: test.labels) { u in
            model(u) { _, layer in
                RobustnessClassifier.channelNoise(
                    layer, batch: u.shape[0], length: u.shape[1], frequency: frequency,
                    amplitude: RobustnessStudy.layerNoise, using: &noiseGenerator)
            }
        }
        let ratio = withoutGradients {
            let layer = model.layers[0]
            let z = model.encoder(Variable(test.inputs)).permuted([0, 2, 1])
            let kernel = layer.kernel(length: length)
            let noise = RobustnessClassifier.channelNoise(
                layer, batch: test.inputs.shape[0], length: length, frequency: frequency,
                amplitude: RobustnessStudy.layerNoise, using: &noiseGenerator)
            let signal = CausalConvolution.apply(z, kernel: kernel).value
            let response = CausalConvolution.apply(Variable(noise), kernel: kernel).value
            return (response.square().mean().item() / signal.square().mean().item()).squareRoot()
        }
        return Accuracy(clean: clean, noisy: noisy, noiseToSignal: ratio)
    }

    /// a·cos(ω*·0.01·k) `[1, L, 1]`.
    func inputWave(amplitude: Double) -> Tensor {
        let time = Tensor.arange(0, Double(length), dtype: .float64) * RobustnessStudy.inputSampling
        return ((time * frequency).cos() * amplitude).reshaped([1, length, 1])
    }

    private func inputNoiseArm(perturbation: Tensor, test: (inputs: Tensor, labels: Tensor), seed: UInt64) throws
        -> Accuracy
    {
        var modelGenerator = RandomGenerator(seed: seed &+ 105)
        var dataGenerator = RandomGenerator(seed: seed &+ 103)
        let (channels, stateSize, blocks) = (self.channels, self.stateSize, self.blocks)
        let model = try StateSpaceSequenceModel(
            inputDimensions: 1, channels: channels, outputDimensions: classes, depth: depth, pooling: .mean,
            output: .glu, normalization: .batch, finalNorm: false, dtype: .float64, using: &modelGenerator
        ) {
            try S5Layer(
                channels: channels, stateSize: stateSize * blocks, blocks: blocks,
                initialization: .perturbedLegendre(.given(perturbation)), input: .hippo,
                stepRange: RobustnessStudy.stepRange, dtype: .float64, using: &$0)
        }
        let trainingWave = Variable(inputWave(amplitude: RobustnessStudy.trainingInputNoise))
        ClassificationTraining.train(
            model, steps: steps, learningRate: learningRate, logits: { model($0 + trainingWave) },
            makeBatch: {
                FrequencyBandTask.batch(count: batchSize, length: length, classes: classes, using: &dataGenerator)
            })
        let clean = ClassificationTraining.accuracy(inputs: test.inputs, labels: test.labels) { model($0) }
        let wave = Variable(inputWave(amplitude: RobustnessStudy.inputNoise))
        let noisy = ClassificationTraining.accuracy(inputs: test.inputs, labels: test.labels) { model($0 + wave) }
        return Accuracy(clean: clean, noisy: noisy)
    }
}
