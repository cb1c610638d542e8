import Tensor
import TestSupport
import XCTest

final class CreationTests: XCTestCase {
    static let allDTypes: [DType] = [.float32, .float64, .int64, .bool]

    func testZerosOnesAndFullInEveryDType() {
        for dtype in Self.allDTypes {
            assertElements(
                Tensor.zeros([2, 3], dtype: dtype), [Double](repeating: 0, count: 6), shape: [2, 3], dtype: dtype)
            assertElements(Tensor.ones([3], dtype: dtype), [1, 1, 1], shape: [3], dtype: dtype)
            let full = Tensor.full([2, 2], value: dtype == .bool ? 1 : 5, dtype: dtype)
            assertElements(full, [Double](repeating: dtype == .bool ? 1 : 5, count: 4), shape: [2, 2], dtype: dtype)
            XCTAssertTrue(full.isContiguous)
            XCTAssertEqual(full.strides, [2, 1])
        }
        assertElements(Tensor.full([2], value: -2.5, dtype: .float32), [-2.5, -2.5], shape: [2], dtype: .float32)
        assertElements(Tensor.full([2], value: 0.1, dtype: .float64), [0.1, 0.1], shape: [2], dtype: .float64)
        assertElements(Tensor.full([1], value: 0, dtype: .bool), [0], shape: [1], dtype: .bool)
    }

    func testLargeZerosAreZeroEvenWhenBuffersAreReused() {
        // Large buffers come from the cache: zeros must clear a recycled buffer.
        for _ in 0..<3 {
            let garbage = Tensor.full([100_000], value: 3, dtype: .float32)
            XCTAssertEqual(garbage.count, 100_000)
        }
        let zeros = Tensor.zeros([100_000], dtype: .float32)
        XCTAssertTrue(zeros.scalars(as: Float.self).allSatisfy { $0 == 0 })
    }

    func testUninitializedShapeHoldsWhatTheInitializerWrote() {
        let t = Tensor(unsafeUninitializedShape: [2, 3], as: Float.self) { buffer in
            XCTAssertEqual(buffer.count, 6)
            for i in buffer.indices { buffer[i] = Float(i) * 0.5 }
        }
        assertElements(t, [0, 0.5, 1, 1.5, 2, 2.5], shape: [2, 3], dtype: .float32)
        XCTAssertTrue(t.isContiguous)
        let longs = Tensor(unsafeUninitializedShape: [3], as: Int64.self) { $0.initialize(repeating: 7) }
        assertElements(longs, [7, 7, 7], shape: [3], dtype: .int64)
        XCTAssertEqual(
            Tensor(unsafeUninitializedShape: [0, 4], as: Double.self) { XCTAssertEqual($0.count, 0) }.shape, [0, 4])
    }

    func testScalarsAndEmptyShapes() {
        let s = Tensor(scalar: Float(2.5))
        XCTAssertEqual(s.shape, [])
        XCTAssertEqual(s.rank, 0)
        XCTAssertEqual(s.count, 1)
        XCTAssertEqual(s.item(), 2.5)
        XCTAssertEqual(Tensor(scalar: 3, dtype: .int64).dtype, .int64)
        XCTAssertEqual(Tensor(scalar: 3, dtype: .float64).item(), 3)
        XCTAssertEqual(Tensor.zeros([]).shape, [])
        XCTAssertEqual(Tensor.ones([]).item(), 1)
        for dtype in Self.allDTypes {
            let empty = Tensor.zeros([2, 0, 3], dtype: dtype)
            XCTAssertEqual(empty.count, 0)
            XCTAssertEqual(empty.toDoubles(), [])
            XCTAssertEqual(Tensor.full([0], value: 1, dtype: dtype).count, 0)
        }
        XCTAssertEqual(Tensor([Float](), shape: [0]).shape, [0])
        XCTAssertEqual(Tensor([Double](), shape: [3, 0]).shape, [3, 0])
        XCTAssertEqual(Tensor([Bool]()).shape, [0])
    }

