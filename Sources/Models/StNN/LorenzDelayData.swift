import Foundation
import Layers
import Tensor

/// Lorenz-63 (σ 10, ρ 28, β 8/3) by RK4 at dt = 0.01 from one random start per seed, run 10 time units onto the
/// attractor first; the training series is followed by the test series. Float64.
struct LorenzDelayData {
    static let step = 0.01
    static let spinUpSteps = 1000

    /// The full states `[T, 3]` of the training part (SINDy's reference sees them; the delay models see x only).
    let trainStates: Tensor
    let testStates: Tensor

    /// Trajectories for all `seeds` at once (a batch of starts): one data set per seed.
    static func make(seeds: [UInt64], trainSteps: Int, testSteps: Int) -> [LorenzDelayData] {
        var starts: [Double] = []
        for seed in seeds {
            var generator = RandomGenerator(seed: seed &+ 0x5EED)
            starts += [
                30 * generator.nextDouble() - 15, 30 * generator.nextDouble() - 15, 10 + 30 * generator.nextDouble(),
            ]
        }
        let solver = RungeKutta4(step: step, derivative: Lorenz.lorenz63())
        let start = solver.advance(Tensor(starts, shape: [seeds.count, 3], dtype: .float64), steps: spinUpSteps)
        let path = solver.trajectory(from: start, snapshots: trainSteps + testSteps)  // [T, seeds, 3]
        return seeds.indices.map { s in
            let states = path.selected(axis: 1, index: s).contiguous()
            return LorenzDelayData(
                trainStates: states.narrowed(axis: 0, start: 0, length: trainSteps).contiguous(),
                testStates: states.narrowed(axis: 0, start: trainSteps, length: testSteps).contiguous())
        }
    }

    var trainSeries: Tensor { trainStates.selected(axis: 1, index: 0).contiguous() }
    var testSeries: Tensor { testStates.selected(axis: 1, index: 0).contiguous() }

    /// Windows of q values and the value after each: inputs `[N, q]`, targets `[N]` (Float64).
    static func pairs(_ series: Tensor, window q: Int) -> (windows: Tensor, next: Tensor) {
        let all = DelayEmbedding.windows(series, length: q + 1)
        return (all.narrowed(axis: 1, start: 0, length: q).contiguous(), all.selected(axis: 1, index: q).contiguous())
    }
}
