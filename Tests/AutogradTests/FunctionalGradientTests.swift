import Autograd
import Tensor
import TestSupport
import XCTest

/// The function transformations of `Derivatives` against each other, against the Jacobian and against closed forms.
final class FunctionalGradientTests: XCTestCase {
    private let x = Tensor.f64([0.4, -0.8, 1.3, 0.2, -1.1, 0.7], [2, 3])
    /// f: [2, 3] → [3, 2], nonlinear and mixing elements.
    private static func f(_ x: Variable) -> Variable {
        let w = Variable(Tensor.f64([0.5, -1.2, 0.3, 0.8, 1.1, -0.4], [3, 2]))
        return (x.transposed() * x.sum(axes: [1])).tanh() + x.transposed().matmul(x).matmul(w).sin()
    }

    private static func dot(_ a: Tensor, _ b: Tensor) -> Double { (a * b).sum().item() }

    func testJacobianMatchesFiniteDifferences() {
        let j = Derivatives.jacobian(at: x, of: Self.f)
        XCTAssertEqual(j.shape, [3, 2, 2, 3])
        let h = 1e-6
        let jFlat = j.reshaped([6, 6])
        for e in 0..<6 {
            var basis = [Double](repeating: 0, count: 6)
            basis[e] = h
            let dx = Tensor.f64(basis, [2, 3])
            let column = (Self.f(Variable(x + dx)).value - Self.f(Variable(x - dx)).value) / (2 * h)
            let analytic = jFlat.sliced(axis: 1, start: e, end: e + 1).reshaped([3, 2])
            assertClose(analytic, column, relativeTolerance: 1e-8, absoluteTolerance: 1e-8, "Jacobian column \(e)")
        }
    }

    func testJvpMatchesJacobianTimesTangent() {
        let t = Tensor.f64([0.3, 1.0, -0.5, 0.25, -0.7, 0.9], [2, 3])
        let (value, product) = Derivatives.jvp(at: [x], tangents: [t]) { v in Self.f(v[0]) }
        assertClose(value, Self.f(Variable(x)).value, relativeTolerance: 1e-10, absoluteTolerance: 1e-10, "jvp value")
        let j = Derivatives.jacobian(at: x, of: Self.f).reshaped([6, 6])
        assertClose(
            product, j.matmul(t.reshaped([6])).reshaped([3, 2]), relativeTolerance: 1e-10, absoluteTolerance: 1e-10,
            "J·t")
    }

    func testJvpOfSeveralInputs() {
        let y = Tensor.f64([0.9, -0.3, 0.5], [3])
        let t0 = Tensor.f64([1, 0, -1, 0.5, 0.5, 2], [2, 3])
        let t1 = Tensor.f64([0.2, -0.4, 1], [3])
        let g: ([Variable]) -> Variable = { v in (v[0] * v[1]).exp().sum(axes: [0]) * v[1] }
        let (_, product) = Derivatives.jvp(at: [x, y], tangents: [t0, t1], of: g)
        let j0 = Derivatives.jacobian(at: x) { g([$0, Variable(y)]) }.reshaped([3, 6])
        let j1 = Derivatives.jacobian(at: y) { g([Variable(x), $0]) }
        assertClose(
            product, j0.matmul(t0.reshaped([6])) + j1.matmul(t1), relativeTolerance: 1e-10, absoluteTolerance: 1e-10,
            "J₀·t₀ + J₁·t₁")
        // A linear function, and a function of the identity.
        assertClose(
            Derivatives.jvp(at: [y], tangents: [t1]) { v in v[0] * 3.0 }.product, t1 * 3.0, relativeTolerance: 1e-10,
            absoluteTolerance: 1e-10, "jvp of 3x")
        assertClose(
            Derivatives.jvp(at: [y], tangents: [t1]) { v in v[0] }.product, t1, relativeTolerance: 1e-10,
            absoluteTolerance: 1e-10, "jvp of the identity")
    }