    func testFromArraysInEveryElementType() {
        let f = Tensor([Float(1), 2, 3, 4, 5, 6], shape: [2, 3])
        XCTAssertEqual(f.dtype, .float32)
        XCTAssertEqual(f.shape, [2, 3])
        XCTAssertEqual(f.strides, [3, 1])
        XCTAssertEqual(f.scalars(as: Float.self), [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(f.element(at: [1, 0]), 4)

        let d = Tensor([0.1, 0.2, 0.3])
        XCTAssertEqual(d.dtype, .float64)
        XCTAssertEqual(d.scalars(as: Double.self), [0.1, 0.2, 0.3])

        let i = Tensor([Int64(-3), 1 << 40, 7], shape: [3, 1])
        XCTAssertEqual(i.dtype, .int64)
        XCTAssertEqual(i.scalars(as: Int64.self), [-3, 1 << 40, 7])

        let b = Tensor([true, false, true, true], shape: [2, 2])
        XCTAssertEqual(b.dtype, .bool)
        XCTAssertEqual(b.scalars(as: Bool.self), [true, false, true, true])
        XCTAssertEqual(b.toDoubles(), [1, 0, 1, 1])
    }

    func testFromDoublesWithADType() {
        let values = [1.5, -2.25, 0, 3]
        assertElements(Tensor(values, shape: [2, 2], dtype: .float32), values, shape: [2, 2], dtype: .float32)
        assertElements(Tensor(values, shape: [4], dtype: .float64), values, shape: [4], dtype: .float64)
        assertElements(Tensor(values, shape: [4], dtype: .int64), [1, -2, 0, 3], shape: [4], dtype: .int64)
        assertElements(Tensor(values, shape: [4], dtype: .bool), [1, 1, 0, 1], shape: [4], dtype: .bool)
        // Float32 rounds to nearest.
        XCTAssertEqual(Tensor([0.1], shape: [1], dtype: .float32).scalars(as: Float.self), [Float(0.1)])
    }

    func testEye() {
        assertElements(Tensor.eye(3), [1, 0, 0, 0, 1, 0, 0, 0, 1], shape: [3, 3], dtype: .float32)
        assertElements(Tensor.eye(2, 3, dtype: .float64), [1, 0, 0, 0, 1, 0], shape: [2, 3], dtype: .float64)
        assertElements(Tensor.eye(3, 2, dtype: .int64), [1, 0, 0, 1, 0, 0], shape: [3, 2], dtype: .int64)
        assertElements(Tensor.eye(2, dtype: .bool), [1, 0, 0, 1], shape: [2, 2], dtype: .bool)
        XCTAssertEqual(Tensor.eye(0).shape, [0, 0])
        XCTAssertEqual(Tensor.eye(3, 0).shape, [3, 0])
    }

    func testArange() {
        assertElements(Tensor.arange(5), [0, 1, 2, 3, 4], shape: [5], dtype: .float32)
        assertElements(Tensor.arange(4, step: 2, dtype: .float64), [0, 2], shape: [2], dtype: .float64)
        assertElements(Tensor.arange(2, 5, dtype: .float64), [2, 3, 4], shape: [3], dtype: .float64)
        assertElements(Tensor.arange(0, 1, step: 0.25, dtype: .float64), [0, 0.25, 0.5, 0.75], shape: [4])
        assertElements(Tensor.arange(0, 1.1, step: 0.5, dtype: .float64), [0, 0.5, 1], shape: [3])
        assertElements(Tensor.arange(5, 0, step: -2, dtype: .int64), [5, 3, 1], shape: [3], dtype: .int64)
        assertElements(Tensor.arange(3, 3), [], shape: [0])
        assertElements(Tensor.arange(5, 0), [], shape: [0])
        assertElements(Tensor.arange(0, 5, step: -1), [], shape: [0])
        // NumPy's count: ceil((end − start) / step).
        XCTAssertEqual(Tensor.arange(0, 0.3, step: 0.1, dtype: .float64).count, 3)
        XCTAssertEqual(Tensor.arange(-1, 1, step: 0.1, dtype: .float64).count, 20)
    }

    func testLinspace() {
        assertElements(Tensor.linspace(0, 1, count: 5, dtype: .float64), [0, 0.25, 0.5, 0.75, 1], shape: [5])
        assertElements(Tensor.linspace(2, -2, count: 3), [2, 0, -2], shape: [3], dtype: .float32)
        assertElements(Tensor.linspace(3, 7, count: 1, dtype: .float64), [3], shape: [1])
        assertElements(Tensor.linspace(3, 7, count: 0, dtype: .float64), [], shape: [0])
        // The end point is exact even when the step is not.
        let l = Tensor.linspace(0, 1, count: 7, dtype: .float64).scalars(as: Double.self)
        XCTAssertEqual(l.last, 1)
        for (i, v) in l.enumerated() { XCTAssertEqual(v, Double(i) / 6, accuracy: 1e-15) }
        let f = Tensor.linspace(-1, 1, count: 101, dtype: .float32)
        assertClose(
            f, reference([101], dtype: .float32) { -1 + 2 * Double($0[0]) / 100 }, relativeTolerance: 0,
            absoluteTolerance: 1e-6)
    }

    func testZerosAndOnesLike() {
        let x = Tensor([1.0, 2, 3, 4], shape: [2, 2]).transposed()
        assertElements(Tensor.zeros(like: x), [0, 0, 0, 0], shape: [2, 2], dtype: .float64)
        assertElements(Tensor.ones(like: Tensor.zeros([3], dtype: .int64)), [1, 1, 1], shape: [3], dtype: .int64)
    }

    func testValueSemanticsOfMutation() {
        let a = Tensor([Float(1), 2, 3])
        var b = a
        b.withMutableElements(as: Float.self) { $0[0] = 100 }
        XCTAssertEqual(a.scalars(as: Float.self), [1, 2, 3], "writing through a copy must not change the original")
        XCTAssertEqual(b.scalars(as: Float.self), [100, 2, 3])
        XCTAssertFalse(a.storage === b.storage)

        // A uniquely referenced contiguous tensor is written in place.
        var c = Tensor([Float(1), 2, 3])
        let before = ObjectIdentifier(c.storage)
        c.withMutableElements(as: Float.self) { $0[2] = 9 }
        XCTAssertEqual(ObjectIdentifier(c.storage), before)
        XCTAssertEqual(c.scalars(as: Float.self), [1, 2, 9])

        // Writing through a view copies: the base keeps its values.
        let base = Tensor([1.0, 2, 3, 4], shape: [2, 2])
        var view = base.transposed()
        view.withMutableElements(as: Double.self) { $0[1] = -1 }
        XCTAssertEqual(base.scalars(as: Double.self), [1, 2, 3, 4])
        XCTAssertEqual(view.scalars(as: Double.self), [1, -1, 2, 4])
    }
}
