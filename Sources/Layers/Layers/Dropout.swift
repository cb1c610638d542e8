import Autograd
import Tensor

/// Inverted dropout (Srivastava et al. 2014): in training, each element is zeroed with `probability` p and the
/// survivors scaled by 1/(1 − p), so E[y] = x; in evaluation mode (`eval()`) it is the identity.
///
/// y = x·m/(1 − p), m ~ Bernoulli(1 − p) elementwise (p = 1 gives zeros). The masks come from a generator the
/// layer owns, seeded at init, so a run is reproducible; each call draws a fresh mask.
public final class Dropout: Module, UnaryLayer {
    public let probability: Double
    /// The stream the masks are drawn from.
    public private(set) var generator: RandomGenerator

    public init(probability: Double = 0.5, seed: UInt64 = 0) {
        precondition(probability >= 0 && probability <= 1, "Dropout: probability \(probability) is outside [0, 1]")
        self.probability = probability
        generator = RandomGenerator(seed: seed)
        super.init()
    }

    /// Any shape → the same shape.
    public func callAsFunction(_ x: Variable) -> Variable {
        guard isTraining, probability > 0 else { return x }
        if probability == 1 { return x * 0 }
        let mask = Tensor.bernoulli(x.shape, probability: 1 - probability, using: &generator).cast(to: x.dtype)
        return x * Variable(mask * (1 / (1 - probability)))
    }
}
