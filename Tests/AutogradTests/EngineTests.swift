import Autograd
import Tensor
import TestSupport
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
        let f: ([Variable]) -> Variable = { v in (v[0].matmul(v[1]).tanh() * v[0].sum(axes: [1], keepDims: true)).exp()
        }
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

/// More of the engine's edge cases: targets inside the graph, deep graphs, recording scopes, detaching, several
/// outputs, and graphs being freed.
final class EngineEdgeCaseTests: XCTestCase {
    func testGradientWithRespectToAnIntermediateValue() {
        let x = Variable.leaf(Tensor.f64([0.5, -1.0, 2.0], [3]))
        let h = x.exp()
        let y = (h.sin() * 2.0).sum()
        let g = gradients(of: y, wrt: [h])[0]
        assertClose(
            g.value, h.value.cos() * 2.0, relativeTolerance: 1e-10, absoluteTolerance: 1e-10, "∂y/∂h with h = exp x")
        // Intermediate and leaf together: the leaf's gradient still flows through h.
        let both = gradients(of: y, wrt: [h, x])
        assertClose(
            both[0].value, h.value.cos() * 2.0, relativeTolerance: 1e-10, absoluteTolerance: 1e-10,
            "∂y/∂h next to ∂y/∂x")
        assertClose(
            both[1].value, h.value.cos() * 2.0 * h.value, relativeTolerance: 1e-10, absoluteTolerance: 1e-10,
            "∂y/∂x next to ∂y/∂h")
    }

    func testGradientWithRespectToAnIntermediateUsedTwice() {
        let x = Variable.leaf(Tensor.f64([0.3, 0.7], [2]))
        let h = x * 3.0
        let y = (h * h + h.exp()).sum()
        let g = gradients(of: y, wrt: [h])[0]
        assertClose(g.value, h.value * 2.0 + h.value.exp(), relativeTolerance: 1e-10, absoluteTolerance: 1e-10, "∂y/∂h")
    }

    func testGradientOfTheOutputWithRespectToItself() {
        let x = Variable.leaf(Tensor.f64([0.3, 0.7], [2]))
        let y = (x * x).sum()
        XCTAssertEqual(gradients(of: y, wrt: [y])[0].value.item(), 1)
        let leaf = Variable.leaf(Tensor.f64([2.0], [1]))
        XCTAssertEqual(gradients(of: leaf, wrt: [leaf])[0].value.toDoubles(), [1])
        let seed = Tensor.f64([0.5, -2], [2])
        assertClose(
            gradients(of: x, wrt: [x], seed: seed)[0].value, seed, relativeTolerance: 1e-10, absoluteTolerance: 1e-10,
            "∂x/∂x with a seed is the seed")
    }

    func testSecondOrderWithRespectToAnIntermediate() {
        // y = Σ h³, h = 2x: ∂²y/∂h² = 6h (as a diagonal, contracted with ones).
        let x = Variable.leaf(Tensor.f64([0.5, 1.5], [2]))
        let h = x * 2.0
        let y = h.pow(3).sum()
        let dh = gradients(of: y, wrt: [h], createGraph: true)[0]
        let d2 = gradients(of: dh.sum(), wrt: [h])[0]
        assertClose(d2.value, h.value * 6.0, relativeTolerance: 1e-10, absoluteTolerance: 1e-10, "∂²y/∂h²")
        let dx2 = gradients(of: dh.sum(), wrt: [x])[0]
        assertClose(dx2.value, h.value * 12.0, relativeTolerance: 1e-10, absoluteTolerance: 1e-10, "∂(∂y/∂h)/∂x")
    }

