import Autograd
import Tensor
import TestSupport
import XCTest

/// Gradient checks (first and second order) of concatenate, stack, split, pad, gather, scatter-add,
/// index-select, repeat and the triangles, on contiguous and strided inputs.
final class StructureGradientTests: XCTestCase {
    private func values(_ shape: [Int], seed: Double) -> Tensor {
        let n = shape.reduce(1, *)
        return Tensor((0..<n).map { Foundation.sin(Double($0) * 0.7 + seed) }, shape: shape)
    }

    private func assertPasses(
        _ inputs: [Tensor], file: StaticString = #filePath, line: UInt = #line,
        _ f: @escaping ([Variable]) -> Variable
    ) {
        for order in [1, 2] {
            let result = checkGradients(at: inputs, order: order) { v in f(v).square() }
            XCTAssert(result.passed, "\(result)", file: file, line: line)
        }
    }

    func testConcatenateStackSplit() {
        let a = values([2, 3], seed: 0)
        let b = values([3, 2], seed: 1).transposed()
        assertPasses([a, b]) { v in Variable.concatenated([v[0], v[1], v[0]], axis: 1) }
        assertPasses([a, b]) { v in Variable.stacked([v[0], v[1]], axis: 1) }
        assertPasses([values([4, 3], seed: 2)]) { v in
            let parts = v[0].split(sizes: [1, 3], axis: 0)
            return parts[1] * parts[0]
        }
    }

    func testPad() {
        assertPasses([values([2, 3], seed: 3).sliced(axis: 1, start: 0, step: 2)]) { v in
            v[0].padded([(before: 1, after: 2), (before: 0, after: 1)], value: 0.5)
        }
    }

    func testGatherScatterIndexSelect() {
        let indices = Tensor([Int64(2), 0, 1, 1, 2, 0], shape: [2, 3])
        assertPasses([values([2, 3], seed: 4)]) { v in v[0].gathered(axis: 1, indices: indices) }
        assertPasses([values([2, 3], seed: 5), values([2, 3], seed: 6)]) { v in
            v[0].scatterAdded(axis: 1, indices: indices, source: v[1])
        }
        assertPasses([values([3, 4], seed: 7)]) { v in v[0].indexSelected(axis: 1, indices: Tensor([Int64(3), 0, 3])) }
    }

    func testRepeatAndTriangles() {
        assertPasses([values([2, 3], seed: 8)]) { v in v[0].repeated([2, 1, 2]) }
        assertPasses([values([3, 3], seed: 9)]) { v in v[0].lowerTriangle() + v[0].upperTriangle(offset: 1) }
    }

    func testForwardValuesMatchTensorOps() {
        let a = values([2, 3], seed: 10)
        let v = Variable(a)
        XCTAssert(v.repeated([2, 2]).value.allClose(a.repeated([2, 2])))
        XCTAssert(v.padded([(before: 1, after: 0)]).value.allClose(a.padded([(before: 1, after: 0)])))
        XCTAssert(Variable.stacked([v, v], axis: 2).value.allClose(Tensor.stacked([a, a], axis: 2)))
    }
}
