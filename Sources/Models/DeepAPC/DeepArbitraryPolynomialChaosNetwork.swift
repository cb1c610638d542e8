import Autograd
import Layers
import Tensor

/// The deep arbitrary polynomial chaos network (DaPC-NN, Oladyshkin et al. 2023): every node's response is an
/// expansion Σ_α c_α Ψ_α(h) of its incoming signals h in the aPC basis orthonormal for their empirical distribution
/// (`ArbitraryPolynomialChaos`, total degree p), instead of an activation of a weighted sum.
///
/// Layer l maps [N, D_l] → [N, W_l] by Ψ_l(h)·C_l, C_l [P_l, W_l] with P_l = C(D_l + p, p); the nodes of a layer share
/// their inputs and so their basis. The bases are data-driven: `refit(on:)` recomputes each layer's basis from the
/// signals the training inputs produce there, and re-expresses the coefficients in the new basis (C_l ← B·C_l with
/// B = (1/N)·Ψ_newᵀΨ_old, exact because both bases span the same polynomial space), so a refit leaves the network's
/// function on the data unchanged. Gradients flow through the polynomial evaluation to earlier layers; the basis
/// (standardization and Cholesky factor) is a constant between refits.
public final class DeepArbitraryPolynomialChaosNetwork: Module {
    public let widths: [Int]
    public let degree: Int
    public let coefficients: [Parameter]
    public private(set) var bases: [ArbitraryPolynomialChaos]

    /// - Parameters: inputs [N, D] (float64) fix the first bases; widths: the node counts of the layers, the last one the
    ///   output's; coefficients start N(0, 1/P_l), the constant term's included.
    public init(inputs: Tensor, widths: [Int], degree: Int, using generator: inout RandomGenerator) throws {
        precondition(
            inputs.rank == 2 && !widths.isEmpty && widths.allSatisfy { $0 >= 1 },
            "DeepArbitraryPolynomialChaosNetwork: inputs [N, D] and positive widths, got \(inputs.shape) and \(widths)")
        self.widths = widths
        self.degree = degree
        let dimensions = [inputs.shape[1]] + widths.dropLast()
        coefficients = zip(dimensions, widths).map { dimension, width in
            let count = TotalDegreeMonomials(dimension: dimension, degree: degree).count
            return Parameter(
                Tensor.normal(
                    [count, width], standardDeviation: 1 / Double(count).squareRoot(), dtype: .float64,
                    using: &generator))
        }
        bases = []
        super.init()
        var signals = inputs.cast(to: .float64)
        for layer in widths.indices {
            bases.append(try ArbitraryPolynomialChaos(samples: signals, degree: degree))
            signals = bases[layer](signals).matmul(coefficients[layer].value)
        }
    }

    /// The number of coefficients.
    public var coefficientCount: Int { coefficients.reduce(0) { $0 + $1.value.count } }

    /// [N, D] → [N, widths.last].
    public func callAsFunction(_ x: Variable) -> Variable {
        zip(bases, coefficients).reduce(x) { h, layer in layer.0(h).matmul(layer.1.variable) }
    }

    /// [N, D] → [N, widths.last], no graph.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        zip(bases, coefficients).reduce(x.cast(to: .float64)) { h, layer in layer.0(h).matmul(layer.1.value) }
    }

    /// The signals entering each layer: [input, layer 1's output, …], each [N, D_l].
    public func incomingSignals(_ x: Tensor) -> [Tensor] {
        var signals = [x.cast(to: .float64)]
        for (basis, coefficient) in zip(bases, coefficients).dropLast() {
            signals.append(basis(signals.last!).matmul(coefficient.value))
        }
        return signals
    }

    /// Recomputes every layer's basis from the signals `inputs` produce, layer by layer, keeping each layer's function
    /// on `inputs`.
    public func refit(on inputs: Tensor) throws {
        var signals = inputs.cast(to: .float64)
        let n = Double(inputs.shape[0])
        for layer in bases.indices {
            let old = bases[layer](signals)
            let basis = try ArbitraryPolynomialChaos(samples: signals, degree: degree)
            let new = basis(signals)
            let change = new.transposed(0, 1).matmul(old) / n
            coefficients[layer].assign(change.matmul(coefficients[layer].value))
            bases[layer] = basis
            signals = new.matmul(coefficients[layer].value)
        }
    }

    /// max |(1/N)·Ψ_lᵀΨ_l − I| over the layers, on the signals `inputs` produce: 0 right after `refit(on: inputs)` up
    /// to rounding.
    public func orthonormalityError(on inputs: Tensor) -> Double {
        let n = Double(inputs.shape[0])
        return zip(bases, incomingSignals(inputs)).map { basis, signals in
            let psi = basis(signals)
            let gram = psi.transposed(0, 1).matmul(psi) / n - Tensor.eye(basis.count, dtype: .float64)
            return gram.toDoubles().map(abs).max()!
        }.max()!
    }
}
