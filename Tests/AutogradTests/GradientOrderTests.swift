import Autograd
import Tensor
import TestSupport
import XCTest

/// `checkGradients(order: n)` checks every order up to n (issue #11): a backward rule wrong by a factor 1.001 is
/// right in its own derivative, so a check of order 2 alone passes it.
final class GradientOrderTests: XCTestCase {
    /// y = x³ with the backward rule 3.003·x² instead of 3·x².
    private func cubeWithAWrongRule(_ x: Variable) -> Variable {
        Variable.custom(name: "cube", value: x.value.pow(3), inputs: [x]) { b in
            [b.gradient * b.inputs[0].square() * 3.003]
        }
    }

    func testAWrongFirstDerivativeFailsAtEveryOrderFromOneOn() {
        let x = Tensor([0.5, -1.25, 2.0])
        for order in 1...3 {
            let result = checkGradients(at: [x], order: order) { v in self.cubeWithAWrongRule(v[0]) }
            XCTAssertFalse(result.passed, "order \(order): \(result)")
            XCTAssertEqual(result.order, 1, "the failing order is reported")
        }
    }

    func testACorrectRulePassesEveryOrder() {
        let x = Tensor([0.5, -1.25, 2.0])
        let result = checkGradients(at: [x], order: 3) { v in
            Variable.custom(name: "cube", value: v[0].value.pow(3), inputs: [v[0]]) { b in
                [b.gradient * b.inputs[0].square() * 3]
            }
        }
        XCTAssert(result.passed, "\(result)")
    }
}

/// The Hessian-vector product over several inputs includes the cross terms between them.
final class MultiInputHessianVectorProductTests: XCTestCase {
    func testMatchesTheFullHessianOfTheConcatenatedInputs() {
        let a = Tensor([0.3, -0.7, 1.1])
        let b = Tensor([0.5, 2.0])
        let va = Tensor([1.0, -2.0, 0.5])
        let vb = Tensor([0.25, -1.0])
        // f(a, b) = Σᵢⱼ sin(aᵢ)·bⱼ² + (Σ aᵢ²)(Σ bⱼ)
        func f(_ a: Variable, _ b: Variable) -> Variable {
            (a.sin().sum() * b.square().sum()) + a.square().sum() * b.sum()
        }
        let products = Derivatives.hessianVectorProduct(at: [a, b], vectors: [va, vb]) { p in f(p[0], p[1]) }
        let hessian = Derivatives.hessian(at: Tensor([0.3, -0.7, 1.1, 0.5, 2.0])) { z in
            f(z.narrowed(axis: 0, start: 0, length: 3), z.narrowed(axis: 0, start: 3, length: 2))
        }
        let expected = hessian.matmul(Tensor([1.0, -2.0, 0.5, 0.25, -1.0]).unsqueezed(axis: 1)).squeezed(axis: 1)
        let actual = products[0].toDoubles() + products[1].toDoubles()
        for (x, y) in zip(actual, expected.toDoubles()) { XCTAssertEqual(x, y, accuracy: 1e-12) }
        XCTAssertEqual(
            Derivatives.hessianVectorProduct(at: a, vector: va) { x in f(x, Variable(b)) }.toDoubles(),
            Derivatives.hessianVectorProduct(at: [a], vectors: [va]) { p in f(p[0], Variable(b)) }[0].toDoubles())
    }
}
