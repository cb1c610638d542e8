import Autograd
import Tensor
import TestSupport
import XCTest

/// `detectingAnomalies` stops at the first op whose forward result or backward gradient is NaN or ∞, naming it
/// and its shapes; outside it, non-finite values pass silently as before.
final class AnomalyDetectionTests: XCTestCase {
    func testTheForwardPassStopsAtTheOpThatProducedNaN() {
        expectFatalError(containing: "anomaly: the forward pass of 'log' produced NaN or ∞: result [2, 2] float64") {
            let x = Variable.leaf(Tensor([1.0, 3, 0.5, 4], shape: [2, 2]))
            detectingAnomalies {
                let y = (x - 2).log()  // log of −1 and −1.5
                _ = (y * 2).sum()
            }
        }
    }

    func testTheBackwardPassStopsAtTheRuleThatReturnedInfinity() {
        expectFatalError(
            containing: "anomaly: the backward pass of 'sqrt' returned NaN or ∞ as the gradient of input 0 [3]"
        ) {
            let x = Variable.leaf(Tensor([0.0, 1, 4]))
            detectingAnomalies {
                x.sqrt().sum().backward()  // √ is finite at 0, its derivative is not
            }
        }
    }

    func testOutsideTheScopeNothingIsChecked() {
        let x = Variable.leaf(Tensor([0.0, 1, 4]))
        x.sqrt().sum().backward()
        XCTAssertTrue(x.gradient!.toDoubles()[0].isInfinite)
        let finite = Variable.leaf(Tensor([1.0, 4]))
        let value = detectingAnomalies { finite.sqrt().sum() }
        XCTAssertEqual(value.item(), 3)
    }
}
