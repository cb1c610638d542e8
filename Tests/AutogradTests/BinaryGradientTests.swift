import Autograd
import Tensor
import TestSupport
import XCTest

/// First- and second-order gradient checks of the binary primitives (arithmetic, pow, maximum/minimum, the scalar
/// forms and `where`), with operands of equal shape in every layout and with NumPy broadcasting between shapes.
final class BinaryGradientTests: XCTestCase {
    private typealias Op = (Variable, Variable) -> Variable

    /// Shape pairs that broadcast: column × row, scalar-shaped on either side, missing leading axes, size-1 axes.
    private let broadcastPairs: [([Int], [Int])] = [
        ([3, 1], [1, 4]), ([], [2, 3]), ([2, 3], []), ([4], [2, 3, 4]), ([2, 1, 4], [3, 1]), ([1], [3, 2]),
    ]

    /// Checks `op` on same-shape operands in every layout, on each broadcast pair, and with an expanded operand.
    /// `left`/`right` give the operands' values for a count and a seed.
    private func check(
        _ name: String, left: @escaping (Int, UInt64) -> [Double], right: @escaping (Int, UInt64) -> [Double],
        file: StaticString = #filePath, line: UInt = #line, _ op: @escaping Op
    ) {
        assertGradientsInAllLayouts(
            name, inputs: [(left(12, 1), [3, 4]), (right(12, 2), [3, 4])], file: file, line: line
        ) { v in op(v[0], v[1]) }
        for (a, b) in broadcastPairs {
            let x = Tensor.f64(left(a.reduce(1, *), 3), a)
            let y = Tensor.f64(right(b.reduce(1, *), 4), b)
            assertGradients("\(name) \(a) with \(b)", at: [x, y], file: file, line: line) { v in op(v[0], v[1]) }
        }
        let column = Tensor.f64(left(3, 5), [3, 1]).expanded(to: [3, 4])
        let permuted = Tensor.f64(right(12, 6), [4, 3]).transposed()
        assertGradients("\(name) expanded with transposed", at: [column, permuted], file: file, line: line) { v in
            op(v[0], v[1])
        }
        let sliced = layoutVariant("stepped", of: Tensor.f64(left(8, 7), [2, 4]))
        let row = Tensor.f64(right(4, 8), [4])
        assertGradients("\(name) step-sliced with row", at: [sliced, row], file: file, line: line) { v in op(v[0], v[1])
        }
    }

    private let anywhere: (Int, UInt64) -> [Double] = { Samples.distinct($0, in: -1.5, 1.5, seed: $1) }
    private let awayFromZero: (Int, UInt64) -> [Double] = { Samples.awayFromZero($0, seed: $1) }
    private let positive: (Int, UInt64) -> [Double] = { Samples.positive($0, in: 0.4, 2, seed: $1) }
    /// Values on a different grid from `anywhere`, so maximum/minimum never see a tie.
    private let shifted: (Int, UInt64) -> [Double] = {
        Samples.distinct($0, in: -1.5, 1.5, seed: $1 + 100).map { $0 + 0.0123 }
    }

    func testAdd() { check("add", left: anywhere, right: anywhere) { $0 + $1 } }
    func testSubtract() { check("subtract", left: anywhere, right: anywhere) { $0 - $1 } }
    func testMultiply() { check("multiply", left: anywhere, right: anywhere) { $0 * $1 } }
    func testDivide() { check("divide", left: anywhere, right: positive) { $0 / $1 } }
    func testPower() { check("pow", left: positive, right: anywhere) { $0.pow($1) } }
    func testMaximum() { check("maximum", left: anywhere, right: shifted) { $0.maximum($1) } }
    func testMinimum() { check("minimum", left: anywhere, right: shifted) { $0.minimum($1) } }
    /// y away from 0 keeps every point off the branch cut (y = 0, x < 0) and the origin; x takes both signs.
    func testArcTangent2() { check("arcTangent2", left: awayFromZero, right: anywhere) { $0.arcTangent2($1) } }

    /// The same operand on both sides: the two gradients are summed.
    func testSameOperandOnBothSides() {
        let x = Tensor.f64(Samples.positive(6), [2, 3])
        assertGradients("x·x", at: [x]) { v in v[0] * v[0] }
        assertGradients("x/x²", at: [x]) { v in v[0] / (v[0] * v[0]) }
        assertGradients("xˣ", at: [x]) { v in v[0].pow(v[0]) }
        assertGradients("x − x.T", at: [Tensor.f64(Samples.distinct(9), [3, 3])]) { v in
            (v[0] - v[0].transposed()).square()
        }
    }

    func testScalarOperands() {
        let ops: [(String, (Variable) -> Variable)] = [
            ("x + s", { $0 + 1.5 }), ("x − s", { $0 - 1.5 }), ("x·s", { $0 * -2.5 }), ("x/s", { $0 / 4.0 }),
            ("s + x", { 1.5 + $0 }), ("s − x", { 1.5 - $0 }), ("s·x", { -2.5 * $0 }), ("s/x", { 3.0 / $0 }),
        ]
        for (name, op) in ops {
            assertGradientsInAllLayouts(name, inputs: [(Samples.positive(12), [3, 4])]) { v in op(v[0]) * v[0] }
        }
    }

    func testWhere() {
        let mask = Tensor.f64([1, 0, 0, 1, 1, 0, 1, 0, 0, 1, 1, 1], [3, 4]).compared(.greater, scalar: 0.5)
        assertGradientsInAllLayouts(
            "where", inputs: [(Samples.distinct(12, seed: 1), [3, 4]), (Samples.distinct(12, seed: 2), [3, 4])]
        ) { v in Variable.where(mask, v[0].sin(), v[1] * v[1]) }
        let column = Tensor.f64(Samples.distinct(3), [3, 1])
        let scalar = Tensor.f64([0.7], [])
        assertGradients("where [3, 4] mask with [3, 1] and []", at: [column, scalar]) { v in
            Variable.where(mask, v[0].sin(), v[1] * v[1])
        }
        let columnMask = Tensor.f64([1, 0, 1], [3, 1]).compared(.greater, scalar: 0.5)
        let a = Tensor.f64(Samples.distinct(4), [4])
        let b = Tensor.f64(Samples.distinct(3, seed: 9), [3, 1])
        assertGradients("where [3, 1] mask with [4] and [3, 1]", at: [a, b]) { v in
            Variable.where(columnMask, v[0].exp(), v[1] * v[0])
        }
    }

    /// 0ᵇ = 0 for every b > 0, so ∂(aᵇ)/∂b is 0 at a = 0 (not 0·ln 0 = NaN); elsewhere it is aᵇ ln a.
    func testPowerExponentGradientAtZeroBase() {
        let base = Variable(Tensor.f64([0, 0, 2], [3]))
        let exponent = Variable.leaf(Tensor.f64([1.5, 2, 0.5], [3]))
        let g = gradients(of: base.pow(exponent).sum(), wrt: [exponent])[0]
        assertClose(
            g.value, Tensor.f64([0, 0, 2.0.squareRoot() * Foundation.log(2.0)], [3]), relativeTolerance: 1e-10,
            absoluteTolerance: 1e-10, "∂(aᵇ)/∂b")
    }

    /// A constant operand gets no gradient, and the variable operand's gradient is still right.
    func testConstantOperand() {
        let c = Variable(Tensor.f64(Samples.positive(4), [1, 4]))
        assertGradientsInAllLayouts("x/c and c/x", inputs: [(Samples.positive(12, seed: 3), [3, 4])]) { v in
            v[0] / c + c / v[0] + v[0].pow(c) + c.pow(v[0])
        }
    }
}
