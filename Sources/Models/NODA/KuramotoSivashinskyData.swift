import Foundation
import Layers
import Tensor

/// Kuramoto–Sivashinsky trajectories on the chaotic attractor for the NODA experiment: domain length 22, 64 points,
/// ETDRK4 step 0.05, states every 0.25 time units. Initial conditions are small random fields run for 100 time units
/// first (spin-up onto the attractor). `[count, steps + 1, 64]`, Float32.
enum KuramotoSivashinskyData {
    static let points = 64
    static let length = 22.0
    static let interval = 0.25
    static let solver = PeriodicSemilinearSolver.kuramotoSivashinsky(points: points, length: length, step: 0.05)

    static func trajectories(_ count: Int, steps: Int, using generator: inout RandomGenerator) -> Tensor {
        let every = Int((interval / solver.step).rounded())
        let noise = Tensor.normal([count, points], dtype: .float64, using: &generator) * 0.1
        let start = solver.advance(noise, steps: Int((100 / solver.step).rounded()))
        let later = solver.trajectory(from: start, snapshots: steps, every: every)  // [steps, count, n]
        return Tensor.concatenated([start.unsqueezed(axis: 0), later]).permuted([1, 0, 2]).contiguous()
            .cast(to: .float32)
    }

    /// The exact propagator of the linear part over one interval, e^{(k² − k⁴)Δt} per rfft bin, `[1, n/2 + 1]`.
    static func linearPropagator() -> Tensor {
        let factors = solver.wavenumbers.map { k in (k * k - k * k * k * k) * interval }.map { Foundation.exp($0) }
        return Tensor(factors, shape: [1, factors.count], dtype: .float32)
    }
}
