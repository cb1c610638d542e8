import Autograd
import Layers
import Tensor
import TestSupport
import XCTest

/// GLU: a·σ(b) over the halves of an axis, and its derivatives.
final class GLUTests: XCTestCase {
    func testSplitsTheAxisAndGates() {
        let x = layoutVariant("flipped", of: LayerTesting.values([2, 6, 3], seed: 1))
        let y = GLU(axis: 1)(Variable(x))
        XCTAssertEqual(y.shape, [2, 3, 3])
        var expected: [Double] = []
        for n in 0..<2 {
            for c in 0..<3 {
                for t in 0..<3 {
                    let a = x.element(at: [n, c, t])
                    let b = x.element(at: [n, c + 3, t])
                    expected.append(a / (1 + Foundation.exp(-b)))
                }
            }
        }
        assertClose(y.value, expected, relativeTolerance: 1e-14, absoluteTolerance: 1e-14)
        XCTAssertEqual(GLU()(Variable(Tensor.ones([4, 8]))).shape, [4, 4])
    }

    func testDerivativesToSecondOrder() {
        assertGradients(at: [LayerTesting.values([3, 4], seed: 2)], orders: [1, 2]) { v in GLU()(v[0]) }
        assertGradients(at: [layoutVariant("stepped", of: LayerTesting.values([4, 2, 3], seed: 3))]) { v in
            GLU(axis: 0)(v[0])
        }
    }
}
