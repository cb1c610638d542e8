import Tensor

/// The multi-query associative recall task (MQAR; Arora et al., *Zoology*, 2023): a sequence opens with
/// `pairCount` key–value pairs k₁ v₁ k₂ v₂ …, then, at random positions of the rest of the sequence (filled with
/// token 0 elsewhere), every key appears once more; the model must answer each such query with the value that
/// followed the key. Keys are drawn without replacement from 1..<vocabulary/2, values from vocabulary/2..<vocabulary.
public struct MultiQueryAssociativeRecall: Sendable {
    public let vocabularySize: Int
    public let sequenceLength: Int
    public let pairCount: Int

    public init(vocabularySize: Int, sequenceLength: Int, pairCount: Int) {
        precondition(
            pairCount >= 1 && vocabularySize / 2 - 1 >= pairCount && sequenceLength >= 3 * pairCount,
            "MultiQueryAssociativeRecall: \(pairCount) pairs need ≥ \(pairCount + 1) keys (vocabulary "
                + "\(vocabularySize)) and ≥ \(3 * pairCount) positions (length \(sequenceLength))")
        self.vocabularySize = vocabularySize
        self.sequenceLength = sequenceLength
        self.pairCount = pairCount
    }

    /// One batch: tokens [B, T] (int64); queryPositions [B, pairCount] (int64, increasing); answers
    /// [B, pairCount] (int64), the value the model's output at each query position must name.
    public func batch(size: Int, using generator: inout RandomGenerator)
        -> (tokens: Tensor, queryPositions: Tensor, answers: Tensor)
    {
        let half = vocabularySize / 2
        var tokens = [Int64](repeating: 0, count: size * sequenceLength)
        var positions: [Int64] = []
        var answers: [Int64] = []
        for row in 0..<size {
            let keys = Array(draw(pairCount, from: half - 1, using: &generator).map { $0 + 1 })
            let values = (0..<pairCount).map { _ in half + Int(generator.nextInteger(below: UInt64(half))) }
            for pair in 0..<pairCount {
                tokens[row * sequenceLength + 2 * pair] = Int64(keys[pair])
                tokens[row * sequenceLength + 2 * pair + 1] = Int64(values[pair])
            }
            let queryRegion = sequenceLength - 2 * pairCount
            let slots = draw(pairCount, from: queryRegion, using: &generator).map { $0 + 2 * pairCount }
            let order = draw(pairCount, from: pairCount, using: &generator)
            for (slot, pair) in zip(slots, order).sorted(by: { $0.0 < $1.0 }) {
                tokens[row * sequenceLength + slot] = Int64(keys[pair])
                positions.append(Int64(slot))
                answers.append(Int64(values[pair]))
            }
        }
        return (
            Tensor(tokens, shape: [size, sequenceLength]), Tensor(positions, shape: [size, pairCount]),
            Tensor(answers, shape: [size, pairCount])
        )
    }

    /// `count` distinct integers from 0..<range in random order (a partial Fisher–Yates shuffle).
    private func draw(_ count: Int, from range: Int, using generator: inout RandomGenerator) -> [Int] {
        var pool = Array(0..<range)
        for i in 0..<count { pool.swapAt(i, i + Int(generator.nextInteger(below: UInt64(range - i)))) }
        return Array(pool.prefix(count))
    }
}
