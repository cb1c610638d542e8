import Autograd
import Layers
import Tensor
import TestSupport
import XCTest

final class InterfaceConditionTests: XCTestCase {
    private func traces(_ u: [Double], _ du: [Double], _ r: [Double]) -> InterfaceTraces {
        InterfaceTraces(
            value: Variable(Tensor.f64(u, [u.count, 1])), normalDerivative: Variable(Tensor.f64(du, [du.count, 1])),
            residual: Variable(Tensor.f64(r, [r.count, 1])))
    }

    /// Each penalty is the mean square of its mismatch; the average-value condition is half the value one (for two
    /// sides); a set sums its members and the empty set is zero.
    func testPenaltiesMeasureTheirMismatch() {
        let a = traces([1, 2], [0.5, -1], [3, 0])
        let b = traces([0, 2], [0.5, 1], [1, 1])
        XCTAssertEqual(InterfaceCondition.value.penalty(a, b).item(), 0.5, accuracy: 1e-15)
        XCTAssertEqual(InterfaceCondition.flux.penalty(a, b).item(), 2, accuracy: 1e-15)
        XCTAssertEqual(InterfaceCondition.residual.penalty(a, b).item(), 2.5, accuracy: 1e-15)
        XCTAssertEqual(InterfaceCondition.averageValue.penalty(a, b).item(), 0.25, accuracy: 1e-15)
        XCTAssertEqual(InterfaceCondition.penalty([.value, .residual], a, b).item(), 3, accuracy: 1e-15)
        XCTAssertEqual(InterfaceCondition.penalty([], a, b).item(), 0)
        for condition in InterfaceCondition.allCases {
            XCTAssertEqual(condition.penalty(a, a).item(), 0, "\(condition)")
        }
    }

    func testMismatchedTracesStop() {
        expectFatalError(containing: "InterfaceTraces: value [2, 1], normal derivative [3, 1]") {
            _ = InterfaceTraces(
                value: Variable(Tensor.zeros([2, 1], dtype: .float64)),
                normalDerivative: Variable(Tensor.zeros([3, 1], dtype: .float64)),
                residual: Variable(Tensor.zeros([2, 1], dtype: .float64)))
        }
    }
}
