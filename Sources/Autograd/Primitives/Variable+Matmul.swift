import RealModule
import Tensor

extension Variable {
    /// Matrix product with NumPy `matmul` rules (see `Tensor.matmul`).
    ///
    /// For `[…, m, k] · […, k, n]`: ∂a = g·bᵀ, ∂b = aᵀ·g (broadcast batch axes summed back by the engine).
    /// 1-D operands are promoted to a row or a column by differentiable reshapes.
    public func matmul(_ other: Variable) -> Variable {
        if rank == 1 && other.rank == 1 {
            precondition(
                shape == other.shape,
                "matmul: \(shape) × \(other.shape): inner dimensions \(shape[0]) and \(other.shape[0]) differ")
            return (self * other).sum()
        }
        if rank == 1 { return unsqueezed(axis: 0).matmul(other).squeezed(axis: -2) }
        if other.rank == 1 { return matmul(other.unsqueezed(axis: 1)).squeezed(axis: -1) }
        return Variable.record("matmul", value.matmul(other.value), self, other) { b in
            [
                b.needs(0) ? b.gradient.matmul(b.inputs[1].transposed()) : nil,
                b.needs(1) ? Variable.rightProductGradient(b.gradient, b.inputs[0], b.inputs[1]) : nil,
            ]
        }
    }

    /// ∂b = aᵀ·g of `a·b` for the engine to sum over broadcast batch axes. A single matrix `b` times a batch
    /// `a` (`[…, m, k] · [k, n]`, a `Linear` on a batch of sequences) takes one product of the folded batch,
    /// aᵀ·g over all rows at once, instead of one product per matrix and a sum. A column-major `b` (a transposed
    /// view, as `Linear`'s `Wᵀ`) gets its gradient as (gᵀ·a)ᵀ, laid out like `b`, so the gradient reaching W is
    /// row-major and is not copied when it is accumulated (PyTorch's `mm_mat2_backward` makes the same choice):
    /// mlp.mnist.train 25 % faster (two alternating rounds).
    static func rightProductGradient(_ g: Variable, _ a: Variable, _ b: Variable) -> Variable {
        // g's batch may be larger than a's (an addend that enlarged the result): the engine sums that one back.
        guard b.rank == 2, a.rank >= 2, g.shape.dropLast().elementsEqual(a.shape.dropLast()) else {
            return a.transposed().matmul(g)
        }
        let rows = a.shape.dropLast().reduce(1, *)
        let left = a.rank == 2 ? a : a.reshaped([rows, a.shape[a.rank - 1]])
        let right = g.rank == 2 ? g : g.reshaped([rows, g.shape[g.rank - 1]])
        return b.isColumnMajorMatrix
            ? right.transposed().matmul(left).transposed() : left.transposed().matmul(right)
    }

    /// A 2-D value stored column by column (unit row stride, columns farther apart), with more than one row and
    /// column.
    var isColumnMajorMatrix: Bool {
        rank == 2 && shape[0] > 1 && shape[1] > 1 && value.strides[0] == 1 && value.strides[1] >= shape[0]
    }

    /// `self · other + addend` in one pass (see `Tensor.matmul(_:adding:)`): ∂a = g·bᵀ, ∂b = aᵀ·g, ∂addend = g
    /// (broadcast axes summed back by the engine).
    public func matmul(_ other: Variable, adding addend: Variable) -> Variable {
        guard rank >= 2, other.rank >= 2 else { return matmul(other) + addend }
        let result = value.matmul(other.value, adding: addend.value)
        return Variable.record("matmul(adding:)", result, [self, other, addend]) { b in
            [
                b.needs(0) ? b.gradient.matmul(b.inputs[1].transposed()) : nil,
                b.needs(1) ? Variable.rightProductGradient(b.gradient, b.inputs[0], b.inputs[1]) : nil,
                b.needs(2) ? b.gradient : nil,
            ]
        }
    }
}

/// An activation that a product applies to its rows as it finishes them (`Variable.matmul(_:adding:then:)`). Each
/// has a derivative that is a function of its output y, so the backward needs the result alone, not the
/// pre-activation.
public enum ProductActivation: Sendable, CaseIterable {
    case tanh, sigmoid, relu

    /// The elementwise function of the forward pass.
    public var function: UnaryFunction {
        switch self {
        case .tanh: .tanh
        case .sigmoid: .sigmoid
        case .relu: .relu
        }
    }

    /// f′ as a function of y = f(z): 1 − y², y(1 − y), [y > 0], each in one pass over y.
    func derivative(output y: Variable) -> Variable {
        switch self {
        case .tanh: y.map(TanhDerivativeOfOutput())
        case .sigmoid: y.map(SigmoidDerivativeOfOutput())
        case .relu: Variable(y.value.compared(.greater, scalar: 0).cast(to: y.dtype))
        }
    }
}

/// tanh′ from the output: 1 − y².
private struct TanhDerivativeOfOutput: ElementwiseFunction {
    func callAsFunction<T: Real & ExpressibleByFloatLiteral>(_ y: T) -> T { 1 - y * y }
}

/// σ′ from the output: y(1 − y).
private struct SigmoidDerivativeOfOutput: ElementwiseFunction {
    func callAsFunction<T: Real & ExpressibleByFloatLiteral>(_ y: T) -> T { y * (1 - y) }
}

extension Variable {
    /// f(self · other + addend): `matmul(_:adding:)` with the activation applied by each thread to the rows of
    /// the result it computed (`Tensor.matmul(_:adding:then:)`), so no separate pass reads them; ∂ as for
    /// `matmul(_:adding:)` with g·f′, f′ from the result.
    public func matmul(_ other: Variable, adding addend: Variable, then activation: ProductActivation) -> Variable {
        guard rank >= 2, other.rank >= 2 else {
            let z = matmul(other) + addend
            switch activation {
            case .tanh: return z.tanh()
            case .sigmoid: return z.sigmoid()
            case .relu: return z.relu()
            }
        }
        let result = value.matmul(other.value, adding: addend.value, then: activation.function)
        return Variable.record("matmul(adding:then:)", result, [self, other, addend]) { b in
            let g = b.gradient * activation.derivative(output: b.result)
            return [
                b.needs(0) ? g.matmul(b.inputs[1].transposed()) : nil,
                b.needs(1) ? Variable.rightProductGradient(g, b.inputs[0], b.inputs[1]) : nil,
                b.needs(2) ? g : nil,
            ]
        }
    }
}
