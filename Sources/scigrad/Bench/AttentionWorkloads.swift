import Autograd
import Layers
import Tensor

/// Workloads of issue 17 (peers in Benchmarks/peers/attention_ref.py).
///
/// attention.b8.h8.l256.d64.train: one multi-head self-attention block (query, key, value and output projections
/// 512 → 512 with bias, 8 heads of 64, scaled dot-product attention) on x `[8, 256, 512]`, Float32; mean squared
/// error to a random target; backward to the weights; Adam (lr 10⁻³). lsm.darcy32.train: one training step of the
/// `scigrad repro lsm` model (LSM width 16, 3 U-Net levels, 4 × 4 patches, 4 tokens, 12 bases, 8 heads) on a batch of
/// 20 inputs `[20, 32, 32, 1]`; relative L2 loss; Adam (lr 5·10⁻⁴, weight decay 10⁻⁴).
extension Workloads {
    static var attentionWorkloads: [Workload] {
        [
            Workload(id: "attention.b8.h8.l256.d64.train", unit: "ms") {
                var g = RandomGenerator(seed: 0)
                let block = MultiHeadAttention(dimensions: 512, headCount: 8, using: &g)
                let x = Variable(Tensor.normal([8, 256, 512], dtype: .float32, using: &g))
                let target = Variable(Tensor.normal([8, 256, 512], dtype: .float32, using: &g))
                let adam = Adam(parameters: block.parameters(), learningRate: 1e-3)
                return Timing.measure(samples: 9, warmup: 3, target: 0.2) {
                    adam.zeroGradients()
                    Loss.meanSquaredError(block(x), target).backward()
                    adam.step()
                }
            },
            Workload(id: "lsm.darcy32.train", unit: "ms") {
                var g = RandomGenerator(seed: 0)
                let model = LatentSpectralModel2d(width: 16, levels: 3, patchSize: 4, using: &g)
                let x = Variable(Tensor.normal([20, 32, 32, 1], dtype: .float32, using: &g))
                let y = Variable(Tensor.normal([20, 32, 32, 1], dtype: .float32, using: &g))
                let adam = Adam(parameters: model.parameters(), learningRate: 5e-4, weightDecay: 1e-4)
                return Timing.measure(samples: 7, warmup: 2, target: 0.2) {
                    adam.zeroGradients()
                    Loss.relativeL2(model(x), y).backward()
                    adam.step()
                }
            },
        ]
    }
}
