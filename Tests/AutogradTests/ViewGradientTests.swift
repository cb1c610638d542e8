import Autograd
import Tensor
import TestSupport
import XCTest

/// First- and second-order gradient checks of the view ops, each followed by a nonlinearity so that second
/// derivatives are not trivially zero, on contiguous inputs and views.
final class ViewGradientTests: XCTestCase {
    private let values = Samples.distinct(24, in: -1.5, 1.5)
    private let shape = [2, 3, 4]

    private func check(
        _ name: String, shape: [Int]? = nil, file: StaticString = #filePath, line: UInt = #line,
        _ view: @escaping (Variable) -> Variable
    ) {
        let s = shape ?? self.shape
        let n = s.reduce(1, *)
        assertGradientsInAllLayouts(name, inputs: [(Array(values.prefix(n)), s)], file: file, line: line) { v in
            let y = view(v[0])
            return y * y.sin()
        }
    }

    func testReshape() {
        check("reshaped [6, 4]") { $0.reshaped([6, 4]) }
        check("reshaped [4, -1]") { $0.reshaped([4, -1]) }
        check("reshaped [24]") { $0.reshaped([24]) }
        check("flattened") { $0.flattened() }
        check("reshaped [2, 12] of a permutation (copy)") { $0.permuted([2, 0, 1]).reshaped([2, 12]) }
        check("reshaped [2, 3, 4] (no-op)") { $0.reshaped([2, 3, 4]) }
        check("reshaped to rank 0", shape: [1, 1]) { $0.reshaped([]) }
    }

    func testPermuteAndTranspose() {
        check("permuted [2, 0, 1]") { $0.permuted([2, 0, 1]) }
        check("permuted [-1, 0, -2]") { $0.permuted([-1, 0, -2]) }
        check("transposed") { $0.transposed() }
        check("transposed(0, 2)") { $0.transposed(0, 2) }
        check("transposed of a vector", shape: [5]) { $0.transposed() }
    }

    func testFlip() {
        check("flipped [0]") { $0.flipped(axes: [0]) }
        check("flipped [1, -1]") { $0.flipped(axes: [1, -1]) }
        check("flipped twice") { $0.flipped(axes: [2]).flipped(axes: [0, 2]) }
    }

    func testSqueezeAndUnsqueeze() {
        check("unsqueezed(0)") { $0.unsqueezed(axis: 0) }
        check("unsqueezed(3)") { $0.unsqueezed(axis: 3) }
        check("unsqueezed(-2)") { $0.unsqueezed(axis: -2) }
        check("squeezed()", shape: [3, 1, 4]) { $0.squeezed() }
        check("squeezed(axis: 1)", shape: [3, 1, 4]) { $0.squeezed(axis: 1) }
        check("unsqueezed then squeezed", shape: [3, 4]) { $0.unsqueezed(axis: 1).squeezed(axis: 1) }
    }

    func testExpand() {
        check("expanded [3, 4] from [3, 1]", shape: [3, 1]) { $0.expanded(to: [3, 4]) }
        check("expanded [2, 3, 4] from [4]", shape: [4]) { $0.expanded(to: [2, 3, 4]) }
        check("expanded [2, 3, 4] from [2, 1, 4]", shape: [2, 1, 4]) { $0.expanded(to: [2, 3, 4]) }
        check("expanded from rank 0", shape: []) { $0.expanded(to: [2, 2]) }
        check("expanded to its own shape") { $0.expanded(to: [2, 3, 4]) }
    }

    func testSlice() {
        check("sliced(axis: 2, start: 1)") { $0.sliced(axis: 2, start: 1) }
        check("sliced(axis: 2, step: 2)") { $0.sliced(axis: 2, step: 2) }
        check("sliced(axis: 1, start: 0, end: 3, step: 2)") { $0.sliced(axis: 1, start: 0, end: 3, step: 2) }
        check("sliced(axis: -1, start: -3, end: -1)") { $0.sliced(axis: -1, start: -3, end: -1) }
        check("sliced twice") { $0.sliced(axis: 2, start: 1, step: 2).sliced(axis: 1, start: 1) }
        check("sliced empty") { $0.sliced(axis: 2, start: 2, end: 2).sum() + $0.sum() }
    }

    func testNarrow() {
        check("narrowed(axis: 1, start: 1, length: 2)") { $0.narrowed(axis: 1, start: 1, length: 2) }
        check("narrowed(axis: 0, start: 1, length: 1)") { $0.narrowed(axis: 0, start: 1, length: 1) }
    }

    func testSelect() {
        check("selected(axis: 0, index: 1)") { $0.selected(axis: 0, index: 1) }
        check("selected(axis: 2, index: -1)") { $0.selected(axis: 2, index: -1) }
        check("selected twice") { $0.selected(axis: 1, index: 2).selected(axis: 0, index: 0) }
    }

    func testDiagonal() {
        for offset in [0, 1, 2, -1] {
            check("diagonal(offset: \(offset)) of [3, 4]", shape: [3, 4]) { $0.diagonal(offset: offset) }
            check("diagonal(offset: \(offset)) of [4, 3]", shape: [4, 3]) { $0.diagonal(offset: offset) }
        }
        check("diagonal over axes 0, 2") { $0.diagonal(offset: 1, axis0: 0, axis1: 2) }
        check("diagonal over axes -1, -2 (reversed)") { $0.diagonal(axis0: -1, axis1: -2) }
    }

    func testSubscripts() {
        check("x[1]") { $0[1] }
        check("x[0, 1..<3]") { $0[0, 1..<3] }
        check("x[..., stride]") { $0[TensorIndex.all, TensorIndex.stride(nil, nil, 2)] }
        check("x[1..., newAxis, 2]") { $0[1..., TensorIndex.newAxis, 2] }
        check("x[-1, ...2, stride(1, nil, 2)]") { $0[-1, ...2, TensorIndex.stride(1, nil, 2)] }
    }

    /// A view used twice (overlapping parts of one input), and views of a value feeding arithmetic together.
    func testOverlappingViews() {
        check("overlapping slices") { x in
            x.sliced(axis: 2, start: 0, end: 3) * x.sliced(axis: 2, start: 1).flipped(axes: [1])
        }
        check("diagonal plus transposed diagonal", shape: [4, 4]) { x in
            x.diagonal(offset: 1) + x.transposed().diagonal(offset: 1) * x.diagonal(offset: -1)
        }
        check("a row broadcast against its own matrix", shape: [3, 4]) { x in x * x[1] }
    }

    /// The gradient of a view is the scatter of the gradient into zeros (checked exactly).
    func testScatteredGradientsAreExact() {
        let x = Variable.leaf(Tensor.f64((0..<12).map(Double.init), [3, 4]))
        let g = gradients(of: x.sliced(axis: 1, start: 1, step: 2).sum() + x.diagonal(offset: -1).sum(), wrt: [x])[0]
        XCTAssertEqual(g.value.toDoubles(), [0, 1, 0, 1, 1, 1, 0, 1, 0, 2, 0, 1])
    }
}