    func testUnusedInputsAndConstantOutputs() {
        let x = Variable.leaf(Tensor.f64([1, 2], [2]))
        let unused = Variable.leaf(Tensor.f64([[1, 2], [3, 4]].flatMap { $0 }, [2, 2]))
        let g = gradients(of: x.exp().sum(), wrt: [unused, x])
        XCTAssertEqual(g[0].value.toDoubles(), [0, 0, 0, 0])
        XCTAssertEqual(g[0].shape, [2, 2])
        assertClose(g[1].value, x.value.exp(), relativeTolerance: 1e-10, absoluteTolerance: 1e-10, "the used input")
        // An output that depends on no leaf at all (a constant) gives zeros.
        let constant = Variable(Tensor.f64([3], [])) * 2.0
        XCTAssertEqual(gradients(of: constant, wrt: [x])[0].value.toDoubles(), [0, 0])
        // An input that reaches the output only through a constant-gradient op (sign).
        XCTAssertEqual(gradients(of: x.sign().sum() + x.sum(), wrt: [x])[0].value.toDoubles(), [1, 1])
    }

    func testRecordingScopes() {
        let x = Variable.leaf(Tensor.f64([1.5], [1]))
        XCTAssertTrue(GradientMode.isEnabled)
        withoutGradients {
            XCTAssertFalse(GradientMode.isEnabled)
            XCTAssertFalse((x * x).requiresGradient)
            XCTAssertFalse(x.exp().matmul(x).requiresGradient)
            withGradients {
                XCTAssertTrue(GradientMode.isEnabled)
                XCTAssertTrue((x * x).requiresGradient)
            }
            XCTAssertFalse(GradientMode.isEnabled)
        }
        XCTAssertTrue(GradientMode.isEnabled)
        // An op recorded inside withGradients within withoutGradients is differentiable afterwards.
        let y = withoutGradients { withGradients { x.sin() } }
        XCTAssertEqual(gradients(of: y.sum(), wrt: [x])[0].value.item(), Foundation.cos(1.5), accuracy: 1e-15)
        // A value computed with recording off is a constant: the gradient does not flow through it.
        let frozen = withoutGradients { x * 3.0 }
        XCTAssertEqual(gradients(of: (frozen * x).sum(), wrt: [x])[0].value.item(), 4.5)
    }

    func testDetached() {
        let x = Variable.leaf(Tensor.f64([1.5, -2], [2]))
        let d = x.detached()
        XCTAssertFalse(d.requiresGradient)
        XCTAssertFalse(d.isLeaf)
        XCTAssertEqual(d.value.toDoubles(), x.value.toDoubles())
        // ∂(x·stop(x))/∂x = stop(x).
        assertClose(
            gradients(of: (x * d).sum(), wrt: [x])[0].value, x.value, relativeTolerance: 1e-10,
            absoluteTolerance: 1e-10, "x·detached(x)")
        // Detaching an interior value cuts everything behind it.
        let h = (x.exp() * x).detached()
        XCTAssertEqual(gradients(of: (h * 2.0).sum(), wrt: [x])[0].value.toDoubles(), [0, 0])
    }

    func testCreateGraphFalseGivesConstants() {
        let x = Variable.leaf(Tensor.f64([0.4, 0.9], [2]))
        let y = (x.sin() * x).sum()
        XCTAssertFalse(gradients(of: y, wrt: [x])[0].requiresGradient)
        XCTAssertTrue(gradients(of: y, wrt: [x], createGraph: true)[0].requiresGradient)
    }

    func testSeveralOutputs() {
        let x = Variable.leaf(Tensor.f64([0.4, 0.9], [2]))
        let a = x.exp()
        let b = x.square().sum()
        let sa = Tensor.f64([1, -1], [2])
        let g = gradients(of: [a, b], seeds: [sa, nil], wrt: [x])[0]
        assertClose(
            g.value, x.value.exp() * sa + x.value * 2.0, relativeTolerance: 1e-10, absoluteTolerance: 1e-10,
            "Σ seedᵢ·∂outputᵢ/∂x")
    }

