import Tensor

/// Mini-batches over tensors that share axis 0 (inputs, targets, weights, …), in order or shuffled.
///
/// A batch is one tensor per input tensor, each holding the same samples along axis 0. In-order batches are views
/// (no copy); shuffled batches gather their samples. Shuffling draws one permutation per call of
/// `batches(shuffledBy:)` from the generator passed in, so the same seed replays the same epochs. The last batch
/// is smaller when `batchSize` does not divide the sample count, unless `dropLast` drops it.
///
/// ```swift
/// let loader = DataLoader([inputs, targets], batchSize: 64)      // inputs [N, 2], targets [N, 1]
/// var generator = RandomGenerator(seed: 0)
/// for epoch in 0..<100 {
///     for batch in loader.batches(shuffledBy: &generator) {
///         let (x, y) = (batch[0], batch[1])                       // [64, 2], [64, 1]
///         …
///     }
/// }
/// ```
public struct DataLoader: Sendable {
    /// The tensors batched together; they share the size of axis 0.
    public let tensors: [Tensor]
    /// Samples per batch (the last batch may hold fewer).
    public let batchSize: Int
    /// Whether a smaller last batch is left out.
    public let dropLast: Bool

    public init(_ tensors: [Tensor], batchSize: Int, dropLast: Bool = false) {
        precondition(!tensors.isEmpty, "DataLoader: needs at least one tensor")
        precondition(batchSize > 0, "DataLoader: batchSize must be positive, got \(batchSize)")
        precondition(
            tensors.allSatisfy { $0.rank > 0 && $0.shape[0] == tensors[0].shape[0] },
            "DataLoader: tensors must share the size of axis 0, got shapes \(tensors.map(\.shape))")
        self.tensors = tensors
        self.batchSize = batchSize
        self.dropLast = dropLast
    }

    /// Number of samples (the size of axis 0).
    public var sampleCount: Int { tensors[0].shape[0] }

    /// Number of batches in an epoch.
    public var batchCount: Int { dropLast ? sampleCount / batchSize : (sampleCount + batchSize - 1) / batchSize }

    /// The batches of one epoch, samples in order.
    public func batches() -> Batches { Batches(loader: self, order: nil) }

    /// The batches of one epoch, samples in an order drawn from `generator` (which advances).
    public func batches(shuffledBy generator: inout RandomGenerator) -> Batches {
        Batches(loader: self, order: Tensor.permutation(sampleCount, using: &generator))
    }

    /// The batches of one epoch: a random-access collection of `[Tensor]`, one tensor per input tensor.
    public struct Batches: RandomAccessCollection, Sendable {
        let loader: DataLoader
        /// The sample order as a 1-D int64 tensor, or nil for the natural order.
        let order: Tensor?

        public var startIndex: Int { 0 }
        public var endIndex: Int { loader.batchCount }

        public subscript(index: Int) -> [Tensor] {
            precondition(index >= 0 && index < endIndex, "DataLoader.Batches: batch \(index) of \(endIndex)")
            let start = index * loader.batchSize
            let length = Swift.min(loader.batchSize, loader.sampleCount - start)
            guard let order else { return loader.tensors.map { $0.narrowed(axis: 0, start: start, length: length) } }
            let samples = order.narrowed(axis: 0, start: start, length: length)
            return loader.tensors.map { $0.indexSelected(axis: 0, indices: samples) }
        }
    }
}
