import Autograd
import Layers
import Tensor

/// Workloads of issue 15: one training step of row 31's Gated KalmaNet model on MQAR, as
/// Benchmarks/peers/gka_ref.py defines it for PyTorch and JAX.
///
/// `gka.mqar.train`: vocabulary 64, length 128, 8 key–value pairs, batch 16; 2 pre-norm blocks of d_model 64 (GKA
/// mixer: one head, dk = dv = 32, short convolutions of 4, 10 Chebyshev steps per token, α ≥ 1/99; MLP 64→128→64
/// GELU), final LayerNorm, read-out to 64 logits; cross-entropy at the 8 query positions; backward; Adam (lr 1e-3).
/// The batch is drawn once, before timing.
extension Workloads {
    static var sequenceMemoryWorkloads: [Workload] {
        [
            Workload(id: "gka.mqar.train", unit: "ms") {
                var generator = RandomGenerator(seed: 0)
                let task = MultiQueryAssociativeRecall(vocabularySize: 64, sequenceLength: 128, pairCount: 8)
                let model = SequenceMemoryModel(
                    .gatedKalmanNet(iterations: 10, precision: .native, minimumRegularization: 1.0 / 99),
                    vocabularySize: 64, dimensions: 64, layerCount: 2, headCount: 1, keyDimensions: 32,
                    valueDimensions: 32, using: &generator)
                let batch = task.batch(size: 16, using: &generator)
                let adam = Adam(parameters: model.parameters(), learningRate: 1e-3)
                return Timing.measure(samples: 7, warmup: 2, target: 0.2) {
                    adam.zeroGradients()
                    MultiQueryAssociativeRecall.loss(
                        model(batch.tokens), queryPositions: batch.queryPositions, answers: batch.answers
                    ).backward()
                    adam.step()
                }
            }
        ]
    }
}
