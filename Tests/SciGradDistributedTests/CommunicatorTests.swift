import CMPI
import Tensor
import TestSupport
import XCTest

@testable import SciGradDistributed

/// The collectives on two ranks of this machine (each test relaunches itself under mpirun; see `onRanks`).
final class CommunicatorTests: XCTestCase {
    /// The shapes every collective is tried on: a scalar, odd lengths, a matrix.
    static let shapes: [[Int]] = [[], [1], [7], [13], [3, 5]]

    /// Rank `rank`'s deterministic tensor of `shape`: integers near 2^40 (so a float sum would round them), or
    /// normal floats; the other ranks' tensors are rebuilt locally to compute the expected result.
    static func tensor(_ shape: [Int], _ dtype: DType, rank: Int) -> Tensor {
        var generator = RandomGenerator(seed: UInt64(100 + rank))
        if dtype == .int64 {
            let small = Tensor.randomIntegers(shape, low: -1000, high: 1000, using: &generator)
            return (small.cast(to: .float64) * 1_099_511_627_776 + Double(rank * 3 + 1)).cast(to: .int64)
        }
        return Tensor.normal(shape, dtype: dtype, using: &generator)
    }

    /// The same values in the layouts a caller may pass: contiguous, transposed, strided, expanded.
    static func layouts(of tensor: Tensor) -> [Tensor] {
        guard tensor.rank >= 1 else { return [tensor] }
        var result = [tensor]
        if tensor.rank == 2 {
            result.append(tensor.transposed().copied().transposed())
        }
        let doubled = Tensor.concatenated([tensor, tensor], axis: tensor.rank - 1)
        result.append(doubled.narrowed(axis: tensor.rank - 1, start: 0, length: tensor.shape[tensor.rank - 1]))
        return result
    }

    func testAllReduceIsExactForIntegersAndWithinRoundingForFloats() throws {
        try assertOnRanks(2) { world in
            for dtype in [DType.int64, .float32, .float64] {
                for shape in Self.shapes {
                    let all = (0..<world.size).map { Self.tensor(shape, dtype, rank: $0) }
                    let sum = all.dropFirst().reduce(all[0].cast(to: .float64)) { $0 + $1.cast(to: .float64) }
                    let values = all.map { $0.toDoubles() }
                    let maximum = values.dropFirst().reduce(values[0]) { zip($0, $1).map { Swift.max($0, $1) } }
                    let tolerance = dtype == .float32 ? 1e-6 : 1e-14
                    for local in Self.layouts(of: all[world.rank]) {
                        let context = "\(dtype) \(shape) strides \(local.strides)"
                        let summed = try world.allReduce(local, .sum)
                        XCTAssertEqual(summed.dtype, dtype, context)
                        if dtype == .int64 {
                            XCTAssertEqual(summed.scalars(as: Int64.self), Self.exactSum(all), context)
                        } else {
                            assertClose(
                                summed.cast(to: .float64), sum, relativeTolerance: tolerance,
                                absoluteTolerance: tolerance, context)
                            let mean = try world.allReduce(local, .mean)
                            assertClose(
                                mean.cast(to: .float64), sum / Double(world.size), relativeTolerance: tolerance,
                                absoluteTolerance: tolerance, context)
                        }
                        XCTAssertEqual(try world.allReduce(local, .maximum).toDoubles(), maximum, context)
                    }
                }
            }
        }
    }

    /// The sum of int64 tensors in Int64 arithmetic (a float64 sum would round integers near 2^40).
    static func exactSum(_ tensors: [Tensor]) -> [Int64] {
        var result = tensors[0].scalars(as: Int64.self)
        for tensor in tensors.dropFirst() {
            for (i, value) in tensor.scalars(as: Int64.self).enumerated() { result[i] += value }
        }
        return result
    }

    func testAllGatherConcatenatesTheRanksInOrder() throws {
        try assertOnRanks(2) { world in
            for dtype in [DType.int64, .float32, .float64] {
                // Rank r contributes r + 1 rows: axis 0 may differ between ranks.
                let all = (0..<world.size).map { Self.tensor([$0 + 1, 3], dtype, rank: $0) }
                for local in Self.layouts(of: all[world.rank]) {
                    let gathered = try world.allGather(local)
                    XCTAssertEqual(gathered.toDoubles(), Tensor.concatenated(all, axis: 0).toDoubles(), "\(dtype)")
                    XCTAssertEqual(gathered.shape, [3, 3])
                }
                let scalars = try world.allGather(Self.tensor([], dtype, rank: world.rank))
                XCTAssertEqual(scalars.shape, [world.size])
                XCTAssertEqual(scalars.toDoubles(), (0..<world.size).map { Self.tensor([], dtype, rank: $0).item() })
            }
        }
    }

    func testBroadcastHandsEveryRankTheRootsTensor() throws {
        try assertOnRanks(2) { world in
            for dtype in [DType.int64, .float32, .float64] {
                for root in 0..<world.size {
                    for local in Self.layouts(of: Self.tensor([3, 5], dtype, rank: world.rank)) {
                        let received = try world.broadcast(local, from: root)
                        XCTAssertEqual(received.toDoubles(), Self.tensor([3, 5], dtype, rank: root).toDoubles())
                    }
                }
            }
        }
    }

    func testRanksThatDisagreeOnTheShapeAllThrowAndCarryOn() throws {
        try assertOnRanks(2) { world in
            let local = Tensor.zeros([3, 4 + world.rank])
            XCTAssertThrowsError(try world.allReduce(local, .sum)) { error in
                let text = "\(error)"
                XCTAssert(error is CollectiveMismatchError, text)
                XCTAssert(
                    text.contains("rank 0 has [3, 4] float32") && text.contains("rank 1 has [3, 5] float32"), text)
            }
            XCTAssertThrowsError(
                try world.allGather(Tensor.zeros([2, 2], dtype: world.rank == 0 ? .float32 : .float64)))
            // Nothing was left half-done: the next collective works.
            XCTAssertEqual(try world.allReduce(Tensor([Int64(1)]), .sum).scalars(as: Int64.self), [2])
        }
    }

    func testAnMPIErrorIsThrownWithMPIsMessage() throws {
        try assertOnRanks(2) { world in
            // A root outside the communicator: MPI returns MPI_ERR_ROOT instead of aborting the job.
            var value: Int64 = 0
            XCTAssertThrowsError(
                try MPIError.check(
                    MPI_Bcast(&value, 1, DType.int64.mpiDatatype, Int32(world.size), world.handle), "MPI_Bcast")
            ) { error in
                XCTAssert("\(error)".hasPrefix("MPI_Bcast failed: MPI_ERR_ROOT"), "\(error)")
            }
            try world.barrier()
        }
    }

    struct GaveUp: Error, CustomStringConvertible {
        var description: String { "rank one gave up on purpose" }
    }

    func testARankThatThrowsStopsTheJobWithItsError() throws {
        let launch = try onRanks(2, timeout: 30) { world in
            if world.rank == 1 { throw GaveUp() }
            // Rank 0 waits for a rank that never comes: only the abort can end the job.
            _ = try world.allReduce(Tensor([Float(1)]), .sum)
        }
        guard let launch else { return }
        XCTAssertFalse(launch.timedOut, "\(launch)")
        XCTAssertNotEqual(launch.status, 0, "\(launch)")
        XCTAssert(launch.output.contains("rank 1: error: rank one gave up on purpose"), "\(launch)")
    }
}
