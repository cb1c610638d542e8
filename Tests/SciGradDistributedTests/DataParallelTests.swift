import Autograd
import Layers
import Tensor
import XCTest

@testable import SciGradDistributed

final class DataParallelTests: XCTestCase {
    /// A classification problem in float64: 96 samples of 6 features, 3 classes.
    static func problem() -> (inputs: Tensor, labels: Tensor) {
        var generator = RandomGenerator(seed: 7)
        let inputs = Tensor.normal([96, 6], dtype: .float64, using: &generator)
        return (inputs, Tensor.randomIntegers([96], high: 3, using: &generator))
    }

    /// The optimizers the equivalence is checked with: Adam, and SGD with momentum, which unlike Adam is not
    /// blind to the scale of the gradient (a sum over ranks instead of a mean would go unnoticed by Adam).
    static var optimizers: [(name: String, make: ([Parameter]) -> any Optimizer)] {
        [
            ("Adam", { Adam(parameters: $0, learningRate: 1e-2) }),
            ("SGD", { SGD(parameters: $0, learningRate: 0.05, momentum: 0.9) }),
        ]
    }

    /// Trains `model` for `steps` steps of `optimizer` over the shuffled batches of `batches` (shuffle seed 3),
    /// calling `average` between backward and the step.
    static func train(
        _ model: MLP, optimizer: ([Parameter]) -> any Optimizer, steps: Int,
        batches: (inout RandomGenerator) -> [[Tensor]], average: () throws -> Void
    ) rethrows {
        let update = optimizer(model.parameters())
        var generator = RandomGenerator(seed: 3)
        var step = 0
        while step < steps {
            for batch in batches(&generator) where step < steps {
                model.zeroGradients()
                Loss.crossEntropy(logits: model(Variable(batch[0])), labels: batch[1]).backward()
                try average()
                update.step()
                step += 1
            }
        }
    }

    func testTwoRanksOnHalfBatchesTrainLikeOneProcessOnTheGlobalBatch() throws {
        try assertOnRanks(2) { world in
            let (inputs, labels) = Self.problem()
            let loader = DataLoader([inputs, labels], batchSize: 16)
            let shards = DistributedDataLoader(loader, communicator: world)
            for (name, optimizer) in Self.optimizers {
                // One process on the global batch of 16, from rank 0's initialization.
                var g0 = RandomGenerator(seed: 0)
                let reference = MLP([6, 16, 16, 3], activation: .tanh, dtype: .float64, using: &g0)
                Self.train(
                    reference, optimizer: optimizer, steps: 50, batches: { Array(loader.batches(shuffledBy: &$0)) },
                    average: {})
                // Each rank starts from its own initialization; DataParallel replaces it by rank 0's. Buckets of
                // 1 KiB make several all-reduces per step, and the 16×16 weight (2 KiB) travels alone.
                var g = RandomGenerator(seed: UInt64(world.rank))
                let model = MLP([6, 16, 16, 3], activation: .tanh, dtype: .float64, using: &g)
                let parallel = try DataParallel(model, communicator: world, bucketBytes: 1024)
                XCTAssertEqual(parallel.buckets(of: Array(parallel.parameters.indices)).count, 3)
                try Self.train(
                    model, optimizer: optimizer, steps: 50, batches: { Array(shards.batches(shuffledBy: &$0)) },
                    average: { try parallel.averageGradients() })
                for ((path, trained), expected) in zip(model.namedParameters(), reference.parameters()) {
                    let scale = expected.value.abs().max().item()
                    let difference = trained.value.maxAbsoluteDifference(expected.value)
                    XCTAssertLessThanOrEqual(difference, 1e-6 * scale, "\(name) \(path)")
                }
                XCTAssertEqual(try parallel.parameterSpread(), 0, name)
            }
        }
    }

    /// A module with a parameter only rank 0's loss uses.
    final class TwoHeads: Module {
        let shared = Parameter(Tensor([1.0, 2.0], shape: [2]))
        let rankZeroOnly = Parameter(Tensor([3.0], shape: [1]))
        let unused = Parameter(Tensor([4.0], shape: [1]))
    }

    func testAGradientMissingOnSomeRanksCountsAsZeroThere() throws {
        try assertOnRanks(2) { world in
            let model = TwoHeads()
            let parallel = try DataParallel(model, communicator: world)
            let weight = Double(world.rank + 1)
            var loss = (model.shared.variable * weight).sum()
            if world.isRoot { loss = loss + model.rankZeroOnly.variable * 6 }
            loss.sum().backward()
            try parallel.averageGradients()
            XCTAssertEqual(model.shared.gradient?.toDoubles(), [1.5, 1.5])
            XCTAssertEqual(model.rankZeroOnly.gradient?.toDoubles(), [3])
            XCTAssertNil(model.unused.gradient)
        }
    }
}
