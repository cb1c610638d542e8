import Autograd
import Foundation
import Layers
import Tensor

/// The robustness part of the S4-PTD reproduction: models initialized by S4D (S5) and by PTD (S4-PTD, S5-PTD) are
/// trained on the same task, then tested with a sinusoid added at the frequency where the diagonal (S4D, S5)
/// transfer function departs from HiPPO's.
///
/// All choices but the S5 input matrix were fixed before the first run:
/// - Task: `SinusoidAmplitudeTask`, θ in the band [0.01π, 0.1π] per step, noise σ = 0.1.
/// - Step: every channel (S4D) or state (S5) uses Δ₀ = (π/2)/ω*, with ω* the spike frequency of the model's own
///   diagonal system at n = 64 from the transfer-function study (S4D-LegS for S4D and S4-PTD; S5 with HiPPO's B for
///   S5 and S5-PTD: the same ω*, as the two differ only by S4D's factor ½ on B), so the spike sits at θ* = π/2 per
///   step, far above the training band.
/// - Perturbation: 0.1·sin(θ*t + ψ) added to every test input (10% of the mean amplitude).
/// - Models: one block (pre-norm, GLU), H = 16, state size n = 64, mean pooling; S4D-LegS vs S4-PTD, S5 vs S5-PTD,
///   PTD from a Ginibre E with ‖E‖₂ = 1e-3·‖A‖₂ ≈ 2.6 (the trade-off of the paper's ablation: κ(Ṽ) ~ 2e3–6e3 and a
///   stable A + E; ‖E‖₂ = 1e-2 would give κ(Ṽ) ≈ 8e5 and B̃, C̃ with large cancelling entries, ‖E‖ ≥ 1e-2‖A‖ an
///   unstable A + E). Adam, learning rate 1e-2 (Λ, Δ, B at 0.1×), batch 16.
/// - S5's B: HiPPO-LegS's B in every channel, as the S5-PTD code does for sequential CIFAR, the task of the paper's
///   robustness test (`S5Layer.InputInitialization.hippo`). With it (n = 64, ω* ≈ 1303, C ~ N(0, 1)) the S5 system's
///   |G(iω*)| is 4× its largest gain in the training band (ω ∈ [0.02, 0.2]·ω* = [26, 260]); with the S5
///   paper's random B it is 0.03–0.7× (seven draws), so nothing at ω* is amplified, although HiPPO's own system with
///   that B is smaller still there (~1e-3× its in-band gain) and the relative departure remains. The random-B pair
///   runs as a supplementary check in the default run.
/// - Figure: the increase of test MSE under the perturbation, PTD's over S4D's (S5-PTD's over S5's).
///
/// What a diagnosis of the trained models found (a scratch program run after the fact, seeds 0–2, default
/// configuration; not part of the verdicts):
/// - Δ trains, so each spike moves: after 600 steps Δ is off by 1–5 %, which moves θ* by 0.015–0.08 rad, 25–130
///   half-widths of the resonance (Δ₀·|Re λ| ≈ 6e-4 rad). S4D stays hurt at π/2 when, by chance, one of its 16
///   channels (each with its own Δ) stays within ~0.003 rad of π/2: seed 0 (increase 0.00095) and seed 2 (0.0006),
///   not seed 1 (0.00005 at π/2, 0.00059 at 1.558 where two channels landed). So S4D's "hurt" at a fixed θ* is
///   seed-dependent.
/// - S5 shares one Δ per state across channels; its one resonant state moved to θ = 1.558 (seed 0). Retuned to π/2,
///   the mixer's gain there returns (5.8×), yet the MSE still does not rise: only GELU turns the perturbation into
///   a shift of the mean-pooled output (≈ ½·E[GELU''(z)]·a²/2 per channel), and the trained S5's mixer outputs sit
///   in GELU's nearly linear range (E[GELU''] ≈ 0.04 where the perturbation is largest, against 0.63 for S4D's most
///   affected channel). No bug was found in S5's discretization, per-state Δ or conjugate pairs.
/// - A sounder design (not done yet): freeze Δ (and Im Λ) in this study or report the largest increase over a fine
///   sweep of θ around each trained model's own spike, over several seeds.
struct RobustnessStudy {
    let length: Int
    let steps: Int
    /// ω* of S4D-LegS at n = 64.
    let spikeFrequency: Double
    /// ω* of S5 with HiPPO's B at n = 64.
    let s5SpikeFrequency: Double
    /// Also train S5 and S5-PTD with the S5 paper's random B (supplementary, not used for a verdict).
    let includeRandomInputS5: Bool

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
    var s5Step: Double { (Double.pi / 2) / s5SpikeFrequency }

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
                format: "robustness: Δ₀ = %.4g (ω* = %.4g; S5: %.4g, ω* = %.4g), L = %d, %d steps per model", step,
                spikeFrequency, s5Step, s5SpikeFrequency, length, steps))
        let ptd = DiagonalInitialization.perturbedLegendre(.random(relativeSize: RobustnessStudy.perturbationSize))
        let step = self.step
        let s5Step = self.s5Step
        var makers: [(String, (inout RandomGenerator) throws -> any UnaryLayer)] = [
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
        ]
        var s5Inputs: [(String, S5Layer.InputInitialization)] = [("", .hippo)]
        if includeRandomInputS5 { s5Inputs.append((" (random B)", .random)) }
        for (suffix, input) in s5Inputs {
            for (name, initialization) in [("S5", DiagonalInitialization.legendre), ("S5-PTD", ptd)] {
                makers.append(
                    (
                        name + suffix,
                        {
                            try S5Layer(
                                channels: 16, stateSize: 64, initialization: initialization, input: input,
                                stepRange: s5Step...s5Step, using: &$0)
                        }
                    ))
            }
        }
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
