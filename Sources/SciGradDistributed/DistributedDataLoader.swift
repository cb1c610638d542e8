import Layers
import Tensor

/// A `DataLoader` split across the ranks of a data-parallel job (the role of PyTorch's `DistributedSampler`): each
/// global batch of `loader.batchSize` samples is cut into `rankCount` equal shards, and rank `r` gets shard `r`.
///
/// Every rank builds the same loader and shuffles with a generator seeded the same way, so all ranks draw the same
/// epoch permutation (the one `loader.batches(shuffledBy:)` would draw); the shards of a batch are then disjoint,
/// and together they are exactly the batch a single process would see. Every rank takes the same number of steps.
/// The global batch size must be a multiple of the rank count; a last, smaller batch is kept only when it too splits
/// evenly (else it is dropped on every rank), so that the mean of the ranks' shard gradients is the gradient of the
/// batch mean.
///
/// ```swift
/// let loader = DistributedDataLoader(DataLoader([x, labels], batchSize: 256), rank: world.rank, rankCount: world.size)
/// var generator = RandomGenerator(seed: 0)                    // the same seed on every rank
/// for batch in loader.batches(shuffledBy: &generator) { … }    // batch[0]: [256 / world.size, 784]
/// ```
public struct DistributedDataLoader: Sendable {
    /// The loader of the global batches.
    public let loader: DataLoader
    /// This process's shard, `0..<rankCount`.
    public let rank: Int
    /// The number of shards (ranks).
    public let rankCount: Int

    public init(_ loader: DataLoader, rank: Int, rankCount: Int) {
        precondition(
            rankCount > 0 && rank >= 0 && rank < rankCount,
            "DistributedDataLoader: rank \(rank) of \(rankCount) ranks")
        precondition(
            loader.batchSize % rankCount == 0,
            "DistributedDataLoader: batch size \(loader.batchSize) is not a multiple of the \(rankCount) ranks")
        self.loader = loader
        self.rank = rank
        self.rankCount = rankCount
    }

    /// The loader's batches split across the ranks of `communicator`.
    public init(_ loader: DataLoader, communicator: Communicator) {
        self.init(loader, rank: communicator.rank, rankCount: communicator.size)
    }

    /// Samples in each rank's shard of a full batch.
    public var shardSize: Int { loader.batchSize / rankCount }

    /// Number of steps in an epoch (the same on every rank).
    public var batchCount: Int {
        guard loader.batchCount > 0 else { return 0 }
        let last = loader.sampleCount - (loader.batchCount - 1) * loader.batchSize
        return last % rankCount == 0 ? loader.batchCount : loader.batchCount - 1
    }

    /// This rank's shards of one epoch, samples in order.
    public func batches() -> Batches { Batches(loader: self, order: nil) }

    /// This rank's shards of one epoch, samples in an order drawn from `generator` (which advances exactly as
    /// `loader.batches(shuffledBy:)` would advance it).
    public func batches(shuffledBy generator: inout RandomGenerator) -> Batches {
        Batches(loader: self, order: Tensor.permutation(loader.sampleCount, using: &generator))
    }

    /// This rank's shards of one epoch: a random-access collection of `[Tensor]`, one tensor per input tensor.
    public struct Batches: RandomAccessCollection, Sendable {
        let loader: DistributedDataLoader
        /// The sample order as a 1-D int64 tensor, or nil for the natural order.
        let order: Tensor?

        public var startIndex: Int { 0 }
        public var endIndex: Int { loader.batchCount }

        public subscript(index: Int) -> [Tensor] {
            precondition(index >= 0 && index < endIndex, "DistributedDataLoader.Batches: batch \(index) of \(endIndex)")
            let global = loader.loader
            let batchStart = index * global.batchSize
            let shard = Swift.min(global.batchSize, global.sampleCount - batchStart) / loader.rankCount
            let start = batchStart + loader.rank * shard
            guard let order else { return global.tensors.map { $0.narrowed(axis: 0, start: start, length: shard) } }
            let samples = order.narrowed(axis: 0, start: start, length: shard)
            return global.tensors.map { $0.indexSelected(axis: 0, indices: samples) }
        }
    }
}