    func testVjpMatchesCotangentTimesJacobian() {
        let c = Tensor.f64([1, -2, 0.5, 0.3, -0.1, 0.8], [3, 2])
        let (value, products) = Derivatives.vjp(at: [x], cotangent: c) { v in Self.f(v[0]) }
        assertClose(value, Self.f(Variable(x)).value, relativeTolerance: 1e-10, absoluteTolerance: 1e-10, "vjp value")
        let j = Derivatives.jacobian(at: x, of: Self.f).reshaped([6, 6])
        assertClose(
            products[0], c.reshaped([1, 6]).matmul(j).reshaped([2, 3]), relativeTolerance: 1e-10,
            absoluteTolerance: 1e-10, "cᵀ·J")
    }

    func testTransformsOfFunctionsThatIgnoreTheirInput() {
        let y = Tensor.f64([0.9, -0.3, 0.5], [3])
        let constant = Variable(Tensor.f64([1, 2, 3], [3]))
        assertClose(
            Derivatives.jvp(at: [y], tangents: [y]) { _ in constant }.product, Tensor.zeros([3], dtype: .float64),
            relativeTolerance: 1e-10, absoluteTolerance: 1e-10, "jvp of a constant")
        assertClose(
            Derivatives.vjp(at: [y], cotangent: y) { _ in constant }.products[0], Tensor.zeros([3], dtype: .float64),
            relativeTolerance: 1e-10, absoluteTolerance: 1e-10, "vjp of a constant")
        assertClose(
            Derivatives.hessianVectorProduct(at: y, vector: y) { x in (x * 2.0).sum() },
            Tensor.zeros([3], dtype: .float64), relativeTolerance: 1e-10, absoluteTolerance: 1e-10,
            "H·v of a linear function")
        assertClose(
            Derivatives.jacobian(at: y) { _ in constant }, Tensor.zeros([3, 3], dtype: .float64),
            relativeTolerance: 1e-10, absoluteTolerance: 1e-10, "Jacobian of a constant")
    }

    func testVjpAndJvpAreAdjoint() {
        let c = Tensor.f64([0.2, -1, 0.7, 0.1, 0.4, -0.6], [3, 2])
        let t = Tensor.f64([-0.3, 0.8, 0.5, -1.2, 0.6, 0.05], [2, 3])
        let vjp = Derivatives.vjp(at: [x], cotangent: c) { v in Self.f(v[0]) }.products[0]
        let jvp = Derivatives.jvp(at: [x], tangents: [t]) { v in Self.f(v[0]) }.product
        XCTAssertEqual(Self.dot(vjp, t), Self.dot(c, jvp), accuracy: 1e-12)
    }

    func testHessianMatchesClosedForm() {
        // g(x) = Σ sin(xᵢ)·xᵢ²: diagonal Hessian, ∂²g/∂xᵢ² = (2 − xᵢ²) sin xᵢ + 4xᵢ cos xᵢ.
        let point = Tensor.f64([0.4, -0.8, 1.3, 2.1], [4])
        let hessian = Derivatives.hessian(at: point) { x in (x.sin() * x.square()).sum() }
        XCTAssertEqual(hessian.shape, [4, 4])
        let v = point.toDoubles()
        var expected = [Double](repeating: 0, count: 16)
        for i in 0..<4 { expected[i * 5] = (2 - v[i] * v[i]) * Foundation.sin(v[i]) + 4 * v[i] * Foundation.cos(v[i]) }
        assertClose(
            hessian, Tensor.f64(expected, [4, 4]), relativeTolerance: 1e-10, absoluteTolerance: 1e-10,
            "Hessian of Σ sin(x)·x²")
    }

    func testHessianOfACoupledFunction() {
        // g(x) = (Σx)³ + xᵀAx: H = 6(Σx)·𝟙𝟙ᵀ + A + Aᵀ.
        let a = Tensor.f64([1, 2, 0, -1, 3, 0.5, 0.25, 0, -2], [3, 3])
        let point = Tensor.f64([0.3, -0.5, 0.9], [3])
        let hessian = Derivatives.hessian(at: point) { x in
            x.sum().pow(3) + (x.matmul(Variable(a)) * x).sum()
        }
        let s = point.sum().item()
        assertClose(
            hessian, Tensor.full([3, 3], value: 6 * s, dtype: .float64) + a + a.transposed(), relativeTolerance: 1e-10,
            absoluteTolerance: 1e-10, "Hessian")
        // A linear function has a zero Hessian.
        assertClose(
            Derivatives.hessian(at: point) { x in (x * 2.0).sum() }, Tensor.zeros([3, 3], dtype: .float64),
            relativeTolerance: 1e-10, absoluteTolerance: 1e-10, "linear")
    }

