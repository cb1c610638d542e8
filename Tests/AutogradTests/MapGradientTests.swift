import Autograd
import RealModule
import Tensor
import TestSupport
import XCTest

/// `Variable.map`: values equal to the composed eager ops, gradients of orders 1–3 against central differences on
/// every layout, and f‴ from `Derivative<Derivative<Derivative<F>>>` against differences of f″.
final class MapGradientTests: XCTestCase {
    /// tanh(x)·x + 1, the function of the `elem.tanhmul` benchmark.
    struct TanhTimesX: ElementwiseFunction {
        func callAsFunction<T: Real & ExpressibleByFloatLiteral>(_ x: T) -> T { T.tanh(x) * x + 1 }
    }

    struct Case {
        let name: String
        let function: any ElementwiseFunction
        let eager: (Variable) -> Variable
    }

    static var cases: [Case] {
        [
            Case(
                name: "GELU (erf)", function: ErfGELU(), eager: { x in ((x * 0.7071067811865476).erf() + 1) * x * 0.5 }),
            Case(
                name: "GELU (tanh)", function: TanhGELU(),
                eager: { x in (((x + x * x * x * 0.044715) * 0.7978845608028654).tanh() + 1) * x * 0.5 }),
            Case(name: "softplus", function: Softplus(), eager: { x in x.softplus() }),
            Case(name: "SiLU", function: SiLU(), eager: { x in x * x.sigmoid() }),
            Case(name: "tanh·x + 1", function: TanhTimesX(), eager: { x in x.tanh() * x + 1 }),
        ]
    }

    static func mapped(_ x: Variable, _ f: any ElementwiseFunction) -> Variable {
        func open<F: ElementwiseFunction>(_ f: F) -> Variable { x.map(f) }
        return open(f)
    }

    static func mapped(_ x: Tensor, _ f: any ElementwiseFunction, order: Int) -> Tensor {
        func open<F: ElementwiseFunction>(_ f: F) -> Tensor {
            switch order {
            case 0: x.map(f)
            case 1: x.map(Derivative(f))
            case 2: x.map(Derivative(Derivative(f)))
            default: x.map(Derivative(Derivative(Derivative(f))))
            }
        }
        return open(f)
    }

    func testValuesEqualTheComposedEagerOps() {
        let values = Samples.distinct(40, in: -6, 6)
        for c in Self.cases {
            for dtype in [DType.float64, .float32] {
                let x = Variable(Tensor(values, shape: [4, 10], dtype: dtype))
                let tolerance = dtype == .float64 ? 1e-14 : 2e-6
                assertClose(
                    Self.mapped(x, c.function).value, c.eager(x).value, relativeTolerance: tolerance,
                    absoluteTolerance: tolerance, "\(c.name) \(dtype)")
            }
        }
    }

    func testGradientsOfFirstAndSecondOrderInAllLayouts() {
        for c in Self.cases {
            assertGradientsInAllLayouts(c.name, inputs: [(Samples.distinct(12, in: -3, 3), [3, 4])]) { v in
                Self.mapped(v[0], c.function)
            }
        }
    }

    func testThirdOrderGradients() {
        for c in Self.cases {
            assertGradients("\(c.name) order 3", at: [Tensor.f64(Samples.distinct(5, in: -2, 2), [5])], orders: [3]) {
                v in Self.mapped(v[0], c.function)
            }
        }
    }

    func testGradientsEqualTheEagerOnes() {
        let x = Variable.leaf(Tensor(Samples.distinct(24, in: -4, 4), shape: [2, 12], dtype: .float64))
        for c in Self.cases {
            let viaMap = gradients(of: Self.mapped(x, c.function).sum(), wrt: [x])[0]
            let eager = gradients(of: c.eager(x).sum(), wrt: [x])[0]
            assertClose(viaMap.value, eager.value, relativeTolerance: 1e-13, absoluteTolerance: 1e-14, c.name)
        }
    }

    func testThirdDerivativeMatchesDifferencesOfTheSecond() {
        let h = 1e-3
        let x = Tensor.f64(Samples.distinct(8, in: -2.5, 2.5), [8])
        for c in Self.cases {
            let third = Self.mapped(x, c.function, order: 3)
            let second = { (shift: Double) in Self.mapped(x + shift, c.function, order: 2) }
            let difference = ((second(-2 * h) - second(2 * h)) + (second(h) - second(-h)) * 8) / (12 * h)
            assertClose(third, difference, relativeTolerance: 1e-7, absoluteTolerance: 1e-8, "\(c.name)‴")
        }
    }
}
