import Autograd
import Foundation
import Tensor
import TestSupport
import XCTest

/// Gradient checks of complex arithmetic on `ComplexVariable` (real pairs): a real loss of the result, checked with
/// respect to the real and imaginary parts of every operand, to first and second order.
final class ComplexGradientTests: XCTestCase {
    /// The real losses a complex result is checked through: |y|² plus a multiple of Re y, and Re y alone.
    private static func losses(_ y: ComplexVariable) -> [(String, Variable)] {
        [("|y|² + 0.3·Re y", y.absSquared() + y.real * 0.3), ("Re y − Im y", y.real - y.imaginary)]
    }

    /// Checks `op` of two complex operands with parts of the given shapes; w's parts are kept away from 0.
    private func check(
        _ name: String, _ zShape: [Int], _ wShape: [Int], file: StaticString = #filePath, line: UInt = #line,
        _ op: @escaping (ComplexVariable, ComplexVariable) -> ComplexVariable
    ) {
        let zc = zShape.reduce(1, *)
        let wc = wShape.reduce(1, *)
        let inputs = [
            Tensor.f64(Samples.distinct(zc, in: -1.2, 1.2, seed: 1), zShape),
            Tensor.f64(Samples.distinct(zc, in: -1.2, 1.2, seed: 2), zShape),
            Tensor.f64(Samples.awayFromZero(wc, magnitude: 1.4, seed: 3), wShape),
            Tensor.f64(Samples.awayFromZero(wc, magnitude: 1.4, seed: 4), wShape),
        ]
        for index in 0..<2 {
            assertGradients("\(name) \(zShape) with \(wShape), loss \(index)", at: inputs, file: file, line: line) {
                v in
                let z = ComplexVariable(real: v[0], imaginary: v[1])
                let w = ComplexVariable(real: v[2], imaginary: v[3])
                return Self.losses(op(z, w))[index].1
            }
        }
        // The same with the operands' parts as transposed / step-sliced views.
        let views = inputs.map { t in
            t.rank >= 2 ? t.transposed().copied().transposed() : layoutVariant("stepped", of: t)
        }
        assertGradients("\(name) \(zShape) with \(wShape) on views", at: views, file: file, line: line) { v in
            let z = ComplexVariable(real: v[0], imaginary: v[1])
            let w = ComplexVariable(real: v[2], imaginary: v[3])
            return Self.losses(op(z, w))[0].1
        }
    }

    private func checkUnary(
        _ name: String, file: StaticString = #filePath, line: UInt = #line,
        _ op: @escaping (ComplexVariable) -> ComplexVariable
    ) {
        check(name, [2, 3], [2, 3], file: file, line: line) { z, _ in op(z) }
    }

    func testAdd() {
        check("z + w", [2, 3], [2, 3]) { $0 + $1 }
        check("z + w broadcast", [2, 1], [1, 3]) { $0 + $1 }
    }
    func testSubtract() {
        check("z − w", [2, 3], [2, 3]) { $0 - $1 }
        check("z − w broadcast", [3], [2, 3]) { $0 - $1 }
    }
    func testMultiply() {
        check("z·w", [2, 3], [2, 3]) { $0 * $1 }
        check("z·w broadcast", [2, 1], [1, 3]) { $0 * $1 }
        check("z·z", [2, 3], [2, 3]) { z, _ in z * z }
    }
    func testDivide() {
        check("z/w", [2, 3], [2, 3]) { $0 / $1 }
        check("z/w broadcast", [2, 1], [3]) { $0 / $1 }
        check("1/w via w/w²", [2, 3], [2, 3]) { _, w in w / (w * w) }
    }
    func testRealScaling() {
        check("z·Re(w) and z·s", [2, 3], [2, 3]) { z, w in z * w.real + z * -1.5 }
        check("−z", [2, 3], [2, 3]) { z, w in -z + w }
    }
    func testConjugate() { check("z̄·w", [2, 3], [2, 3]) { $0.conjugate() * $1 } }
    func testExp() { checkUnary("exp z") { $0.exp() } }
    func testAbs() {
        check("|w| as real", [2, 3], [2, 3]) { _, w in ComplexVariable(real: w.abs()) }
        check("|z·w|·z", [2, 3], [2, 3]) { z, w in z * (z * w).abs() }
    }
    /// At 0, |z| and ‖x‖_p (p ∉ {1, 2, ∞} too) have gradient 0, not NaN.
    func testAbsAndNormGradientsAtZeroAreZero() {
        let re = Variable.leaf(Tensor.f64([0, 3, 0], [3]))
        let im = Variable.leaf(Tensor.f64([0, 4, 0], [3]))
        let g = gradients(of: ComplexVariable(real: re, imaginary: im).abs().sum(), wrt: [re, im])
        assertClose(
            g[0].value, Tensor.f64([0, 0.6, 0], [3]), relativeTolerance: 1e-10, absoluteTolerance: 1e-10, "∂|z|/∂Re z")
        assertClose(
            g[1].value, Tensor.f64([0, 0.8, 0], [3]), relativeTolerance: 1e-10, absoluteTolerance: 1e-10, "∂|z|/∂Im z")
        let x = Variable.leaf(Tensor.f64([0, 0, 1, 2], [2, 2]))
        for p in [1.5, 3, 4] {
            let gx = gradients(of: x.norm(p, axes: [1]).sum(), wrt: [x])[0].value.toDoubles()
            XCTAssertEqual(Array(gx[0..<2]), [0, 0], "‖0‖_\(p)")
            let n = Foundation.pow(1 + Foundation.pow(2, p), 1 / p)
            let expected = [1, Foundation.pow(2, p - 1)].map { $0 / Foundation.pow(n, p - 1) }
            XCTAssertEqual(gx[2], expected[0], accuracy: 1e-12, "p = \(p)")
            XCTAssertEqual(gx[3], expected[1], accuracy: 1e-12, "p = \(p)")
        }
    }

