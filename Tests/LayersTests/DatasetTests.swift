import Layers
import Tensor
import XCTest

/// A `Dataset` with a transform, batched by `DatasetLoader` with the default and a custom collate step.
final class DatasetTests: XCTestCase {
    /// Sample i is ([i], [i²]), generated on demand; reads are counted.
    final class Squares: Dataset {
        var reads = 0
        var count: Int { 10 }
        func sample(at index: Int) -> [Tensor] {
            reads += 1
            return [Tensor([Double(index)]), Tensor([Double(index * index)])]
        }
    }

    func testBatchesStackTransformedSamplesInOrder() {
        let squares = Squares()
        let loader = DatasetLoader(squares.mapped { [$0[0] * 2, $0[1]] }, batchSize: 4)
        let batches = loader.batches()
        XCTAssertEqual(batches.count, 3)
        XCTAssertEqual(squares.reads, 0, "samples are read when a batch is accessed")
        XCTAssertEqual(batches[0][0].shape, [4, 1])
        XCTAssertEqual(batches[0][0].toDoubles(), [0, 2, 4, 6])
        XCTAssertEqual(batches[2][1].toDoubles(), [64, 81])
        XCTAssertEqual(DatasetLoader(squares, batchSize: 4, dropLast: true).batchCount, 2)
    }

    func testShuffledEpochsVisitEverySampleOnceAndReplayUnderASeed() {
        let loader = DatasetLoader(TensorDataset([Tensor((0..<10).map(Double.init))]), batchSize: 3)
        var generator = RandomGenerator(seed: 3)
        var again = RandomGenerator(seed: 3)
        let epoch = loader.batches(shuffledBy: &generator).flatMap { $0[0].toDoubles() }
        XCTAssertEqual(epoch.sorted(), (0..<10).map(Double.init))
        XCTAssertNotEqual(epoch, (0..<10).map(Double.init))
        XCTAssertEqual(loader.batches(shuffledBy: &again).flatMap { $0[0].toDoubles() }, epoch)
    }

    func testACustomCollateJoinsSamplesItsOwnWay() {
        // Sequences of different lengths, padded with zeros to the longest in the batch.
        struct Ragged: Dataset {
            var count: Int { 3 }
            func sample(at index: Int) -> [Double] { Array(repeating: 1, count: index + 1) }
        }
        let loader = DatasetLoader(Ragged(), batchSize: 3) { samples -> Tensor in
            let length = samples.map(\.count).max()!
            let padded = samples.flatMap { $0 + Array(repeating: 0, count: length - $0.count) }
            return Tensor(padded, shape: [samples.count, length])
        }
        XCTAssertEqual(loader.batches()[0].toDoubles(), [1, 0, 0, 1, 1, 0, 1, 1, 1])
    }
}
