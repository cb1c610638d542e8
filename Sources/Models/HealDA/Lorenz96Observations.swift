import Layers
import Tensor

/// Truth trajectories of Lorenz-96 and their sparse, noisy observations: at every observation time each site is
/// seen with probability `coverage`, with N(0, σ²) error.
struct Lorenz96Observations {
    /// x(tₛ) `[cases, sites]` for s = 0…times−1, Float64.
    var truth: [Tensor]
    /// 0/1 `[cases, sites]` per time.
    var masks: [Tensor]
    /// truth + σ·ε where observed, 0 elsewhere, `[cases, sites]` per time.
    var values: [Tensor]

    struct Settings {
        var sites = 40
        var forcing = 8.0
        var step = 0.01
        /// RK4 steps between observation times (0.05 MTU).
        var stepsPerObservation = 5
        var coverage = 0.5
        var noise = 1.0
        /// RK4 steps from the perturbed rest state before the first observation (5 MTU).
        var spinUpSteps = 500
    }

    /// `cases` independent trajectories observed at `times` times.
    init(cases: Int, times: Int, settings: Settings, using generator: inout RandomGenerator) {
        let model = RungeKutta4(step: settings.step, derivative: Lorenz.lorenz96(forcing: settings.forcing))
        var state =
            Tensor.normal([cases, settings.sites], dtype: .float64, using: &generator) + settings.forcing
        state = model.advance(state, steps: settings.spinUpSteps)
        truth = []
        masks = []
        values = []
        for time in 0..<times {
            if time > 0 { state = model.advance(state, steps: settings.stepsPerObservation) }
            let mask = Tensor.bernoulli([cases, settings.sites], probability: settings.coverage, using: &generator)
                .cast(to: .float64)
            let noise = Tensor.normal([cases, settings.sites], dtype: .float64, using: &generator) * settings.noise
            truth.append(state)
            masks.append(mask)
            values.append((state + noise) * mask)
        }
    }

    /// The network input of the windows of `length` times ending at `last`: `[cases, 2·length, sites]` Float32,
    /// standardized observations then masks.
    func windowInputs(endingAt last: Int, length: Int, mean: Double, scale: Double) -> Tensor {
        let range = (last - length + 1)...last
        let standardized = range.map { ((values[$0] - mean) / scale * masks[$0]).unsqueezed(axis: 1) }
        let maskChannels = range.map { masks[$0].unsqueezed(axis: 1) }
        return Tensor.concatenated(standardized + maskChannels, axis: 1).cast(to: .float32)
    }
}
