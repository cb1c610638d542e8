import Autograd
import Layers
import Tensor

/// Workloads of issue 5: one S4D layer as ../shared/bench/torch_ref.py defines it (`sec_s4d`).
///
/// H = 64 channels, N = 64 states (32 conjugate pairs), L = 1024, batch 16, Float32, S4D-Lin initialization:
/// Vandermonde kernel, causal FFT convolution (length 2L) plus D·u, GELU, then Linear H→H over the channels; MSE to a
/// random target, Adam (lr 1e-3). Sequences are `[batch, L, H]` here (`[batch, H, L]` in PyTorch): the same map.
extension Workloads {
    static var stateSpaceWorkloads: [Workload] {
        [
            Workload(id: "s4d.train", unit: "ms") {
                let (model, _, u) = s4dSetup()
                var g = RandomGenerator(seed: 1)
                let target = Variable(Tensor.normal(u.shape, dtype: .float32, using: &g))
                let adam = Adam(parameters: model.parameters(), learningRate: 1e-3)
                return Timing.measure(samples: 9, warmup: 3, target: 0.2) {
                    adam.zeroGradients()
                    Loss.meanSquaredError(model(u), target).backward()
                    adam.step()
                }
            },
            Workload(id: "s4d.kernel", unit: "ms") {
                let (_, ssm, u) = s4dSetup()
                return Timing.measure(samples: 9, warmup: 3, target: 0.1) {
                    _ = withoutGradients { ssm.kernel(length: u.shape[1]) }
                }
            },
            Workload(id: "s4d.forward", unit: "ms") {
                let (model, _, u) = s4dSetup()
                return Timing.measure(samples: 9, warmup: 3, target: 0.1) { _ = withoutGradients { model(u) } }
            },
        ]
    }

    /// The S4D layer → GELU → Linear of the benchmark, its S4D layer, and its input u `[16, 1024, 64]`.
    private static func s4dSetup() -> (Sequential, S4DLayer, Variable) {
        let (batch, channels, states, length) = (16, 64, 64, 1024)
        var g = RandomGenerator(seed: 0)
        let ssm = try! S4DLayer(
            channels: channels, stateSize: states, initialization: .linear, stateLearningRateScale: 1, dtype: .float32,
            using: &g)
        let model = Sequential([ssm, Activation(.gelu), Linear(channels, channels, using: &g)])
        return (model, ssm, Variable(Tensor.normal([batch, length, channels], dtype: .float32, using: &g)))
    }
}
