import Tensor
import TestSupport
import XCTest

/// The common mistakes stop with a message that names the op and the shapes, in release builds too.
///
/// Each body runs in a forked child (`expectFatalError`); the tensors are tiny so no kernel starts threads there.
final class DeathTests: XCTestCase {
    let a = Tensor.zeros([2, 3])
    let b = Tensor.zeros([4])

    func testMaxAndMinOfAnEmptyAxis() {
        expectFatalError(containing: "max: [0, 3] over axes [0]: an empty axis has no maximum") {
            _ = Tensor.zeros([0, 3]).max(axes: [0])
        }
        expectFatalError(containing: "min: [2, 0] over axes [0, 1]: an empty axis has no minimum") {
            _ = Tensor.zeros([2, 0]).min()
        }
    }

    func testMatmulInnerDimensionMismatch() {
        expectFatalError(containing: "matmul: [3, 4] × [5, 6]: inner dimensions 4 and 5 differ") {
            _ = Tensor.zeros([3, 4]).matmul(Tensor.zeros([5, 6]))
        }
        expectFatalError(containing: "inner dimensions 3 and 4 differ") {
            _ = Tensor.zeros([3]).matmul(Tensor.zeros([4]))
        }
        expectFatalError(containing: "inner dimensions 3 and 2 differ") {
            _ = Tensor.zeros([2, 3]).matmul(Tensor.zeros([2]))
        }
        expectFatalError(containing: "inner dimensions") {
            _ = Tensor.zeros([2, 2, 3]).matmul(Tensor.zeros([2, 4, 3]))
        }
    }

    func testMatmulOtherMistakes() {
        expectFatalError(containing: "batch dimensions [2] and [3] do not broadcast") {
            _ = Tensor.zeros([2, 3, 4]).matmul(Tensor.zeros([3, 4, 5]))
        }
        expectFatalError(containing: "scalars are not matrices") {
            _ = Tensor(scalar: Float(1)).matmul(Tensor.zeros([1]))
        }
        expectFatalError(containing: "needs two tensors of one floating dtype, got float32 and float64") {
            _ = Tensor.zeros([2, 2]).matmul(Tensor.zeros([2, 2], dtype: .float64))
        }
        expectFatalError(containing: "got int64 and int64") {
            _ = Tensor.zeros([2, 2], dtype: .int64).matmul(Tensor.zeros([2, 2], dtype: .int64))
        }
    }

    func testShapesThatDoNotBroadcast() {
        expectFatalError(containing: "add: [2, 3] and [4]: shapes [2, 3] and [4] do not broadcast") {
            _ = self.a + self.b
        }
        expectFatalError(containing: "do not broadcast") { _ = self.a * Tensor.zeros([3, 3]) }
        expectFatalError(containing: "do not broadcast") { _ = self.a.compared(.less, Tensor.zeros([2])) }
        expectFatalError(containing: "do not broadcast") {
            _ = Tensor.where(Tensor([true, false, true]), self.a, Tensor.zeros([2, 1]).expanded(to: [2, 2]))
        }
        expectFatalError(containing: "expanded: shape [2, 3] cannot be broadcast to [3, 3]") {
            _ = self.a.expanded(to: [3, 3])
        }
        expectFatalError(containing: "cannot be broadcast to [3]") { _ = self.a.expanded(to: [3]) }
    }

