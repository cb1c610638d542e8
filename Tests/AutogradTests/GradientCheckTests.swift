import Autograd
import Tensor
import TestSupport
import XCTest

/// `checkGradients` itself: it must fail on a wrong backward rule and name the worst element, pass on a right one,
/// and the custom-op API it is demonstrated with must behave like a primitive.
final class GradientCheckTests: XCTestCase {
    /// y = x³ with a correct pullback (3x²·g), written with Variable ops.
    private static func cube(_ x: Variable) -> Variable {
        Variable.custom(name: "cube", value: x.value.pow(3), inputs: [x]) { b in [b.gradient * b.inputs[0].square() * 3]
        }
    }

    /// y = x³ whose pullback is wrong at one element: element 4's gradient is scaled by 1.01.
    private static func wrongCube(_ x: Variable) -> Variable {
        Variable.custom(name: "wrong cube", value: x.value.pow(3), inputs: [x]) { b in
            var scale = [Double](repeating: 1, count: b.result.count)
            scale[4] = 1.01
            let error = Variable(Tensor(scale, shape: b.result.shape, dtype: .float64))
            return [b.gradient * b.inputs[0].square() * 3 * error]
        }
    }

    /// y = sin x whose pullback forgets the input at second order (returns a constant cos x).
    private static func detachedSin(_ x: Variable) -> Variable {
        Variable.custom(name: "sin with a detached derivative", value: x.value.sin(), inputs: [x]) { b in
            [b.gradient * Variable(b.inputs[0].value.cos())]
        }
    }

    private let x = Tensor.f64([0.5, -1.2, 0.8, 1.5, -0.3, 1.1], [2, 3])

    func testPassesOnACorrectCustomOp() {
        let result = checkGradients(at: [x]) { v in Self.cube(v[0]) }
        XCTAssert(result.passed, "\(result)")
        let second = checkGradients(at: [x], order: 2) { v in Self.cube(v[0]) }
        XCTAssert(second.passed, "\(second)")
    }

    func testFailsOnAWrongPullbackAndNamesTheWorstElement() {
        let result = checkGradients(at: [x]) { v in Self.wrongCube(v[0]) }
        XCTAssertFalse(result.passed)
        XCTAssertEqual(result.order, 1)
        XCTAssertEqual(result.worstInput, 0)
        XCTAssertEqual(result.worstElement, 4)
        XCTAssertGreaterThan(result.worstRatio, 1)
        XCTAssertEqual(result.analytic / result.numeric, 1.01, accuracy: 1e-6)
        XCTAssert(result.description.contains("FAILED"), result.description)
        XCTAssert(result.description.contains("input 0, element 4"), result.description)
    }

    func testFailureAtTheSecondInput() {
        let y = Tensor.f64([0.3, 0.6, 0.9, 1.2, 1.5, 1.8], [2, 3])
        let result = checkGradients(at: [y, x]) { v in v[0].sin() * Self.wrongCube(v[1]) }
        XCTAssertFalse(result.passed)
        XCTAssertEqual(result.worstInput, 1)
        XCTAssertEqual(result.worstElement, 4)
    }

    func testSecondOrderCatchesARuleThatIsOnlyRightToFirstOrder() {
        let first = checkGradients(at: [x]) { v in Self.detachedSin(v[0]) }
        XCTAssert(first.passed, "\(first)")
        let second = checkGradients(at: [x], order: 2) { v in Self.detachedSin(v[0]) }
        XCTAssertFalse(second.passed)
        XCTAssertEqual(second.order, 2)
        XCTAssertEqual(second.worstInput, 0, "the error is in ∂/∂x, not in ∂/∂(cotangent): \(second)")
    }

    func testRandomDirectionsCatchTheWrongRuleToo() {
        let result = checkGradients(at: [x], randomDirections: 4) { v in Self.wrongCube(v[0]) }
        XCTAssertFalse(result.passed)
        XCTAssertEqual(result.worstElement, -1)
        XCTAssert(result.description.contains("random direction"), result.description)
        XCTAssert(checkGradients(at: [x], randomDirections: 4) { v in Self.cube(v[0]) }.passed)
    }

    /// The check records its own graph: it works inside a `withoutGradients` scope too.
    func testWorksWithRecordingOff() {
        let result = withoutGradients { checkGradients(at: [x]) { v in Self.cube(v[0]).sin() } }
        XCTAssert(result.passed, "\(result)")
        let second = withoutGradients { checkGradients(at: [x], order: 2) { v in Self.cube(v[0]).sin() } }
        XCTAssert(second.passed, "\(second)")
    }

    func testCustomOpRecordsLikeAPrimitive() {
        let leaf = Variable.leaf(x)
        XCTAssertTrue(Self.cube(leaf).requiresGradient)
        XCTAssertFalse(Self.cube(Variable(x)).requiresGradient, "no input needs a gradient")
        XCTAssertFalse(withoutGradients { Self.cube(leaf) }.requiresGradient, "recording off")
        // A custom op with a broadcast result: the engine sums its gradient back to each input's shape.
        let row = Variable.leaf(Tensor.f64([1, 2, 3], [3]))
        let y = Variable.custom(name: "outer add", value: x + row.value, inputs: [Variable.leaf(x), row]) { b in
            [b.gradient, b.gradient]
        }
        XCTAssertEqual(gradients(of: y.sum(), wrt: [row])[0].value.toDoubles(), [2, 2, 2])
    }

    func testCustomOpWithManyInputs() {
        // More inputs than the engine's 64-bit mask of needed inputs.
        let leaves = (0..<70).map { Variable.leaf(Tensor.f64([Double($0)], [1])) }
        let value = leaves.map(\.value).reduce(Tensor.zeros([1], dtype: .float64), +)
        let total = Variable.custom(name: "sum of 70", value: value, inputs: leaves) { b in
            b.inputs.indices.map { b.needs($0) ? b.gradient : nil }
        }
        let g = gradients(of: (total * total).sum(), wrt: leaves)
        let expected = 2 * Double((0..<70).reduce(0, +))
        XCTAssertEqual(g.map { $0.value.item() }, [Double](repeating: expected, count: 70))
    }
}
