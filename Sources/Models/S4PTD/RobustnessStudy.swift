import Autograd
import Foundation
import Layers
import Tensor

/// The robustness part of the S4-PTD reproduction: models initialized by S4D (S5) and by PTD (S4-PTD, S5-PTD) are
/// trained on the same task, then tested with a sinusoid added at the frequency where S4D's transfer function
/// departs from HiPPO's.
///
/// All choices were fixed before the first run:
/// - Task: `SinusoidAmplitudeTask`, θ in the band [0.01π, 0.1π] per step, noise σ = 0.1.
/// - Step: every channel (S4D) or state (S5) uses Δ₀ = (π/2)/ω*, with ω* S4D's spike frequency at n = 64 from the
///   transfer-function study, so the spike sits at θ* = π/2 per step, far above the training band.
/// - Perturbation: 0.1·sin(θ*t + ψ) added to every test input (10% of the mean amplitude).
/// - Models: one block (pre-norm, GLU), H = 16, state size n = 64, mean pooling; S4D-LegS vs S4-PTD, S5 vs S5-PTD,
///   PTD from a Ginibre E with ‖E‖₂ = 1e-3·‖A‖₂ (ε ≥ 1e-2 leaves A + E with eigenvalues in the right half plane at
///   n = 64; see the transfer-function study's notes). Adam, learning rate 1e-2 (Λ, Δ, B at 0.1×), batch 16.
/// - Figure: the increase of test MSE under the perturbation, PTD's over S4D's (S5-PTD's over S5's).
struct RobustnessStudy {
    let length: Int
    let steps: Int
    let spikeFrequency: Double

    struct Outcome {
        let label: String
        let cleanError: Double
        let perturbedError: Double
        var increase: Double { perturbedError - cleanError }
    }

    static let band = (0.01 * Double.pi)...(0.1 * Double.pi)
    static let noise = 0.1
    static let perturbationAmplitude = 0.1
    static let perturbationSize = 1e-3

    var step: Double { (Double.pi / 2) / spikeFrequency }

    func run(seed: UInt64, log: (String) -> Void) throws -> [Outcome] {
        var testGenerator = RandomGenerator(seed: seed &+ 11)
        let test = SinusoidAmplitudeTask.batch(
            count: 256, length: length, band: RobustnessStudy.band, noise: RobustnessStudy.noise, using: &testGenerator)
        let perturbed =
            test.inputs
            + SinusoidAmplitudeTask.perturbation(
                count: 256, length: length, frequency: Double.pi / 2, amplitude: RobustnessStudy.perturbationAmplitude,
                using: &testGenerator)
        log(
            String(
                format: "robustness: Δ₀ = %.4g (ω* = %.4g), L = %d, %d steps per model", step, spikeFrequency, length,
                steps))
        let ptd = DiagonalInitialization.perturbedLegendre(.random(relativeSize: RobustnessStudy.perturbationSize))
        let step = self.step
        let makers: [(String, (inout RandomGenerator) throws -> any UnaryLayer)] = [
            (
                "S4D",
                {
                    try S4DLayer(
                        channels: 16, stateSize: 64, initialization: .legendre, stepRange: step...step, using: &$0)
                }
            ),
            (
                "S4-PTD",
                { try S4DLayer(channels: 16, stateSize: 64, initialization: ptd, stepRange: step...step, using: &$0) }
            ),
            (
                "S5",
                {
                    try S5Layer(
                        channels: 16, stateSize: 64, initialization: .legendre, stepRange: step...step, using: &$0)
                }
            ),
            (
                "S5-PTD",
                { try S5Layer(channels: 16, stateSize: 64, initialization: ptd, stepRange: step...step, using: &$0) }
            ),
        ]
        var outcomes: [Outcome] = []
        for (label, makeMixer) in makers {
            var modelGenerator = RandomGenerator(seed: seed &+ 12)
            var dataGenerator = RandomGenerator(seed: seed &+ 13)
            let model = try StateSpaceSequenceModel(
                inputSize: 1, hiddenSize: 16, outputSize: 1, depth: 1, pooling: .mean, output: .glu,
                using: &modelGenerator, mixer: makeMixer)
            SequenceTraining.train(
                model, steps: steps, learningRate: 1e-2, label: label, reportEvery: Swift.max(1, steps / 4)
            ) {
                SinusoidAmplitudeTask.batch(
                    count: 16, length: length, band: RobustnessStudy.band, noise: RobustnessStudy.noise,
                    using: &dataGenerator)
            }
            let outcome = Outcome(
                label: label,
                cleanError: SequenceTraining.meanSquaredError(model, inputs: test.inputs, targets: test.targets),
                perturbedError: SequenceTraining.meanSquaredError(model, inputs: perturbed, targets: test.targets))
            log(
                String(
                    format: "%@: test MSE %.5f clean, %.5f perturbed (increase %.5f)", label, outcome.cleanError,
                    outcome.perturbedError, outcome.increase))
            outcomes.append(outcome)
        }
        return outcomes
    }
}
