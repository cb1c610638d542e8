import CMPI
import Tensor

/// The processes (ranks) of an MPI job, exchanging tensors: the collectives of data-parallel training.
///
/// Every rank of the communicator must make the same sequence of collective calls. The calls check that the ranks
/// agree on what they exchange (one small all-gather of the dtypes and shapes first), so a mismatch throws a
/// `CollectiveMismatchError` on every rank instead of corrupting memory or hanging; an error MPI reports is thrown as
/// an `MPIError` carrying MPI's message (the communicator uses `MPI_ERRORS_RETURN`). Tensors of any shape and layout
/// (contiguous or not) of dtype float32, float64 or int64 are accepted; results are fresh dense tensors.
///
/// ```swift
/// withWorldCommunicator { world in                                        // run under `mpirun -np 4`
///     let local = Tensor([Float(world.rank)], shape: [1])
///     let total = try world.allReduce(local, .sum)                       // [6] on every rank
///     let all = try world.allGather(local)                               // [0, 1, 2, 3] on every rank
/// }
/// ```
public final class Communicator {
    /// This process's index, `0..<size`.
    public let rank: Int
    /// The number of processes.
    public let size: Int
    let handle: MPI_Comm

    /// Rank 0, the one that writes checkpoints, logs and progress.
    public var isRoot: Bool { rank == 0 }

    /// A communicator over an MPI communicator handle (MPI must be initialized: see `withWorldCommunicator`); MPI's
    /// errors on it are returned to the caller from now on.
    init(handle: MPI_Comm) throws {
        self.handle = handle
        try MPIError.check(MPI_Comm_set_errhandler(handle, scigrad_mpi_errors_return()), "MPI_Comm_set_errhandler")
        var rank: Int32 = 0
        var size: Int32 = 0
        try MPIError.check(MPI_Comm_rank(handle, &rank), "MPI_Comm_rank")
        try MPIError.check(MPI_Comm_size(handle, &size), "MPI_Comm_size")
        self.rank = Int(rank)
        self.size = Int(size)
    }

    /// Waits until every rank has called it.
    public func barrier() throws {
        try MPIError.check(MPI_Barrier(handle), "MPI_Barrier")
    }

    /// Rank `root`'s tensor, on every rank. Every rank passes a tensor of the same shape and dtype (its own copy of a
    /// parameter, say); only the root's elements are sent.
    public func broadcast(_ tensor: Tensor, from root: Int = 0) throws -> Tensor {
        precondition(root >= 0 && root < size, "Communicator.broadcast: root \(root) of \(size) ranks")
        try agreeOnShapes(of: tensor, "broadcast", firstAxisMayDiffer: false)
        let count = mpiCount(tensor.count, "broadcast")
        return try Tensor.filled(tensor.shape, dtype: tensor.dtype) { buffer in
            if rank == root {
                tensor.withContiguousBytes {
                    buffer.copyMemory(from: $0, byteCount: tensor.count * tensor.dtype.byteSize)
                }
            }
            try MPIError.check(MPI_Bcast(buffer, count, tensor.dtype.mpiDatatype, Int32(root), handle), "MPI_Bcast")
        }
    }

    /// The element-wise sum, mean or maximum of every rank's tensor, on every rank. All ranks pass the same shape
    /// and dtype; `.mean` needs a floating dtype.
    public func allReduce(_ tensor: Tensor, _ operation: ReductionOperation) throws -> Tensor {
        precondition(
            operation != .mean || tensor.dtype.isFloatingPoint,
            "Communicator.allReduce: mean needs a floating dtype, got \(tensor.dtype)")
        try agreeOnShapes(of: tensor, "allReduce", firstAxisMayDiffer: false)
        return try Tensor.filled(tensor.shape, dtype: tensor.dtype) { buffer in
            try tensor.withContiguousBytes { elements in
                try reduce(from: elements, into: buffer, count: tensor.count, dtype: tensor.dtype, operation)
            }
        }
    }

