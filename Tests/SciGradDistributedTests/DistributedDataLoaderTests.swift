import Layers
import Tensor
import XCTest

@testable import SciGradDistributed

/// The sharding alone (no MPI needed: each rank's loader is built here).
final class DistributedDataLoaderTests: XCTestCase {
    func testTheRanksShardsAreDisjointAndMakeUpTheGlobalBatch() {
        let samples = Tensor.arange(22, dtype: .int64).reshaped([22])
        let features = Tensor.arange(44, dtype: .float64).reshaped([22, 2])
        for (batchSize, ranks, expectedSteps) in [(6, 3, 3), (6, 2, 4), (4, 2, 6), (6, 1, 4)] {
            // 22 = 3 × 6 + 4: the last batch of 4 splits over 2 ranks (and 1), not over 3, where it is dropped.
            let loader = DataLoader([samples, features], batchSize: batchSize)
            let shards = (0..<ranks).map { DistributedDataLoader(loader, rank: $0, rankCount: ranks) }
            var reference = RandomGenerator(seed: 5)
            let globalBatches = Array(loader.batches(shuffledBy: &reference))
            let epochs = shards.map { shard -> [[Tensor]] in
                var generator = RandomGenerator(seed: 5)
                return Array(shard.batches(shuffledBy: &generator))
            }
            for (rank, epoch) in epochs.enumerated() {
                XCTAssertEqual(epoch.count, expectedSteps, "batch \(batchSize), rank \(rank) of \(ranks)")
            }
            for step in 0..<expectedSteps {
                let parts = epochs.map { $0[step] }
                XCTAssertEqual(Set(parts.map { $0[0].shape[0] }).count, 1, "equal shards")
                let joined = Tensor.concatenated(parts.map { $0[0] }, axis: 0)
                XCTAssertEqual(joined.scalars(as: Int64.self), globalBatches[step][0].scalars(as: Int64.self))
                let joinedFeatures = Tensor.concatenated(parts.map { $0[1] }, axis: 0)
                XCTAssertEqual(joinedFeatures.toDoubles(), globalBatches[step][1].toDoubles())
            }
        }
        // In order, the shards are views of consecutive rows.
        let ordered = DistributedDataLoader(DataLoader([features], batchSize: 4), rank: 1, rankCount: 2).batches()
        XCTAssertEqual(ordered[1][0].toDoubles(), [12, 13, 14, 15])
    }
}