    func testAxisOutOfRange() {
        expectFatalError(containing: "sum: axis 2 is out of range for shape [2, 3] (rank 2)") {
            _ = self.a.sum(axis: 2)
        }
        expectFatalError(containing: "mean: axis -3 is out of range for shape [2, 3] (rank 2)") {
            _ = self.a.mean(axis: -3)
        }
        expectFatalError(containing: "max: axis 5 is out of range") { _ = self.a.max(axes: [0, 5]) }
        expectFatalError(containing: "argmax: axis 2 is out of range") { _ = self.a.argmax(axis: 2) }
        expectFatalError(containing: "cumulativeSum: axis -3 is out of range") { _ = self.a.cumulativeSum(axis: -3) }
        expectFatalError(containing: "transposed: axis 2 is out of range") { _ = self.a.transposed(0, 2) }
        expectFatalError(containing: "permuted: axis 2 is out of range") { _ = self.a.permuted([0, 2]) }
        expectFatalError(containing: "sliced: axis 2 is out of range") { _ = self.a.sliced(axis: 2, start: 0) }
        expectFatalError(containing: "selected: axis -3 is out of range") { _ = self.a.selected(axis: -3, index: 0) }
        expectFatalError(containing: "unsqueezed: axis 4 is out of range for rank 3") { _ = self.a.unsqueezed(axis: 4) }
        expectFatalError(containing: "flipped: axis 2 is out of range") { _ = self.a.flipped(axes: [2]) }
        expectFatalError(containing: "variance: axis 9 is out of range") { _ = self.a.variance(axes: [9]) }
        expectFatalError(containing: "logSumExp: axis 3 is out of range for shape [2, 3] (rank 2)") {
            _ = self.a.logSumExp(axes: [3])
        }
        expectFatalError(containing: "norm: axis -5 is out of range for shape [2, 3] (rank 2)") {
            _ = self.a.norm(axes: [-5])
        }
        expectFatalError(containing: "norm: axis 2 is out of range for shape [2, 3] (rank 2)") {
            _ = self.a.norm(.infinity, axes: [2])
        }
    }

    func testMixedDTypes() {
        let f32 = Tensor.zeros([2])
        let f64 = Tensor.zeros([2], dtype: .float64)
        expectFatalError(containing: "add: [2] and [2]: dtypes float32 and float64 differ") { _ = f32 + f64 }
        expectFatalError(containing: "dtypes float64 and float32 differ") { _ = f64 * f32 }
        expectFatalError(containing: "dtypes") { _ = f32.compared(.equal, f64) }
        expectFatalError(containing: "dtypes") { _ = Tensor.where(Tensor([true, false]), f32, f64) }
    }

    func testReshapeToAWrongCount() {
        expectFatalError(containing: "reshaped: cannot reshape [2, 3] (6 elements) to [4, 2]") {
            _ = self.a.reshaped([4, 2])
        }
        expectFatalError(containing: "cannot reshape [2, 3] (6 elements) to [4, -1]") { _ = self.a.reshaped([4, -1]) }
        expectFatalError(containing: "cannot reshape [2, 3] (6 elements) to [0, -1]") { _ = self.a.reshaped([0, -1]) }
        expectFatalError(containing: "at most one -1 allowed in [-1, -1]") { _ = self.a.reshaped([-1, -1]) }
        expectFatalError(containing: "negative size in [-2, -3]") { _ = self.a.reshaped([-2, -3]) }
        expectFatalError(containing: "Tensor(values:shape:): 5 values do not fill shape [2, 3]") {
            _ = Tensor([Float](repeating: 0, count: 5), shape: [2, 3])
        }
    }

    func testIntegerAndBoolTensorsInFloatingOps() {
        let i = Tensor([Int64(1), 2])
        expectFatalError(containing: "exp: expects a floating dtype, got int64 (shape [2])") { _ = i.exp() }
        expectFatalError(containing: "relu: expects a floating dtype, got bool") { _ = Tensor([true]).relu() }
        expectFatalError(containing: "add: expects floating dtypes, got int64 and int64") { _ = i + i }
        expectFatalError(containing: "multiply: expects a floating dtype, got int64") { _ = i * 2 }
        expectFatalError(containing: "sum: expects a floating dtype, got int64") { _ = i.sum() }
        expectFatalError(containing: "argmax: expects a floating dtype, got int64") { _ = i.argmax() }
        expectFatalError(containing: "cumulativeSum: expects a floating dtype, got int64") {
            _ = i.cumulativeSum(axis: 0)
        }
        expectFatalError(containing: "expects a floating dtype, got int64") { _ = i.clamped(min: 0) }
        expectFatalError(containing: "expects numbers, got bool masks") {
            _ = Tensor([true]).compared(.less, Tensor([false]))
        }
        expectFatalError(containing: "logicalAnd: expects bool masks, got float32, bool") {
            _ = Tensor.zeros([1]).logicalAnd(Tensor([true]))
        }
        expectFatalError(containing: "where: condition must be a bool mask, got float32") {
            _ = Tensor.where(Tensor.zeros([1]), Tensor.zeros([1]), Tensor.zeros([1]))
        }
    }