    /// Every rank's tensor, concatenated along axis 0 in rank order, on every rank. The ranks' tensors share dtype
    /// and every axis but the first (whose sizes may differ); a scalar counts as shape [1].
    public func allGather(_ tensor: Tensor) throws -> Tensor {
        let local = tensor.rank == 0 ? tensor.reshaped([1]) : tensor
        let shapes = try agreeOnShapes(of: local, "allGather", firstAxisMayDiffer: true)
        let rowSize = local.shape.dropFirst().reduce(1, *)
        let counts = shapes.map { mpiCount($0[0] * rowSize, "allGather") }
        let total = shapes.reduce(0) { $0 + $1[0] }
        _ = mpiCount(total * rowSize, "allGather")  // the displacements are 32-bit too
        var displacements = [Int32](repeating: 0, count: size)
        for r in 1..<max(size, 1) { displacements[r] = displacements[r - 1] + counts[r - 1] }
        let datatype = local.dtype.mpiDatatype
        return try Tensor.filled([total] + local.shape.dropFirst(), dtype: local.dtype) { buffer in
            try local.withContiguousBytes { elements in
                try MPIError.check(
                    MPI_Allgatherv(
                        elements, counts[rank], datatype, buffer, counts, displacements, datatype, handle),
                    "MPI_Allgatherv")
            }
        }
    }

    /// Stops every process of the job (`MPI_Abort`) with `exitCode`.
    public func abort(exitCode: Int32 = 1) -> Never {
        MPI_Abort(handle, exitCode)
        fatalError("MPI_Abort returned")
    }

    /// The reduction itself, without the agreement check: `count` elements from `source` into `destination`
    /// (`source` may be `MPI_IN_PLACE`, the destination then holds this rank's elements on entry).
    func reduce(
        from source: UnsafeRawPointer, into destination: UnsafeMutableRawPointer, count: Int, dtype: DType,
        _ operation: ReductionOperation
    ) throws {
        let op = operation == .maximum ? scigrad_mpi_max() : scigrad_mpi_sum()
        let elements = mpiCount(count, "allReduce")
        try MPIError.check(
            MPI_Allreduce(source, destination, elements, dtype.mpiDatatype, op, handle), "MPI_Allreduce")
        if operation == .mean { Tensor.divide(destination, count: count, dtype: dtype, by: size) }
    }

    /// The largest rank a tensor may have in a collective (the shape descriptions ranks exchange have a fixed size).
    static let maximumTensorRank = 8

    /// Exchanges every rank's dtype and shape and throws on every rank when they do not fit together: equal
    /// everywhere, or (for `allGather`) equal but for the size of axis 0. Returns the shapes, by rank.
    @discardableResult
    func agreeOnShapes(of tensor: Tensor, _ operation: String, firstAxisMayDiffer: Bool) throws -> [[Int]] {
        let width = 2 + Self.maximumTensorRank
        precondition(
            tensor.rank <= Self.maximumTensorRank,
            "Communicator.\(operation): tensors of rank ≤ \(Self.maximumTensorRank), got shape \(tensor.shape)")
        var description = [Int64](repeating: 0, count: width)
        description[0] = tensor.dtype.code
        description[1] = Int64(tensor.rank)
        for (axis, length) in tensor.shape.enumerated() { description[2 + axis] = Int64(length) }
        var all = [Int64](repeating: 0, count: width * size)
        let datatype = DType.int64.mpiDatatype
        try MPIError.check(
            MPI_Allgather(&description, Int32(width), datatype, &all, Int32(width), datatype, handle), "MPI_Allgather")
        let described = (0..<size).map { r -> (dtype: DType?, shape: [Int]) in
            let row = all[(r * width)..<((r + 1) * width)]
            let rank = Int(row[row.startIndex + 1])
            return (DType(code: row[row.startIndex]), row.dropFirst(2).prefix(rank).map { Int($0) })
        }
        func key(_ entry: (dtype: DType?, shape: [Int])) -> [Int] {
            [Int(entry.dtype?.code ?? 0)] + (firstAxisMayDiffer ? Array(entry.shape.dropFirst()) : entry.shape)
                + [entry.shape.count]
        }
        if let odd = described.firstIndex(where: { key($0) != key(described[0]) }) {
            func text(_ r: Int) -> String {
                "rank \(r) has \(described[r].shape) \(described[r].dtype.map { "\($0)" } ?? "?")"
            }
            let rule = firstAxisMayDiffer ? "one dtype and the same shape after axis 0" : "the same shape and dtype"
            throw CollectiveMismatchError(
                description: "Communicator.\(operation): the ranks need \(rule), but \(text(0)) and \(text(odd))")
        }
        return described.map(\.shape)
    }

    /// `count` as MPI's 32-bit element count.
    func mpiCount(_ count: Int, _ operation: String) -> Int32 {
        precondition(
            count <= Int(Int32.max), "Communicator.\(operation): \(count) elements exceed MPI's 32-bit count")
        return Int32(count)
    }
}
