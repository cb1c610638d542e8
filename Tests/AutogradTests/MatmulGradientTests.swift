import Autograd
import Tensor
import TestSupport
import XCTest

/// First- and second-order gradient checks of `matmul` in all its forms (vector·vector, matrix·vector,
/// vector·matrix, matrix·matrix, batched with broadcast batch axes), with operands given as transposed, sliced,
/// flipped and expanded views.
final class MatmulGradientTests: XCTestCase {
    private func check(_ a: [Int], _ b: [Int], file: StaticString = #filePath, line: UInt = #line) {
        let x = Samples.distinct(a.reduce(1, *), seed: 1)
        let y = Samples.distinct(b.reduce(1, *), seed: 2)
        assertGradientsInAllLayouts("matmul \(a) · \(b)", inputs: [(x, a), (y, b)], file: file, line: line) { v in
            v[0].matmul(v[1])
        }
        assertGradients("tanh(matmul) \(a) · \(b)", at: [Tensor.f64(x, a), Tensor.f64(y, b)], file: file, line: line) {
            v in
            v[0].matmul(v[1]).tanh()
        }
    }

    func testVectorDotVector() { check([4], [4]) }
    func testMatrixTimesVector() { check([3, 4], [4]) }
    func testVectorTimesMatrix() { check([4], [4, 3]) }
    func testMatrixTimesMatrix() { check([3, 4], [4, 2]) }
    func testOuterShapes() {
        check([1, 4], [4, 1])
        check([3, 1], [1, 2])
    }
    func testBatched() { check([2, 3, 4], [2, 4, 2]) }
    func testBatchedTimesMatrix() { check([2, 3, 4], [4, 2]) }
    func testMatrixTimesBatched() { check([3, 4], [2, 4, 2]) }
    func testBroadcastBatchAxes() {
        check([2, 1, 2, 3], [3, 3, 2])
        check([1, 2, 3], [2, 3, 2])
    }
    func testVectorTimesBatched() { check([3], [2, 3, 2]) }
    func testBatchedTimesVector() { check([2, 2, 3], [3]) }

    /// Operands that are views of other matrices, built as the matmul of transposed leaves and of expanded ones.
    func testTransposedAndExpandedOperands() {
        let a = Tensor.f64(Samples.distinct(12, seed: 3), [4, 3]).transposed()  // [3, 4], column-major
        let b = Tensor.f64(Samples.distinct(8, seed: 4), [2, 4]).transposed()  // [4, 2], column-major
        assertGradients("matmul of transposed views", at: [a, b]) { v in v[0].matmul(v[1]) }
        assertGradients("matmul of transposed variables", at: [Tensor.f64(Samples.distinct(12), [4, 3])]) { v in
            v[0].transposed().matmul(v[0]).sin()
        }
        let rows = Tensor.f64(Samples.distinct(4, seed: 5), [1, 4]).expanded(to: [3, 4])
        let columns = Tensor.f64(Samples.distinct(4, seed: 6), [4, 1]).expanded(to: [4, 2])
        assertGradients("matmul of expanded views", at: [rows, columns]) { v in v[0].matmul(v[1]) }
        let batch = Tensor.f64(Samples.distinct(12, seed: 7), [1, 3, 4]).expanded(to: [2, 3, 4])
        assertGradients("matmul with an expanded batch", at: [batch, Tensor.f64(Samples.distinct(8), [2, 4, 1])]) { v in
            v[0].matmul(v[1])
        }
        let vector = Tensor.f64([0.7], [1]).expanded(to: [4])
        assertGradients("matmul with an expanded vector", at: [Tensor.f64(Samples.distinct(12), [3, 4]), vector]) { v in
            v[0].matmul(v[1])
        }
    }

    /// The products against explicit sums (the values the gradients are built on).
    func testValuesAgainstNaiveProducts() {
        let a = Tensor.f64(Samples.distinct(24, seed: 8), [2, 3, 4])
        let b = Tensor.f64(Samples.distinct(8, seed: 9), [4, 2])
        let y = Variable(a.permuted([0, 2, 1]).copied().permuted([0, 2, 1])).matmul(Variable(b.flipped(axes: [0])))
            .value
        var expected = [Double]()
        for batch in 0..<2 {
            for i in 0..<3 {
                for j in 0..<2 {
                    var s = 0.0
                    for k in 0..<4 { s += a.element(at: [batch, i, k]) * b.element(at: [3 - k, j]) }
                    expected.append(s)
                }
            }
        }
        assertClose(
            y, Tensor.f64(expected, [2, 3, 2]), relativeTolerance: 1e-10, absoluteTolerance: 1e-10,
            "batched matmul of views")
    }
}
