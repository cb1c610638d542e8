import Autograd
import Layers
import Tensor

/// The two-layer baseline: x ↦ a·ReLU(Wx + b) + c of width m, every weight trained end to end by full-batch Adam
/// on the mean squared error over the whole training set (Float32).
struct TwoLayerBaseline {
    var width: Int
    var steps: Int
    var learningRate: Double

    /// The network trained on (`inputs` `[n, d]`, `targets` `[n]`), its predictions at `test` `[N, d]` → `[N]`
    /// (Float64).
    func trainedPredictions(inputs: Tensor, targets: Tensor, test: Tensor, using generator: inout RandomGenerator)
        -> Tensor
    {
        let network = MLP([inputs.shape[1], width, 1], activation: .relu, using: &generator)
        let x = Variable(inputs.cast(to: .float32))
        let y = Variable(targets.cast(to: .float32).unsqueezed(axis: 1))
        let adam = Adam(parameters: network.parameters(), learningRate: learningRate)
        for _ in 0..<steps {
            (network(x) - y).square().mean().backward()
            adam.step()
        }
        return withoutGradients { network(Variable(test.cast(to: .float32))).value }.squeezed(axis: 1).cast(
            to: .float64)
    }
}
