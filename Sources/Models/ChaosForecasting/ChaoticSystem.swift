import Foundation
import Layers
import Tensor

/// One chaotic flow of the benchmark with dysts' set-up: its parameters, its dominant period (from dysts'
/// `chaotic_attractors.json`), the sampling interval that gives 30 points per period, and a start on its attractor.
struct ChaoticSystem: Sendable {
    let name: String
    let field: VectorField
    /// dysts' dominant period (the time between the points is period/30).
    let period: Double
    /// dysts' initial condition (on the attractor).
    let start: [Double]
    /// dysts' `maximum_lyapunov_estimated`, for the page (ours is measured).
    let dystsExponent: Double

    static let pointsPerPeriod = 30.0
    /// RK4 steps between two samples.
    static let substeps = 5

    /// Δt between samples.
    var interval: Double { period / Self.pointsPerPeriod }
    /// The RK4 step.
    var step: Double { interval / Double(Self.substeps) }

    static let all: [ChaoticSystem] = [
        ChaoticSystem(
            name: "Lorenz", field: .lorenz63(), period: 1.5008, start: [-9.7869288, -15.03852, 20.533978],
            dystsExponent: 0.8917),
        ChaoticSystem(
            name: "Rossler", field: .rossler(), period: 5.9086, start: [6.5134412, 0.4772013, 0.34164294],
            dystsExponent: 0.1506),
        ChaoticSystem(
            name: "Thomas", field: .thomas(), period: 4.969, start: [2.199442, 2.3634225, 3.220197],
            dystsExponent: 0.6324),
        ChaoticSystem(
            name: "Halvorsen", field: .halvorsen(), period: 1.4889, start: [-8.6807408, -2.4741399, 0.070775762],
            dystsExponent: 0.6964),
    ]

    /// `count` trajectories of `length` samples `[count, length, 3]` (Float64): dysts' start perturbed by N(0, 0.5²)
    /// per coordinate, then `spinUp` samples discarded so that they are independent points of the attractor.
    func trajectories(_ count: Int, length: Int, spinUp: Int = 400, using generator: inout RandomGenerator) -> Tensor {
        let integrator = RungeKutta4(step: step, derivative: field.callAsFunction)
        let origin = Tensor(start, shape: [1, 3], dtype: .float64)
        let perturbed = origin + Tensor.normal([count, 3], standardDeviation: 0.5, dtype: .float64, using: &generator)
        let first = integrator.advance(perturbed, steps: spinUp * Self.substeps)
        guard length > 1 else { return first.unsqueezed(axis: 1) }
        let samples = integrator.trajectory(from: first, snapshots: length - 1, every: Self.substeps)  // [T − 1, B, 3]
        return Tensor.concatenated([first.unsqueezed(axis: 0), samples]).permuted([1, 0, 2]).contiguous()
    }
}
