import Autograd
import Dispatch
import Foundation
import Synchronization
import Tensor
import TestSupport
import XCTest

/// Passes that run at the same time over shared nodes — on several threads, or one nested inside another's
/// pullback — each keep their own scratch (see `GradientEngine.run`), and `backward()` sums into shared leaves in
/// turn: every result equals the one of a pass run alone.
final class EngineConcurrencyTests: XCTestCase {
    /// A leaf and a 400-op trunk over it that every pass below shares.
    private func sharedGraph() -> (leaf: Variable, trunk: Variable) {
        let leaf = Variable.leaf(Tensor.f64(Samples.distinct(16), [16]))
        var trunk = leaf
        for _ in 0..<200 { trunk = trunk * 1.0001 + 0.001 }
        return (leaf, trunk)
    }

    private static func loss(_ trunk: Variable, _ k: Int) -> Variable { (trunk * Double(k + 1)).sin().sum() }

    func testConcurrentGradientPassesOverSharedNodes() {
        let (leaf, trunk) = sharedGraph()
        let expected = (0..<4).map { gradients(of: Self.loss(trunk, $0), wrt: [leaf])[0].value }
        let shared = UnsafeSendable((leaf, trunk))
        let results = Mutex<[Int: Tensor]>([:])
        DispatchQueue.concurrentPerform(iterations: 48) { i in
            let (leaf, trunk) = shared.value
            let g = gradients(of: Self.loss(trunk, i % 4), wrt: [leaf])[0].value
            results.withLock { $0[i] = g }
        }
        let all = results.withLock { $0 }
        XCTAssertEqual(all.count, 48)
        for (i, g) in all { assertElements(g, expected[i % 4].toDoubles(), shape: [16], "pass \(i)") }
    }

    func testConcurrentBackwardPassesSumIntoSharedLeaves() {
        let (leaf, trunk) = sharedGraph()
        let single = (0..<4).map { gradients(of: Self.loss(trunk, $0), wrt: [leaf])[0].value }
        let shared = UnsafeSendable(trunk)
        DispatchQueue.concurrentPerform(iterations: 48) { i in Self.loss(shared.value, i % 4).backward() }
        let expected = single.reduce(Tensor.zeros([16], dtype: .float64), +) * 12
        XCTAssertNotNil(leaf.gradient)
        if let gradient = leaf.gradient {
            assertClose(
                gradient, expected, relativeTolerance: 1e-12, absoluteTolerance: 1e-12, "Σ of 48 backward passes")
        }
    }

    /// A pullback that runs its own pass over nodes of the outer pass (here ∂ sin x/∂x inside the rule of an op
    /// on sin x): y = op(sin x) with ∂y/∂(sin x) = cos x, so ∂Σy/∂x = cos²x.
    func testAPassNestedInAPullback() {
        let x = Variable.leaf(Tensor.f64(Samples.distinct(5), [5]))
        let inner = x.sin()
        let y = Variable.custom(name: "nested", value: inner.value, inputs: [inner]) { b in
            // Pullbacks run with recording off (createGraph is false); the nested pass needs a graph to walk.
            let slope = withGradients { gradients(of: inner.sum(), wrt: [x])[0].value }
            return [b.gradient * Variable(slope)]
        }
        let g = gradients(of: y.sum(), wrt: [x])[0].value
        let expected = x.value.cos().square()
        assertClose(g, expected, relativeTolerance: 1e-14, absoluteTolerance: 1e-15, "cos²x")
    }
}
