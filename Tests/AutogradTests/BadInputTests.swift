import Autograd
import Tensor
import TestSupport
import XCTest

/// Programmer errors stop the process with a message that says what is wrong (checked in a forked child).
final class BadInputTests: XCTestCase {
    func testNonScalarOutputWithoutASeed() {
        expectFatalError(containing: "a non-scalar output needs a seed") {
            let x = Variable.leaf(Tensor.f64([1, 2, 3], [3]))
            _ = gradients(of: x.exp(), wrt: [x])
        }
        expectFatalError(containing: "a non-scalar output needs a seed") {
            let x = Variable.leaf(Tensor.f64([1, 2, 3], [3]))
            x.exp().backward()
        }
    }

    func testSeedOfTheWrongShape() {
        expectFatalError(containing: "seed of shape [2] for an output of shape [3]") {
            let x = Variable.leaf(Tensor.f64([1, 2, 3], [3]))
            _ = gradients(of: x.exp(), wrt: [x], seed: Tensor.f64([1, 1], [2]))
        }
    }

    func testSeedOfTheWrongDtype() {
        expectFatalError(containing: "seed is float32 but the output is float64") {
            let x = Variable.leaf(Tensor.f64([1, 2], [2]))
            _ = gradients(of: x.exp(), wrt: [x], seed: Tensor([Float(1), 1], shape: [2]))
        }
    }

    func testConstantTarget() {
        expectFatalError(containing: "does not require a gradient") {
            let x = Variable.leaf(Tensor.f64([1, 2], [2]))
            let c = Variable(Tensor.f64([3, 4], [2]))
            _ = gradients(of: (x * c).sum(), wrt: [c])
        }
    }

    func testCheckGradientsOnFloat32() {
        expectFatalError(containing: "finite differences need float64") {
            _ = checkGradients(at: [Tensor([Float(1), 2], shape: [2])]) { v in v[0].exp() }
        }
    }

    func testCheckGradientsOrderZero() {
        expectFatalError(containing: "order must be ≥ 1") {
            _ = checkGradients(at: [Tensor.f64([1, 2], [2])], order: 0) { v in v[0].exp() }
        }
    }

    func testShapeMismatchNamesTheOp() {
        expectFatalError(containing: "inner dimensions 3 and 2 differ") {
            let a = Variable.leaf(Tensor.f64([1, 2, 3], [1, 3]))
            let b = Variable(Tensor.f64([1, 2], [2, 1]))
            _ = a.matmul(b)
        }
    }

    func testTheDeathTestHelperSeesAChildThatLives() {
        let outcome = runInChild { print("alive") }
        XCTAssertFalse(outcome.crashed)
        XCTAssert(outcome.returned)
        XCTAssert(outcome.output.contains("alive"))
    }
}