    func testHessianVectorProductMatchesHessianTimesVector() {
        let g: (Variable) -> Variable = { x in (x.sin() * x.square()).sum() + x.matmul(x.flipped(axes: [0])).exp() }
        let point = Tensor.f64([0.4, -0.8, 1.3, 0.2], [4])
        let v = Tensor.f64([1, -0.5, 0.25, 2], [4])
        let hessian = Derivatives.hessian(at: point, of: g)
        assertClose(
            Derivatives.hessianVectorProduct(at: point, vector: v, of: g), hessian.matmul(v), relativeTolerance: 1e-10,
            absoluteTolerance: 1e-10, "H·v")
        // On a matrix input.
        let m = Tensor.f64(Samples.distinct(6), [2, 3])
        let mv = Tensor.f64(Samples.distinct(6, seed: 3), [2, 3])
        let gm: (Variable) -> Variable = { x in x.matmul(x.transposed()).tanh().sum() }
        let hm = Derivatives.hessian(at: m, of: gm).reshaped([6, 6])
        assertClose(
            Derivatives.hessianVectorProduct(at: m, vector: mv, of: gm), hm.matmul(mv.reshaped([6])).reshaped([2, 3]),
            relativeTolerance: 1e-10, absoluteTolerance: 1e-10, "H·v on a matrix")
    }

    func testValueWithGradient() {
        let a = Tensor.f64([0.5, 1.5, -0.25], [3])
        let b = Tensor.f64([2, -1, 0.5], [3])
        let (value, grads) = Derivatives.valueWithGradient(at: [a, b]) { v in (v[0] * v[1]).sum() + v[0].square().sum()
        }
        let av = a.toDoubles()
        let bv = b.toDoubles()
        XCTAssertEqual(value.item(), zip(av, bv).map { $0 * $1 + $0 * $0 }.reduce(0, +), accuracy: 1e-12)
        assertClose(
            grads[0].toDoubles(), zip(av, bv).map { $1 + 2 * $0 }, relativeTolerance: 1e-10, absoluteTolerance: 1e-10,
            "∂/∂a")
        assertClose(grads[1].toDoubles(), av, relativeTolerance: 1e-10, absoluteTolerance: 1e-10, "∂/∂b")
    }

    func testPerSampleGradientsMatchOneByOne() {
        let w = Tensor.f64(Samples.distinct(6), [3, 2])
        let bias = Tensor.f64([0.1, -0.2], [2])
        let batch = Tensor.f64(Samples.distinct(12, in: -2, 2, seed: 4), [4, 3])
        let loss: ([Variable], Tensor) -> Variable = { p, sample in
            (Variable(sample).matmul(p[0]) + p[1]).tanh().square().sum()
        }
        let perSample = Derivatives.perSampleGradients(parameters: [w, bias], batch: batch, of: loss)
        XCTAssertEqual(perSample.map(\.shape), [[4, 3, 2], [4, 2]])
        for i in 0..<4 {
            let sample = batch.narrowed(axis: 0, start: i, length: 1).copied()
            let single = Derivatives.valueWithGradient(at: [w, bias]) { p in loss(p, sample) }.gradients
            assertClose(
                perSample[0].selected(axis: 0, index: i), single[0], relativeTolerance: 1e-10, absoluteTolerance: 1e-10,
                "∂/∂w of sample \(i)")
            assertClose(
                perSample[1].selected(axis: 0, index: i), single[1], relativeTolerance: 1e-10, absoluteTolerance: 1e-10,
                "∂/∂bias of sample \(i)")
        }
        // The per-sample gradients sum to the gradient of the summed loss.
        let total = Derivatives.valueWithGradient(at: [w, bias]) { p in loss(p, batch) }.gradients
        assertClose(
            perSample[0].sum(axes: [0]), total[0], relativeTolerance: 1e-10, absoluteTolerance: 1e-10,
            "Σ per-sample ∂/∂w")
        assertClose(
            perSample[1].sum(axes: [0]), total[1], relativeTolerance: 1e-10, absoluteTolerance: 1e-10,
            "Σ per-sample ∂/∂bias")
    }
}
