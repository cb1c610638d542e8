import CMPI
import Layers
import Tensor

/// Data-parallel training of a module over the ranks of a communicator (the scheme of PyTorch's
/// DistributedDataParallel and Horovod): every rank holds the whole model, trains on its own shard of each batch,
/// and after `backward()` the gradients are averaged over ranks, so every rank's optimizer takes the same step.
///
/// Construction broadcasts every parameter from rank 0, so the ranks start equal. `averageGradients()` then
/// replaces each trainable parameter's gradient by the mean over ranks: the gradients are copied, in parameter
/// order, into flat buffers of about `bucketBytes` (one dtype per bucket), each bucket is summed over ranks by one
/// all-reduce and divided by the rank count. With a loss that is a mean over each rank's equal shard (see
/// `DistributedDataLoader`), the result is the gradient of the mean over the global batch, and training follows the
/// single-process run up to rounding. Optimizer state stays equal on every rank because every rank applies the same
/// update to the same values. A parameter with no gradient on some rank counts as zero there; one with no gradient
/// on any rank keeps none.
///
/// ```swift
/// let parallel = try DataParallel(model, communicator: world)
/// for batch in loader.batches(shuffledBy: &generator) {      // a DistributedDataLoader: this rank's shard
///     model.zeroGradients()
///     Loss.crossEntropy(logits: model(Variable(batch[0])), labels: batch[1]).backward()
///     try parallel.averageGradients()
///     optimizer.step()
/// }
/// ```
public final class DataParallel {
    /// The module trained.
    public let module: Module
    /// The ranks it is trained on.
    public let communicator: Communicator
    /// The largest all-reduce buffer, in bytes (a parameter larger than this travels alone).
    public let bucketBytes: Int
    /// The parameters whose gradients are averaged: the module's trainable parameters when it was wrapped.
    public let parameters: [Parameter]

    /// Wraps `module` and sets every parameter (trainable or not) to rank 0's value.
    public init(_ module: Module, communicator: Communicator, bucketBytes: Int = 4 << 20) throws {
        precondition(bucketBytes > 0, "DataParallel: bucketBytes must be positive, got \(bucketBytes)")
        self.module = module
        self.communicator = communicator
        self.bucketBytes = bucketBytes
        self.parameters = module.trainableParameters()
        for parameter in module.parameters() { parameter.assign(try communicator.broadcast(parameter.value, from: 0)) }
    }

    /// Replaces the gradient of every parameter by its mean over ranks (call it on every rank after `backward()`).
    public func averageGradients() throws {
        guard communicator.size > 1 else { return }
        let present = try parametersWithGradientOnSomeRank()
        for bucket in buckets(of: present) { try average(bucket) }
    }

    /// The largest difference between two ranks' values of any element of any parameter: 0 when the ranks hold
    /// the same model, as they should at every step.
    public func parameterSpread() throws -> Double {
        var spread = 0.0
        for parameter in module.parameters() {
            let highest = try communicator.allReduce(parameter.value, .maximum)
            let lowest = -(try communicator.allReduce(-parameter.value, .maximum))
            spread = Swift.max(spread, highest.maxAbsoluteDifference(lowest))
        }
        return spread
    }

    /// The indices of the parameters that have a gradient on at least one rank (one small all-reduce of flags).
    func parametersWithGradientOnSomeRank() throws -> [Int] {
        var flags = parameters.map { $0.gradient == nil ? Int64(0) : 1 }
        try flags.withUnsafeMutableBytes { buffer in
            try communicator.reduce(
                from: scigrad_mpi_in_place(), into: buffer.baseAddress!, count: parameters.count, dtype: .int64,
                .maximum)
        }
        return parameters.indices.filter { flags[$0] != 0 }
    }

    /// The parameters `indices` grouped into buckets: consecutive parameters of one dtype, at most `bucketBytes`
    /// each unless a single parameter is larger.
    func buckets(of indices: [Int]) -> [[Int]] {
        var result: [[Int]] = []
        var current: [Int] = []
        var currentBytes = 0
        for index in indices {
            let parameter = parameters[index]
            let bytes = parameter.value.count * parameter.dtype.byteSize
            if let first = current.first,
                parameters[first].dtype != parameter.dtype || currentBytes + bytes > bucketBytes
            {
                result.append(current)
                current = []
                currentBytes = 0
            }
            current.append(index)
            currentBytes += bytes
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// Sums the gradients of one bucket over ranks in one flat buffer, divides by the rank count and hands each
    /// parameter its part (a view of the buffer).
    func average(_ bucket: [Int]) throws {
        let dtype = parameters[bucket[0]].dtype
        let counts = bucket.map { parameters[$0].value.count }
        let total = counts.reduce(0, +)
        let flat = try Tensor.filled([total], dtype: dtype) { buffer in
            var offset = 0
            for (index, count) in zip(bucket, counts) {
                if let gradient = parameters[index].gradient {
                    gradient.withContiguousBytes {
                        (buffer + offset).copyMemory(from: $0, byteCount: count * dtype.byteSize)
                    }
                }
                offset += count * dtype.byteSize
            }
            try communicator.reduce(from: scigrad_mpi_in_place(), into: buffer, count: total, dtype: dtype, .mean)
        }
        var start = 0
        for (index, count) in zip(bucket, counts) {
            let parameter = parameters[index]
            parameter.setGradient(flat.narrowed(axis: 0, start: start, length: count).reshaped(parameter.shape))
            start += count
        }
    }
}
