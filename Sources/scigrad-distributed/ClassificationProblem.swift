import Autograd
import Layers
import Tensor

/// The MNIST-sized classification problem of the data-parallel commands, generated in code: Gaussian inputs
/// [samples, 784] labelled by the arg-max of a random teacher MLP 784→64→10, and a student MLP 784→512→512→10
/// (tanh), the network of the `mlp.mnist` benchmark. The same seed gives the same data and model on every rank.
struct ClassificationProblem {
    let inputs: Tensor
    let labels: Tensor
    let model: MLP

    init(samples: Int, dtype: DType, seed: UInt64) {
        var generator = RandomGenerator(seed: seed)
        let teacher = MLP([784, 64, 10], activation: .tanh, dtype: dtype, using: &generator)
        let inputs = Tensor.normal([samples, 784], dtype: dtype, using: &generator)
        self.inputs = inputs
        labels = withoutGradients { teacher(Variable(inputs)) }.value.argmax(axis: 1)
        model = MLP([784, 512, 512, 10], activation: .tanh, dtype: dtype, using: &generator)
    }

    /// The mean cross-entropy of the model on one batch `[inputs, labels]`.
    func loss(_ batch: [Tensor]) -> Variable {
        Loss.crossEntropy(logits: model(Variable(batch[0])), labels: batch[1])
    }
}
