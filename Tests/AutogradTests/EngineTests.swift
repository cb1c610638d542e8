import Autograd
import Tensor
import XCTest

final class EngineTests: XCTestCase {
    func testValueUsedTwiceAccumulates() {
        let a = Variable.leaf(Tensor([3.0]))
        let b = a + a
        let c = b + b
        let g = gradients(of: c.sum(), wrt: [a])[0]
        XCTAssertEqual(g.value.toDoubles(), [4])
    }

    func testDiamond() {
        let x = Variable.leaf(Tensor([2.0]))
        let y = x.square()
        let z = (y.sin() + y.exp()).sum()
        let g = gradients(of: z, wrt: [x])[0].value.item()
        XCTAssertEqual(g, (Foundation.cos(4.0) + Foundation.exp(4.0)) * 4, accuracy: 1e-9)
    }

    func testLongChainDoesNotOverflowTheStack() {
        let x = Variable.leaf(Tensor([1.0]))
        var y = x
        for _ in 0..<100_000 { y = y * 1.0 + 0.0 }
        XCTAssertEqual(gradients(of: y.sum(), wrt: [x])[0].value.item(), 1)
    }

    func testUnusedTargetGetsZeros() {
        let x = Variable.leaf(Tensor([1.0, 2.0]))
        let unused = Variable.leaf(Tensor.ones([3], dtype: .float64))
        let g = gradients(of: x.square().sum(), wrt: [x, unused])
        XCTAssertEqual(g[1].value.toDoubles(), [0, 0, 0])
    }

    func testBackwardTwiceAccumulates() {
        let x = Variable.leaf(Tensor([1.5]))
        (x * x).sum().backward()
        (x * x).sum().backward()
        XCTAssertEqual(x.gradient?.toDoubles(), [6])
    }

    func testRecordingOff() {
        let x = Variable.leaf(Tensor([1.5]))
        let y = withoutGradients { x.exp() }
        XCTAssertFalse(y.requiresGradient)
    }

    func testFirstAndSecondOrderChecks() {
        let x = Tensor([0.3, -1.2, 2.0, 0.7, 0.1, -0.4], shape: [2, 3])
        let w = Tensor([0.5, -0.3, 0.8, 1.1, -0.6, 0.2], shape: [3, 2])
        let f: ([Variable]) -> Variable = { v in (v[0].matmul(v[1]).tanh() * v[0].sum(axes: [1], keepDims: true)).exp() }
        let first = checkGradients(at: [x, w], f)
        XCTAssert(first.passed, "\(first)")
        let second = checkGradients(at: [x, w], order: 2, f)
        XCTAssert(second.passed, "\(second)")
    }

    func testGraphIsFreedAfterUse() {
        weak var weakNode: Node?
        do {
            let x = Variable.leaf(Tensor([1.0, 2.0]))
            let y = (x.exp() * x).sum()
            weakNode = y.node
            _ = gradients(of: y, wrt: [x], createGraph: true)
        }
        XCTAssertNil(weakNode)
    }
}
