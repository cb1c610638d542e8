import Tensor

/// Samples addressed by index, PyTorch's map-style `Dataset`: `count` samples, each produced on demand by
/// `sample(at:)` (read from a file, generated, augmented). `mapped` adds a transform; a `DatasetLoader` draws
/// batches and joins each batch's samples with a collate step.
///
/// ```swift
/// struct Squares: Dataset {
///     var count: Int { 100 }
///     func sample(at index: Int) -> [Tensor] {
///         let x = Double(index) / 100
///         return [Tensor([x]), Tensor([x * x])]           // input [1], target [1]
///     }
/// }
/// let noisy = Squares().mapped { sample in [sample[0] * 2, sample[1]] }        // a transform
/// let loader = DatasetLoader(noisy, batchSize: 16)                               // stacks: [16, 1], [16, 1]
/// var generator = RandomGenerator(seed: 0)
/// for batch in loader.batches(shuffledBy: &generator) {
///     let (x, y) = (batch[0], batch[1])
/// }
/// ```
public protocol Dataset {
    associatedtype Sample
    /// The number of samples.
    var count: Int { get }
    /// Sample `index`, for `index` in `0..<count`.
    func sample(at index: Int) -> Sample
}

extension Dataset {
    /// This dataset with `transform` applied to each sample as it is read.
    public func mapped<Transformed>(_ transform: @escaping (Sample) -> Transformed) -> MappedDataset<Self, Transformed>
    {
        MappedDataset(base: self, transform: transform)
    }
}

/// A dataset whose samples are another's, transformed (see `Dataset.mapped`).
public struct MappedDataset<Base: Dataset, Sample>: Dataset {
    let base: Base
    let transform: (Base.Sample) -> Sample

    public var count: Int { base.count }
    public func sample(at index: Int) -> Sample { transform(base.sample(at: index)) }
}

/// The rows of tensors that share axis 0, as a dataset of `[Tensor]` samples (PyTorch's `TensorDataset`).
public struct TensorDataset: Dataset {
    public let tensors: [Tensor]

    public init(_ tensors: [Tensor]) {
        precondition(
            !tensors.isEmpty && tensors.allSatisfy { $0.rank > 0 && $0.shape[0] == tensors[0].shape[0] },
            "TensorDataset: needs tensors that share the size of axis 0, got shapes \(tensors.map(\.shape))")
        self.tensors = tensors
    }

    public var count: Int { tensors[0].shape[0] }
    public func sample(at index: Int) -> [Tensor] { tensors.map { $0.selected(axis: 0, index: index) } }
}

/// Mini-batches of a `Dataset`: each batch reads its samples (in order, or in an order drawn from a generator)
/// and joins them with `collate`, by default stacking each tensor of the samples along a new axis 0.
///
/// For tensors already in memory, `DataLoader` is the faster path (its in-order batches are views).
public struct DatasetLoader<Source: Dataset, Batch> {
    public let dataset: Source
    public let batchSize: Int
    public let dropLast: Bool
    let collate: ([Source.Sample]) -> Batch

    /// Batches joined by `collate`, which receives the samples of one batch in order.
    public init(
        _ dataset: Source, batchSize: Int, dropLast: Bool = false, collate: @escaping ([Source.Sample]) -> Batch
    ) {
        precondition(batchSize > 0, "DatasetLoader: batchSize must be positive, got \(batchSize)")
        (self.dataset, self.batchSize, self.dropLast, self.collate) = (dataset, batchSize, dropLast, collate)
    }

    /// The number of batches in an epoch.
    public var batchCount: Int {
        dropLast ? dataset.count / batchSize : (dataset.count + batchSize - 1) / batchSize
    }

    /// The batches of one epoch, samples in order.
    public func batches() -> Batches { Batches(loader: self, order: Array(0..<dataset.count)) }

    /// The batches of one epoch, samples in an order drawn from `generator` (which advances).
    public func batches(shuffledBy generator: inout RandomGenerator) -> Batches {
        Batches(loader: self, order: Array(0..<dataset.count).shuffled(using: &generator))
    }

    /// The batches of one epoch, each read when it is accessed.
    public struct Batches: RandomAccessCollection {
        let loader: DatasetLoader
        let order: [Int]

        public var startIndex: Int { 0 }
        public var endIndex: Int { loader.batchCount }

        public subscript(index: Int) -> Batch {
            precondition(index >= 0 && index < endIndex, "DatasetLoader.Batches: batch \(index) of \(endIndex)")
            let start = index * loader.batchSize
            let end = Swift.min(start + loader.batchSize, order.count)
            return loader.collate(order[start..<end].map { loader.dataset.sample(at: $0) })
        }
    }
}

extension DatasetLoader where Source.Sample == [Tensor], Batch == [Tensor] {
    /// Batches whose k-th tensor stacks the k-th tensors of the samples along a new axis 0.
    public init(_ dataset: Source, batchSize: Int, dropLast: Bool = false) {
        self.init(dataset, batchSize: batchSize, dropLast: dropLast) { samples in
            (0..<samples[0].count).map { k in Tensor.stacked(samples.map { $0[k] }, axis: 0) }
        }
    }
}

extension DatasetLoader where Source.Sample == Tensor, Batch == Tensor {
    /// Batches that stack the samples along a new axis 0.
    public init(_ dataset: Source, batchSize: Int, dropLast: Bool = false) {
        self.init(dataset, batchSize: batchSize, dropLast: dropLast) { Tensor.stacked($0, axis: 0) }
    }
}
