import Autograd
import Tensor

/// A small language model around a `SequenceMixer`: token embedding, `layerCount` pre-norm blocks
/// (x + mixer(LN x), then x + MLP(LN x) with a 2D GELU hidden layer), a final LayerNorm and a linear read-out to
/// the vocabulary. int64 tokens [B, T] → logits [B, T, vocabulary].
public final class SequenceMemoryModel: Module {
    public let embedding: Embedding
    public let mixers: [SequenceMixer]
    public let mixerNorms: [LayerNorm]
    public let feedForwards: [MLP]
    public let feedForwardNorms: [LayerNorm]
    public let finalNorm: LayerNorm
    public let readout: Linear

    public init(
        _ kind: SequenceMemoryKind, vocabularySize: Int, dimensions: Int, layerCount: Int, headCount: Int,
        keyDimensions: Int, valueDimensions: Int, dtype: DType = .float32, using generator: inout RandomGenerator
    ) {
        embedding = Embedding(embeddingCount: vocabularySize, dimensions: dimensions, dtype: dtype, using: &generator)
        var mixers: [SequenceMixer] = []
        var feedForwards: [MLP] = []
        for _ in 0..<layerCount {
            mixers.append(
                SequenceMixer(
                    kind, dimensions: dimensions, headCount: headCount, keyDimensions: keyDimensions,
                    valueDimensions: valueDimensions, dtype: dtype, using: &generator))
            feedForwards.append(
                MLP([dimensions, 2 * dimensions, dimensions], activation: .gelu, dtype: dtype, using: &generator))
        }
        self.mixers = mixers
        self.feedForwards = feedForwards
        mixerNorms = (0..<layerCount).map { _ in LayerNorm(normalizedShape: [dimensions], dtype: dtype) }
        feedForwardNorms = (0..<layerCount).map { _ in LayerNorm(normalizedShape: [dimensions], dtype: dtype) }
        finalNorm = LayerNorm(normalizedShape: [dimensions], dtype: dtype)
        readout = Linear(dimensions, vocabularySize, dtype: dtype, using: &generator)
        super.init()
    }

    /// tokens: int64 [B, T] → logits [B, T, vocabulary].
    public func callAsFunction(_ tokens: Tensor) -> Variable {
        var x = embedding(tokens)
        for layer in mixers.indices {
            x = x + mixers[layer](mixerNorms[layer](x))
            x = x + feedForwards[layer](feedForwardNorms[layer](x))
        }
        return readout(finalNorm(x))
    }
}
