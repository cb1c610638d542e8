import ArgumentParser
import Autograd
import Foundation
import Layers
import SciGradDistributed
import Tensor

/// `scigrad-distributed bench`: `ddp.mlp.mnist.train`, the `mlp.mnist.train` step of the shared benchmark (MLP
/// 784→512→512→10, tanh, softmax cross-entropy, Adam 1e-3, the same data) with its global batch of 256 split across
/// the ranks: zero gradients, forward and backward on this rank's shard, average the gradients over ranks, Adam step.
/// Writes the JSON of `scigrad bench` (rank 0). The note gives the all-reduce time per step twice: inside the step
/// (which includes waiting for the slower rank) and alone (the ranks synchronized first, the same gradients).
struct DistributedBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Time the data-parallel training step ddp.mlp.mnist.train (under mpirun).")

    @Option(help: "Write the results as JSON to this file (rank 0).")
    var out: String?

    @Option(help: "Timed samples (each the mean over several steps).")
    var samples = 9

    func run() throws {
        withWorldCommunicator { world in try measure(on: world) }
    }

    func measure(on world: Communicator) throws {
        let batch = 256
        // The data of the mlp.mnist.train workload of `scigrad bench`, drawn in the same order.
        var generator = RandomGenerator(seed: 0)
        let model = MLP([784, 512, 512, 10], activation: .tanh, using: &generator)
        let inputs = Tensor.normal([batch, 784], using: &generator)
        let labels = Tensor.randomIntegers([batch], high: 10, using: &generator)
        let shard = DistributedDataLoader(DataLoader([inputs, labels], batchSize: batch), communicator: world)
            .batches()[0]
        let x = Variable(shard[0])
        let parallel = try DataParallel(model, communicator: world)
        let adam = Adam(parameters: model.parameters(), learningRate: 1e-3)
        var communication = 0.0
        func step() throws {
            model.zeroGradients()
            Loss.crossEntropy(logits: model(x), labels: shard[1]).backward()
            let start = now()
            try parallel.averageGradients()
            communication += now() - start
            adam.step()
        }
        for _ in 0..<10 { try step() }
        // Rank 0 picks the steps per sample (about 0.1 s); every rank must run the same number.
        let single = now()
        try step()
        let guess = Double(Int(0.1 / max(now() - single, 1e-7)) + 1)
        let inner = Int(try world.broadcast(Tensor([guess], shape: [1], dtype: .float64)).item())
        var times: [Double] = []
        var communicationTimes: [Double] = []
        for _ in 0..<samples {
            communication = 0
            let start = now()
            for _ in 0..<inner { try step() }
            times.append((now() - start) / Double(inner))
            communicationTimes.append(communication / Double(inner))
        }
        // The step's last Adam update cleared the gradients: make them again.
        model.zeroGradients()
        Loss.crossEntropy(logits: model(x), labels: shard[1]).backward()
        var aloneTimes: [Double] = []
        for _ in 0..<samples {
            try world.barrier()
            let start = now()
            for _ in 0..<inner { try parallel.averageGradients() }
            aloneTimes.append((now() - start) / Double(inner))
        }
        guard world.isRoot else { return }
        times.sort()
        communicationTimes.sort()
        aloneTimes.sort()
        let median = times[samples / 2]
        let allReduce = communicationTimes[samples / 2]
        let alone = aloneTimes[samples / 2]
        let note = String(
            format:
                "%d ranks x %d samples; gradient all-reduce %.0f us/step in the step (%.0f%%), %.0f us alone (min %.0f)",
            world.size, batch / world.size, allReduce * 1e6, 100 * allReduce / median, alone * 1e6, aloneTimes[0] * 1e6)
        print(
            String(
                format: "%-28@ %10.4g us (min %.4g, max %.4g)  %@", "ddp.mlp.mnist.train" as NSString, median * 1e6,
                times[0] * 1e6, times[samples - 1] * 1e6, note))
        if let out {
            let record: [String: Any] = [
                "id": "ddp.mlp.mnist.train", "unit": "us", "med": median * 1e6, "min": times[0] * 1e6,
                "max": times[samples - 1] * 1e6, "n": samples, "inner": inner, "ranks": world.size,
                "allreduce_us": allReduce * 1e6, "allreduce_alone_us": alone * 1e6, "note": note,
            ]
            let meta: [String: Any] = [
                "framework": "SciGrad", "ranks": world.size, "date": ISO8601DateFormatter().string(from: Date()),
            ]
            let data = try JSONSerialization.data(
                withJSONObject: ["meta": meta, "results": [record]], options: [.prettyPrinted, .sortedKeys])
            try FileAccess.writeAtomically(Array(data), to: URL(fileURLWithPath: out))
        }
    }

    func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}
