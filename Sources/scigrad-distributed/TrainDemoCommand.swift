import ArgumentParser
import Foundation
import Layers
import SciGradDistributed
import Tensor

/// `scigrad-distributed train-demo`: data-parallel training of the MLP classifier of `ClassificationProblem` with
/// Adam, the global batch split across the ranks. Rank 0 alone shows progress and writes the metrics log and the
/// checkpoint; at the end every rank checks that its parameters equal everyone else's.
struct TrainDemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-demo",
        abstract:
            "Train an MLP classifier data-parallel across the MPI ranks (mpirun -np N scigrad-distributed train-demo).")

    @Option(help: "Optimizer steps.")
    var steps = 200

    @Option(help: "Global batch size (split across the ranks; a multiple of their number).")
    var batchSize = 256

    @Option(help: "Training samples generated.")
    var samples = 8192

    @Option(help: "Adam's learning rate.")
    var learningRate = 1e-3

    @Flag(help: "Train in float64 instead of float32.")
    var double = false

    @Option(help: "Seed of the data, the model and the shuffling (the same on every rank).")
    var seed: UInt64 = 0

    @Option(help: "Directory where rank 0 writes metrics.jsonl and model.safetensors.")
    var output = "runs/train-demo"

    @Option(help: "Record the loss (averaged over ranks) every this many steps.")
    var logEvery = 10

    func run() throws {
        withWorldCommunicator { world in try train(on: world) }
    }

    func train(on world: Communicator) throws {
        let problem = ClassificationProblem(samples: samples, dtype: double ? .float64 : .float32, seed: seed)
        let parallel = try DataParallel(problem.model, communicator: world)
        let adam = Adam(parameters: problem.model.parameters(), learningRate: learningRate)
        let loader = DistributedDataLoader(
            DataLoader([problem.inputs, problem.labels], batchSize: batchSize), communicator: world)
        precondition(loader.batchCount > 0, "train-demo: \(samples) samples make no batch of \(batchSize)")
        let directory = URL(fileURLWithPath: output)
        let log = world.isRoot ? try MetricsLog(url: directory.appendingPathComponent("metrics.jsonl")) : nil
        let progress = world.isRoot ? ProgressBar(total: steps, label: "train \(world.size) ranks") : nil
        var generator = RandomGenerator(seed: seed &+ 1)
        var step = 0
        var communicationSeconds = 0.0
        var lastLoss: Double?
        let start = Date()
        while step < steps {
            for batch in loader.batches(shuffledBy: &generator) where step < steps {
                problem.model.zeroGradients()
                let loss = problem.loss(batch)
                loss.backward()
                let before = Date()
                try parallel.averageGradients()
                communicationSeconds += Date().timeIntervalSince(before)
                adam.step()
                step += 1
                if step % logEvery == 0 || step == steps {
                    let meanLoss = try world.allReduce(loss.value, .mean).item()
                    try log?.record(step: step, ["loss": meanLoss])
                    lastLoss = meanLoss
                }
                progress?.update(step: step, loss: lastLoss)
            }
        }
        progress?.finish()
        let seconds = Date().timeIntervalSince(start)
        let spread = try parallel.parameterSpread()
        if world.isRoot {
            try problem.model.save(
                to: directory.appendingPathComponent("model.safetensors"),
                metadata: ["ranks": "\(world.size)", "steps": "\(steps)", "batch_size": "\(batchSize)"])
            print(
                String(
                    format: "%d steps on %d ranks in %.2f s (%.2f ms/step, all-reduce %.3f ms/step); "
                        + "parameters differ across ranks by at most %.3g; wrote %@",
                    steps, world.size, seconds, seconds / Double(steps) * 1e3,
                    communicationSeconds / Double(steps) * 1e3, spread, directory.path))
        }
    }
}