    func testOutOfBoundsIndices() {
        expectFatalError(containing: "subscript: index 2 is out of bounds for axis 0 of shape [2, 3]") { _ = self.a[2] }
        expectFatalError(containing: "subscript: index -4 is out of bounds for axis 1 of shape [2, 3]") {
            _ = self.a[0, -4]
        }
        expectFatalError(containing: "subscript: 3 indices for a tensor of shape [2, 3]") { _ = self.a[0, 0, 0] }
        expectFatalError(containing: "selected: index 3 is out of bounds for axis 1 of shape [2, 3]") {
            _ = self.a.selected(axis: 1, index: 3)
        }
        expectFatalError(containing: "narrowed: [2, 4) is out of bounds for axis 1 of shape [2, 3]") {
            _ = self.a.narrowed(axis: 1, start: 2, length: 2)
        }
        expectFatalError(containing: "element(at:): index [0, 3] out of bounds for shape [2, 3]") {
            _ = self.a.element(at: [0, 3])
        }
        expectFatalError(containing: "item: tensor of shape [2, 3] has 6 elements, not 1") { _ = self.a.item() }
        expectFatalError(containing: "sliced: step must be positive, got 0") { _ = self.a.sliced(axis: 0, step: 0) }
    }

    func testValuesThatInt64CannotHold() {
        expectFatalError(containing: "cast: nan does not fit in int64") { _ = Tensor([1, Float.nan]).cast(to: .int64) }
        expectFatalError(containing: "cast: inf does not fit in int64") {
            _ = Tensor([Double.infinity]).cast(to: .int64)
        }
        expectFatalError(containing: "cast: 1e+30 does not fit in int64") { _ = Tensor([1e30]).cast(to: .int64) }
        expectFatalError(containing: "Tensor(values:shape:dtype:): -inf does not fit in int64") {
            _ = Tensor([-.infinity], shape: [1], dtype: .int64)
        }
        expectFatalError(containing: "full: nan does not fit in int64") {
            _ = Tensor.full([2], value: .nan, dtype: .int64)
        }
    }

    func testOtherLayoutMistakes() {
        expectFatalError(containing: "squeezed: axis 1 of shape [2, 3] has size 3, not 1") {
            _ = self.a.squeezed(axis: 1)
        }
        expectFatalError(containing: "permuted: [0, 0] repeats an axis") { _ = self.a.permuted([0, 0]) }
        expectFatalError(containing: "permuted: [0] is not a permutation of 2 axes") { _ = self.a.permuted([0]) }
        expectFatalError(containing: "diagonal: needs rank ≥ 2, got shape [4]") { _ = self.b.diagonal() }
        expectFatalError(containing: "diagonal: axes 0 and -2 are the same") {
            _ = self.a.diagonal(axis0: 0, axis1: -2)
        }
        expectFatalError(containing: "transposed: needs rank ≥ 2, got shape []") {
            _ = Tensor(scalar: Float(1)).transposed()
        }
        expectFatalError(containing: "scalars: tensor is float32, asked for float64") {
            _ = self.a.scalars(as: Double.self)
        }
        expectFatalError(containing: "arange: step must be non-zero") { _ = Tensor.arange(0, 1, step: 0) }
        expectFatalError(containing: "zeros: negative size in [2, -1]") { _ = Tensor.zeros([2, -1]) }
        expectFatalError(containing: "max: [0] over axes [0]: an empty axis has no maximum") {
            _ = Tensor.zeros([0]).max()
        }
        expectFatalError(containing: "argmin: axis 0 of shape [0, 2] is empty") {
            _ = Tensor.zeros([0, 2]).argmin(axis: 0)
        }
    }
}
