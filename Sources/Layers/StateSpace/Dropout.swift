import Autograd
import Tensor

/// Inverted dropout: in training mode each element is zeroed with probability p and the rest scaled by 1/(1 − p);
/// the identity in evaluation mode. The layer owns its random stream.
///
/// Interim: the state-space blocks need it before the shared Layers helper lands; this file goes once it does.
public final class Dropout: Module, UnaryLayer {
    public let probability: Double
    private var _generator: RandomGenerator

    public init(probability: Double, seed: UInt64) {
        precondition(probability >= 0 && probability < 1, "Dropout: probability \(probability) is not in [0, 1)")
        self.probability = probability
        _generator = RandomGenerator(seed: seed)
        super.init()
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        guard isTraining && probability > 0 else { return x }
        let keep = Tensor.bernoulli(x.shape, probability: 1 - probability, using: &_generator).cast(to: x.dtype)
        return x * Variable(keep * (1 / (1 - probability)))
    }
}
