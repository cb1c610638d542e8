import Autograd
import Layers
import Tensor
import TestSupport
import XCTest

/// Dropout: rate and scaling in training, identity in evaluation, reproducible masks, gradients.
final class DropoutTests: XCTestCase {
    func testTrainingZeroesAboutPAndScalesTheRest() {
        let p = 0.3
        let n = 200_000
        let dropout = Dropout(probability: p, seed: 11)
        let y = dropout(Variable(Tensor.ones([n]))).value.toDoubles()
        let zeros = Double(y.filter { $0 == 0 }.count) / Double(n)
        // Binomial standard deviation √(p(1 − p)/n) ≈ 0.001; allow 5 of them.
        XCTAssertEqual(zeros, p, accuracy: 5 * (p * (1 - p) / Double(n)).squareRoot())
        XCTAssert(y.allSatisfy { $0 == 0 || Swift.abs($0 - 1 / (1 - p)) < 1e-6 })
        XCTAssertEqual(y.reduce(0, +) / Double(n), 1, accuracy: 0.01, "inverted scaling keeps the mean")
    }

    func testEvaluationIsTheIdentityAndMasksAreReproducible() {
        let x = Variable(LayerTesting.values([3, 40], seed: 1, dtype: .float32))
        let first = Dropout(probability: 0.5, seed: 7)
        let second = Dropout(probability: 0.5, seed: 7)
        let a = first(x).value.toDoubles()
        XCTAssertEqual(a, second(x).value.toDoubles(), "same seed, same mask")
        XCTAssertNotEqual(a, first(x).value.toDoubles(), "each call draws a fresh mask")
        first.eval()
        XCTAssertEqual(first(x).value.toDoubles(), x.value.toDoubles())
        XCTAssertEqual(Dropout(probability: 1)(x).value.toDoubles(), [Double](repeating: 0, count: 120))
        XCTAssertEqual(Dropout(probability: 0)(x).value.toDoubles(), x.value.toDoubles())
    }

    func testGradientIsTheScaledMask() {
        // A fresh layer per evaluation replays the same mask, so finite differences see one function.
        let x = layoutVariant("permuted", of: LayerTesting.values([4, 6], seed: 2))
        assertGradients(at: [x], orders: [1, 2]) { v in Dropout(probability: 0.4, seed: 5)(v[0]).square() }
        let input = Variable.leaf(x)
        let y = Dropout(probability: 0.4, seed: 5)(input)
        let g = gradients(of: y.sum(), wrt: [input])[0].value.toDoubles()
        for (gradient, (output, value)) in zip(g, zip(y.value.toDoubles(), x.toDoubles())) {
            XCTAssertEqual(gradient, output == 0 ? 0 : output / value, accuracy: 1e-12)
        }
    }
}