    func testMatmul() {
        check("z·w matmul [2, 3]·[3, 2]", [2, 3], [3, 2]) { $0.matmul($1) }
        check("z·w matmul [3]·[3, 2]", [3], [3, 2]) { $0.matmul($1) }
        check("z·w matmul batched [2, 1, 3]·[3, 2]", [2, 1, 3], [3, 2]) { $0.matmul($1) }
    }
    func testStructure() {
        check("sum and reshape", [2, 3], [3, 2]) { z, w in (z.reshaped([3, 2]) * w).sum(axes: [0]) }
        check("permute and unsqueeze", [2, 3], [3, 2]) { z, w in z.permuted([1, 0]).unsqueezed(axis: 0) * w }
    }

    /// Values and gradients against closed forms.
    func testClosedForms() {
        let a = [0.3, -0.7]
        let b = [1.1, -2.0]
        let re = Variable.leaf(Tensor.f64(a, [2]))
        let im = Variable.leaf(Tensor.f64(b, [2]))
        let z = ComplexVariable(real: re, imaginary: im)
        let e = z.exp()
        assertClose(
            e.real.value.toDoubles(), zip(a, b).map { Foundation.exp($0) * Foundation.cos($1) },
            relativeTolerance: 1e-10, absoluteTolerance: 1e-10, "Re exp z")
        assertClose(
            e.imaginary.value.toDoubles(), zip(a, b).map { Foundation.exp($0) * Foundation.sin($1) },
            relativeTolerance: 1e-10, absoluteTolerance: 1e-10, "Im exp z")
        // |exp z|² = e^{2a}: ∂/∂a = 2e^{2a}, ∂/∂b = 0.
        let g = gradients(of: e.absSquared().sum(), wrt: [re, im])
        assertClose(
            g[0].value.toDoubles(), a.map { 2 * Foundation.exp(2 * $0) }, relativeTolerance: 1e-10,
            absoluteTolerance: 1e-10, "∂|exp z|²/∂a")
        assertClose(g[1].value.toDoubles(), [0, 0], relativeTolerance: 1e-10, absoluteTolerance: 1e-10, "∂|exp z|²/∂b")
        // (a + ib)/(c + id)
        let w = ComplexVariable(
            real: Variable(Tensor.f64([2, 0.5], [2])), imaginary: Variable(Tensor.f64([-1, 3], [2])))
        let q = z / w
        let expected: [(Double, Double)] = (0..<2).map { i in
            let (c, d) = ([2.0, 0.5][i], [-1.0, 3][i])
            let n = c * c + d * d
            return ((a[i] * c + b[i] * d) / n, (b[i] * c - a[i] * d) / n)
        }
        assertClose(
            q.real.value.toDoubles(), expected.map(\.0), relativeTolerance: 1e-10, absoluteTolerance: 1e-10, "Re z/w")
        assertClose(
            q.imaginary.value.toDoubles(), expected.map(\.1), relativeTolerance: 1e-10, absoluteTolerance: 1e-10,
            "Im z/w")
    }
}
