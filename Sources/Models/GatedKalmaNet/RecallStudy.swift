import Autograd
import Foundation
import Layers
import Tensor

/// Claim (b): multi-query associative recall (vocabulary 64, length 128, 8 key–value pairs) by 2-layer models
/// (d_model 64, one head, dk = dv = 32) that differ only in their memory: GKA (10 Chebyshev steps per token, Float32),
/// Gated DeltaNet, linear attention, and softmax attention as the upper bound. Adam with a cosine schedule on fresh
/// batches; recall is the fraction of queries answered right on fresh sequences.
struct RecallStudy {
    let task = MultiQueryAssociativeRecall(vocabularySize: 64, sequenceLength: 128, pairCount: 8)
    static let dimensions = 64
    static let keyDimensions = 32
    static let chebyshevIterations = 10
    /// α_t ≥ 1/99: κ(H_t + λ_t I) ≤ 100.
    static let minimumRegularization = 1.0 / 99
    let steps: Int
    let batchSize: Int
    let evaluationSequences: Int
    let learningRate: Double

    static let kinds: [SequenceMemoryKind] = [
        .gatedKalmanNet(
            iterations: chebyshevIterations, precision: .native, minimumRegularization: minimumRegularization),
        .gatedDeltaNet, .linearAttention, .softmaxAttention,
    ]

    static func model(_ kind: SequenceMemoryKind, vocabularySize: Int, using generator: inout RandomGenerator)
        -> SequenceMemoryModel
    {
        SequenceMemoryModel(
            kind, vocabularySize: vocabularySize, dimensions: dimensions, layerCount: 2, headCount: 1,
            keyDimensions: keyDimensions, valueDimensions: keyDimensions, using: &generator)
    }

    /// Trains one model from `seed` (its initialization and its data stream; the evaluation set comes from the seed
    /// alone, so every kind sees the same sequences) and returns its recall and its training losses.
    func run(_ kind: SequenceMemoryKind, seed: UInt64) -> (recall: Double, losses: [Double], seconds: Double) {
        var initialization = RandomGenerator(seed: seed)
        var data = RandomGenerator(seed: seed &+ 0x9E37_79B9)
        var evaluation = RandomGenerator(seed: seed &+ 0x5151)
        let model = Self.model(kind, vocabularySize: task.vocabularySize, using: &initialization)
        let optimizer = Adam(parameters: model.parameters(), learningRate: learningRate)
        let schedule = CosineWithWarmup(base: learningRate, totalSteps: steps, warmupSteps: steps / 10)
        let start = Date()
        var losses: [Double] = []
        for step in 0..<steps {
            optimizer.learningRate = schedule.learningRate(at: step)
            let batch = task.batch(size: batchSize, using: &data)
            let loss = MultiQueryAssociativeRecall.loss(
                model(batch.tokens), queryPositions: batch.queryPositions, answers: batch.answers)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        }
        let recall = withoutGradients {
            var correct = 0.0
            var remaining = evaluationSequences
            while remaining > 0 {
                let size = Swift.min(64, remaining)
                let batch = task.batch(size: size, using: &evaluation)
                correct +=
                    Double(size)
                    * MultiQueryAssociativeRecall.recall(
                        model(batch.tokens).value, queryPositions: batch.queryPositions, answers: batch.answers)
                remaining -= size
            }
            return correct / Double(evaluationSequences)
        }
        return (recall, losses, Date().timeIntervalSince(start))
    }
}