    func testBackwardAccumulatesAndZeroes() {
        let x = Variable.leaf(Tensor.f64([1.5, -0.5], [2]))
        let w = Variable.leaf(Tensor.f64([2], [1]))
        (x * w).sum().backward()
        (x * w).sum().backward()
        XCTAssertEqual(x.gradient?.toDoubles(), [4, 4])
        XCTAssertEqual(w.gradient?.toDoubles(), [2])
        x.zeroGradient()
        XCTAssertNil(x.gradient)
        (x.square() * w).backward(seed: Tensor.f64([1, 2], [2]))
        XCTAssertEqual(x.gradient?.toDoubles(), [6, -4])
        XCTAssertEqual(w.gradient?.toDoubles(), [2 + 2.25 + 0.5])
        // A leaf that is not part of the graph keeps no gradient.
        let other = Variable.leaf(Tensor.f64([1], [1]))
        (x * 2.0).sum().backward()
        XCTAssertNil(other.gradient)
    }

    func testBackwardOfALeafItself() {
        let x = Variable.leaf(Tensor.f64([3], []))
        x.backward()
        XCTAssertEqual(x.gradient?.item(), 1)
    }

    func testLongChainIsFreedWithoutOverflowingTheStack() {
        weak var weakTop: Node?
        weak var weakMiddle: Node?
        do {
            let x = Variable.leaf(Tensor.f64([1.0], [1]))
            var y = x
            for i in 0..<100_000 {
                y = y * 1.0 + 0.0
                if i == 50_000 { weakMiddle = y.node }
            }
            weakTop = y.node
            XCTAssertEqual(gradients(of: y.sum(), wrt: [x])[0].value.item(), 1)
            y.sum().backward()
            XCTAssertEqual(x.gradient?.item(), 1)
        }
        XCTAssertNil(weakTop)
        XCTAssertNil(weakMiddle)
    }

    func testLongChainSecondOrder() {
        weak var weakGradientNode: Node?
        do {
            let x = Variable.leaf(Tensor.f64([0.5], [1]))
            var y = x
            for _ in 0..<20_000 { y = y * 1.0 + 0.0 }
            let dy = gradients(of: (y * y).sum(), wrt: [x], createGraph: true)[0]
            weakGradientNode = dy.node
            XCTAssertEqual(dy.value.item(), 1)
            XCTAssertEqual(gradients(of: dy.sum(), wrt: [x])[0].value.item(), 2)
        }
        XCTAssertNil(weakGradientNode)
    }

    func testWideGraph() {
        // 20,000 uses of one leaf summed pairwise in a chain: accumulation by identity, no recursion.
        let x = Variable.leaf(Tensor.f64([2.0], [1]))
        var total = x * 0.0
        for i in 0..<20_000 { total = total + x * Double(i % 3) }
        let expected = Double((0..<20_000).map { $0 % 3 }.reduce(0, +))
        XCTAssertEqual(gradients(of: total.sum(), wrt: [x])[0].value.item(), expected)
    }

    func testGraphsAreFreedAfterUse() {
        weak var weakForward: Node?
        weak var weakGradient: Node?
        weak var weakLeaf: Node?
        do {
            let x = Variable.leaf(Tensor.f64([1.0, 2.0], [2]))
            weakLeaf = x.node
            let y = (x.exp() * x).sin().sum()
            weakForward = y.node
            let g = gradients(of: y, wrt: [x], createGraph: true)[0]
            weakGradient = g.node
            XCTAssertNotNil(weakGradient)
            _ = gradients(of: g.sum(), wrt: [x])
            y.backward()
        }
        XCTAssertNil(weakForward, "the forward graph")
        XCTAssertNil(weakGradient, "the graph of the gradient")
        XCTAssertNil(weakLeaf, "the leaf")
    }

    func testAGradientDoesNotKeepTheForwardGraphAlive() {
        weak var weakForward: Node?
        var kept: Variable?
        do {
            let x = Variable.leaf(Tensor.f64([1.0, 2.0], [2]))
            let y = (x.exp() * x).sum()
            weakForward = y.node
            kept = gradients(of: y, wrt: [x])[0]
        }
        XCTAssertNil(weakForward)
        XCTAssertNotNil(kept)
    }
}
