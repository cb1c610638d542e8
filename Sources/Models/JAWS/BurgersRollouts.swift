import Layers
import Tensor

/// Trajectories of 1-D viscous Burgers on [0, 1) for the JAWS experiment: GRF initial conditions (α = 2.5, τ = 7,
/// scaled to RMS 0.5) solved by the dealiased ETDRK4 solver on 128 points (step 10⁻³), sampled every `interval`
/// time units and subsampled to 64 points. `[count, steps + 1, 64]`, Float32.
struct BurgersRollouts {
    static let solverPoints = 128
    static let points = 64

    let viscosity: Double
    let interval: Double

    func trajectories(_ count: Int, steps: Int, using generator: inout RandomGenerator) -> Tensor {
        let field = GaussianRandomField(points: BurgersRollouts.solverPoints, alpha: 2.5, tau: 7)
        var u = field.sample(count, using: &generator)
        let rms = (u * u).mean(axes: [1], keepDims: true).sqrt()
        u = u / rms * 0.5
        let solverStep = 1e-3
        let solver = PeriodicSemilinearSolver.burgers(
            viscosity: viscosity, points: BurgersRollouts.solverPoints, step: solverStep)
        let every = Int((interval / solverStep).rounded())
        let later = solver.trajectory(from: u, snapshots: steps, every: every)  // [steps, count, 128]
        let all = Tensor.concatenated([u.unsqueezed(axis: 0), later]).permuted([1, 0, 2])
        return all.sliced(axis: 2, start: 0, step: BurgersRollouts.solverPoints / BurgersRollouts.points).contiguous()
            .cast(to: .float32)
    }
}
