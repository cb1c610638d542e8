import Foundation
import Layers
import Tensor

/// The regularization path of RAPTOR (PLAN row 14) as a benchmark; its scikit-learn peer is
/// `Benchmarks/peers/probe_ref.py`.
extension Workloads {
    /// `probe.raptor.d512.sweep25`: a two-class `LogisticProbe` fitted at 25 penalties λ ∈ [1e-4, 1e2] (log grid, from
    /// the largest down, each warm-started from the last; L-BFGS, gradient tolerance 1e-6) on n = 1024 Float64 rows
    /// of d = 512, x = y·1.2·w* + z with z ~ N(0, I), y = ±1 equally likely, w* a random unit vector.
    static var probeWorkloads: [Workload] {
        [
            Workload(id: "probe.raptor.d512.sweep25", unit: "ms") {
                let (n, d) = (1024, 512)
                var g = RandomGenerator(seed: 0)
                let labels = Tensor.randomIntegers([n], high: 2, using: &g)
                let teacher = Tensor.normal([1, d], dtype: .float64, using: &g)
                let direction = teacher / teacher.norm().item()
                let signs = labels.cast(to: .float64).unsqueezed(axis: 1) * 2 - 1
                let features = Tensor.normal([n, d], dtype: .float64, using: &g) + signs * direction * 1.2
                let penalties = (0..<25).map { Foundation.pow(10, -4 + 6 * Double($0) / 24) }
                return Timing.measure(samples: 5, warmup: 1, target: 0) {
                    var probe = LogisticProbe(classes: 2)
                    _ = probe.regularizationPath(features: features, labels: labels, penalties: penalties)
                }
            }
        ]
    }
}
