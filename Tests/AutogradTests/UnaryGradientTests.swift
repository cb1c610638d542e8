import Autograd
import Tensor
import TestSupport
import XCTest

/// First- and second-order gradient checks of every elementwise unary primitive, on contiguous inputs and on
/// permuted, step-sliced, flipped and transposed-sliced views, and on a broadcast (stride-0) input.
final class UnaryGradientTests: XCTestCase {
    private let shape = [3, 4]

    /// Checks `op` on a [3, 4] input drawn from `values` in every layout, and on a [1, 4] row expanded to [3, 4].
    private func check(
        _ name: String, _ values: (Int, UInt64) -> [Double], file: StaticString = #filePath, line: UInt = #line,
        _ op: @escaping (Variable) -> Variable
    ) {
        assertGradientsInAllLayouts(name, inputs: [(values(12, 3), shape)], file: file, line: line) { v in op(v[0]) }
        let row = Tensor.f64(values(4, 5), [1, 4]).expanded(to: shape)
        assertGradients("\(name) [expanded]", at: [row], file: file, line: line) { v in op(v[0]) }
    }

    private let anywhere: (Int, UInt64) -> [Double] = { Samples.distinct($0, in: -1.5, 1.5, seed: $1) }
    private let nonzero: (Int, UInt64) -> [Double] = { Samples.awayFromZero($0, seed: $1) }
    private let positive: (Int, UInt64) -> [Double] = { Samples.positive($0, seed: $1) }

    func testNegate() { check("negate", anywhere) { -$0 } }
    func testAbs() { check("abs", nonzero) { $0.abs() } }
    func testExp() { check("exp", anywhere) { $0.exp() } }
    func testExpm1() { check("expm1", anywhere) { $0.expm1() } }
    func testLog() { check("log", positive) { $0.log() } }
    func testLog1p() { check("log1p", anywhere) { ($0 * 0.5).log1p() } }
    func testSqrt() { check("sqrt", positive) { $0.sqrt() } }
    func testRsqrt() { check("rsqrt", positive) { $0.rsqrt() } }
    func testSquare() { check("square", anywhere) { $0.square() } }
    func testReciprocal() { check("reciprocal", positive) { $0.reciprocal() } }
    func testSin() { check("sin", anywhere) { $0.sin() } }
    func testCos() { check("cos", anywhere) { $0.cos() } }
    func testTanh() { check("tanh", anywhere) { $0.tanh() } }
    func testSigmoid() { check("sigmoid", anywhere) { $0.sigmoid() } }
    func testSoftplus() { check("softplus", anywhere) { ($0 * 3).softplus() } }
    func testRelu() { check("relu", nonzero) { $0.relu() } }
    func testErf() { check("erf", anywhere) { $0.erf() } }
    func testGeluExact() { check("gelu", anywhere) { ($0 * 2).gelu() } }
    func testGeluTanh() { check("gelu(tanh)", anywhere) { ($0 * 2).gelu(approximate: true) } }

    func testPowerWithConstantExponent() {
        for p in [2.0, 3.0, 0.5, 1.5, -1.5, -1.0] {
            check("pow(\(p))", positive) { $0.pow(p) }
        }
        check("pow(3) of negatives", anywhere) { $0.pow(3) }
    }

    func testPiecewiseConstantFunctionsHaveZeroGradient() {
        let x = Variable.leaf(Tensor.f64(Samples.distinct(12, in: -2.3, 2.3), shape))
        for (name, y) in [("sign", x.sign()), ("floor", x.floor()), ("ceil", x.ceil()), ("rounded", x.rounded())] {
            XCTAssertFalse(y.requiresGradient, name)
            let g = gradients(of: (y * x).sum(), wrt: [x])[0]
            assertClose(
                g.value, y.value, relativeTolerance: 1e-10, absoluteTolerance: 1e-10, "\(name): ∂(f(x)·x)/∂x = f(x)")
        }
        let betweenIntegers: (Int, UInt64) -> [Double] = { n, s in Samples.distinct(n, in: 0.1, 0.9, seed: s) }
        check("floor (away from integers)", betweenIntegers) { $0.floor() * $0 }
    }

    /// The derivatives against closed forms at a few points (guards against a rule and its check sharing a mistake).
    func testClosedForms() {
        let points = [-1.3, -0.2, 0.4, 1.7]
        let x = Tensor.f64(points, [4])
        func derivative(_ f: (Variable) -> Variable) -> [Double] {
            let leaf = Variable.leaf(x)
            return gradients(of: f(leaf).sum(), wrt: [leaf])[0].value.toDoubles()
        }
        func sech2(_ t: Double) -> Double { 1 / (Foundation.cosh(t) * Foundation.cosh(t)) }
        assertClose(
            derivative { $0.tanh() }, points.map(sech2), relativeTolerance: 1e-10, absoluteTolerance: 1e-10, "tanh")
        assertClose(
            derivative { $0.erf() }, points.map { 2 / Double.pi.squareRoot() * Foundation.exp(-$0 * $0) },
            relativeTolerance: 1e-10, absoluteTolerance: 1e-10, "erf")
        let sigmoid = { (t: Double) in 1 / (1 + Foundation.exp(-t)) }
        assertClose(
            derivative { $0.softplus() }, points.map(sigmoid), relativeTolerance: 1e-10, absoluteTolerance: 1e-10,
            "softplus")
        assertClose(
            derivative { $0.sigmoid() }, points.map { sigmoid($0) * (1 - sigmoid($0)) }, relativeTolerance: 1e-10,
            absoluteTolerance: 1e-10, "sigmoid")
        let phi = { (t: Double) in Foundation.exp(-t * t / 2) / (2 * Double.pi).squareRoot() }
        let cdf = { (t: Double) in 0.5 * (1 + Foundation.erf(t / 2.0.squareRoot())) }
        assertClose(
            derivative { $0.gelu() }, points.map { cdf($0) + $0 * phi($0) }, relativeTolerance: 1e-10,
            absoluteTolerance: 1e-10, "gelu")
    }
}
