import Tensor

/// Sampling workloads (peers in Benchmarks/peers/random_ref.py).
///
/// random.normal.4e6: 4·10⁶ standard normal Float32 samples into a new tensor (`Tensor.normal`, the ziggurat), the
/// peers' `torch.randn` and `jax.random.normal` under `jit` with a fresh key per call.
extension Workloads {
    static var randomWorkloads: [Workload] {
        [
            Workload(id: "random.normal.4e6", unit: "ms") {
                var generator = RandomGenerator(seed: 0)
                return Timing.measure { _ = Tensor.normal([4_000_000], dtype: .float32, using: &generator) }
            }
        ]
    }
}
