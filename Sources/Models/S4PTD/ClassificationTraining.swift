import Autograd
import Foundation
import Layers
import Tensor

/// The training loop and score of the robustness study: AdamW (weight decay 0.05, the authors' `setup_optimizer`)
/// with a cosine schedule on softmax cross-entropy over fresh batches, and accuracy on a fixed test set.
enum ClassificationTraining {
    /// Trains the parameters of `model` for `steps` steps; `logits` maps inputs `[batch, L, 1]` to `[batch, C]`.
    /// - Returns: the loss of every step.
    @discardableResult
    static func train(
        _ model: Module, steps: Int, learningRate: Double, logits: (Variable) -> Variable,
        makeBatch: () -> (inputs: Tensor, labels: Tensor)
    ) -> [Double] {
        let optimizer = AdamW(parameters: model.parameters(), learningRate: learningRate, weightDecay: 0.05)
        let schedule = CosineWithWarmup(base: learningRate, totalSteps: steps)
        model.train()
        var losses: [Double] = []
        for step in 0..<steps {
            optimizer.learningRate = schedule.learningRate(at: step)
            let (inputs, labels) = makeBatch()
            let loss = Loss.crossEntropy(logits: logits(Variable(inputs)), labels: labels)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        }
        model.eval()
        return losses
    }

    /// The fraction of `labels` `[N]` that `logits` gets right on `inputs` `[N, L, 1]`, in chunks of `chunk`.
    static func accuracy(
        inputs: Tensor, labels: Tensor, chunk: Int = 128, logits: (Variable) -> Variable
    ) -> Double {
        withoutGradients {
            let count = inputs.shape[0]
            var correct = 0
            var start = 0
            while start < count {
                let size = Swift.min(chunk, count - start)
                let predicted = logits(Variable(inputs.narrowed(axis: 0, start: start, length: size))).value
                    .argmax(axis: 1).toDoubles()
                let truth = labels.narrowed(axis: 0, start: start, length: size).toDoubles()
                correct += zip(predicted, truth).filter { $0 == $1 }.count
                start += size
            }
            return Double(correct) / Double(count)
        }
    }
}
