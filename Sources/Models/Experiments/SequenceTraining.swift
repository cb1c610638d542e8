import Autograd
import Foundation
import Layers
import Tensor

/// A plain training loop for the state-space reproductions: Adam on mean squared error over fresh batches.
enum SequenceTraining {
    /// Trains `model` for `steps` Adam steps (each parameter's learning-rate scale and weight decay honored) on
    /// batches from `makeBatch`, printing the mean loss of the last `reportEvery` steps as it goes. With `cosine` the
    /// learning rate decays from `learningRate` to 0 along a half cosine over the steps (S4's schedule).
    /// - Returns: the training loss of every step.
    @discardableResult
    static func train(
        _ model: Module & UnaryLayer, steps: Int, learningRate: Double, cosine: Bool = false, label: String,
        reportEvery: Int, makeBatch: () -> (inputs: Tensor, targets: Tensor)
    ) -> [Double] {
        let optimizer = Adam(parameters: model.parameters(), learningRate: learningRate)
        model.train()
        var losses: [Double] = []
        let start = Date()
        let schedule = CosineWithWarmup(base: learningRate, totalSteps: steps)
        for step in 1...steps {
            if cosine { optimizer.learningRate = schedule.learningRate(at: step - 1) }
            let (inputs, targets) = makeBatch()
            let loss = Loss.meanSquaredError(model(Variable(inputs)), Variable(targets))
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
            if step % reportEvery == 0 || step == steps {
                let recent = losses.suffix(reportEvery)
                print(
                    String(
                        format: "%@ step %d: loss %.4g (%.1f s)", label, step,
                        recent.reduce(0, +) / Double(recent.count),
                        Date().timeIntervalSince(start)))
            }
        }
        model.eval()
        return losses
    }

    /// The running mean of `values` over windows of `width` (shorter at the start).
    static func smoothed(_ values: [Double], width: Int) -> [Double] {
        var result: [Double] = []
        var total = 0.0
        for (index, value) in values.enumerated() {
            total += value
            if index >= width { total -= values[index - width] }
            result.append(total / Double(Swift.min(index + 1, width)))
        }
        return result
    }

    /// Mean squared error of `model` on a fixed set, in evaluation mode, in chunks of `chunk` samples.
    static func meanSquaredError(_ model: Module & UnaryLayer, inputs: Tensor, targets: Tensor, chunk: Int = 128)
        -> Double
    {
        model.eval()
        return withoutGradients {
            var total = 0.0
            var start = 0
            while start < inputs.shape[0] {
                let count = Swift.min(chunk, inputs.shape[0] - start)
                let prediction = model(Variable(inputs.narrowed(axis: 0, start: start, length: count))).value
                total += (prediction - targets.narrowed(axis: 0, start: start, length: count)).square().sum().item()
                start += count
            }
            return total / Double(targets.count)
        }
    }
}
