import Tensor
import XCTest

@testable import Layers

final class DataLoaderTests: XCTestCase {
    let inputs = Tensor.arange(0, 20, dtype: .float64).reshaped([10, 2])
    let targets = Tensor.arange(0, 10, dtype: .int64)

    func testInOrderBatchesAreViewsCoveringEverySample() {
        let loader = DataLoader([inputs, targets], batchSize: 4)
        XCTAssertEqual(loader.sampleCount, 10)
        XCTAssertEqual(loader.batchCount, 3)
        let batches = Array(loader.batches())
        XCTAssertEqual(batches.map { $0[0].shape }, [[4, 2], [4, 2], [2, 2]])
        XCTAssertEqual(batches.flatMap { $0[1].scalars(as: Int64.self) }, Array(0..<10))
        XCTAssertTrue(batches[1][0].storage === inputs.storage)
        XCTAssertEqual(batches[2][0].toDoubles(), [16, 17, 18, 19])
    }

    func testDropLastLeavesOutTheShortBatch() {
        let loader = DataLoader([inputs], batchSize: 4, dropLast: true)
        XCTAssertEqual(loader.batchCount, 2)
        XCTAssertEqual(loader.batches().map { $0[0].shape[0] }, [4, 4])
        XCTAssertEqual(DataLoader([inputs], batchSize: 20, dropLast: true).batchCount, 0)
        XCTAssertEqual(DataLoader([inputs], batchSize: 5, dropLast: true).batchCount, 2)
    }

    func testShuffledEpochsCoverEverySampleOnceAndKeepTensorsAligned() {
        let loader = DataLoader([inputs, targets], batchSize: 3)
        var generator = RandomGenerator(seed: 11)
        for _ in 0..<3 {
            var seen: [Int64] = []
            for batch in loader.batches(shuffledBy: &generator) {
                let labels = batch[1].scalars(as: Int64.self)
                XCTAssertEqual(batch[0].toDoubles(), labels.flatMap { [Double(2 * $0), Double(2 * $0 + 1)] })
                seen += labels
            }
            XCTAssertEqual(seen.sorted(), Array(0..<10))
        }
    }

    func testTheSameSeedReplaysTheSameOrderAndEpochsDiffer() {
        let loader = DataLoader([targets], batchSize: 4)
        func epochs(seed: UInt64) -> [[Int64]] {
            var generator = RandomGenerator(seed: seed)
            return (0..<3).map { _ in loader.batches(shuffledBy: &generator).flatMap { $0[0].scalars(as: Int64.self) } }
        }
        XCTAssertEqual(epochs(seed: 5), epochs(seed: 5))
        XCTAssertNotEqual(epochs(seed: 5), epochs(seed: 6))
        let first = epochs(seed: 5)
        XCTAssertNotEqual(first[0], first[1])
        XCTAssertNotEqual(first[0], Array(0..<10))
    }
}
