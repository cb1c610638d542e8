import Tensor
import TestSupport
import XCTest

/// `cast(to:)` between every pair of dtypes, from non-contiguous layouts, and element access.
final class CastTests: XCTestCase {
    static let dtypes: [DType] = [.float32, .float64, .int64, .bool]

    static func converted(_ v: Double, from source: DType, to target: DType) -> Double {
        switch target {
        case .float32: Double(Float(v))
        case .float64: v
        case .int64: v.rounded(.towardZero)
        case .bool: v != 0 ? 1 : 0
        }
    }

    func testEveryPairOnEveryLayout() {
        let values = [-2.75, -1, -0.5, 0, 0.25, 1, 2.5, 3, 1e10, -7.5, 0.1, 100]
        for source in Self.dtypes {
            let base = Tensor(values, shape: [3, 4], dtype: source)
            let logical = base.toDoubles()
            for target in Self.dtypes {
                for variant in layoutVariants(of: base) {
                    let result = variant.tensor.cast(to: target)
                    let expected = logical.map { Self.converted($0, from: source, to: target) }
                    assertElements(
                        result, expected, shape: [3, 4], dtype: target, "\(source) → \(target) \(variant.name)")
                }
            }
        }
    }

    func testCastToTheSameDTypeIsFree() {
        for dtype in Self.dtypes {
            let x = Tensor.ones([2, 2], dtype: dtype).transposed()
            XCTAssertTrue(x.cast(to: dtype).storage === x.storage)
        }
    }

    func testSpecialValuesToFloatAndBool() {
        let x = Tensor([.nan, .infinity, -.infinity, -0.0, 1e300, 1e-300])
        assertElements(
            x.cast(to: .float32), [.nan, .infinity, -.infinity, 0, .infinity, 0], shape: [6], dtype: .float32)
        XCTAssertEqual(x.cast(to: .float32).toDoubles()[3].sign, .minus)
        assertElements(x.cast(to: .bool), [1, 1, 1, 0, 1, 1], shape: [6], dtype: .bool)
        assertElements(
            Tensor([Int64.max, Int64.min]).cast(to: .float64), [0x1p63, -0x1p63], shape: [2], dtype: .float64)
    }

    func testInt64Limits() {
        assertElements(
            Tensor([-0x1p63, 0x1p62, -0.99, 0.99]).cast(to: .int64), [-0x1p63, 0x1p62, 0, 0], shape: [4], dtype: .int64)
        XCTAssertEqual(Tensor([Float(-0x1p63)]).cast(to: .int64).scalars(as: Int64.self), [Int64.min])
        assertElements(Tensor([-2.5, 7.9], shape: [2], dtype: .int64), [-2, 7], shape: [2], dtype: .int64)
    }

    func testLargeCastTakesTheParallelPath() {
        var random = TestRandom(seed: 31)
        let x = random.tensor(ParallelSizes.matrix, low: -100, high: 100).transposed()
        let logical = x.toDoubles()
        assertElements(x.cast(to: .float32), logical.map { Double(Float($0)) }, shape: x.shape, dtype: .float32)
        assertElements(x.cast(to: .int64), logical.map { $0.rounded(.towardZero) }, shape: x.shape, dtype: .int64)
    }

    func testElementAccess() {
        let x = Tensor([Int64(1), 2, 3, 4, 5, 6], shape: [2, 3]).transposed().flipped(axes: [0])
        XCTAssertEqual(x.element(at: [0, 0]), 3)
        XCTAssertEqual(x.element(at: [2, 1]), 4)
        XCTAssertEqual(x.scalars(as: Int64.self), [3, 6, 2, 5, 1, 4])
        XCTAssertEqual(x.toDoubles(), [3, 6, 2, 5, 1, 4])
        XCTAssertEqual(x.selected(axis: 0, index: 1).selected(axis: 0, index: 1).item(), 5)
        let b = Tensor([true, false])
        XCTAssertEqual(b.flipped(axes: [0]).scalars(as: Bool.self), [false, true])
        XCTAssertEqual(b.element(at: [0]), 1)
        let f = Tensor([Float(1.5), 2.5]).sliced(axis: 0, start: 1)
        XCTAssertEqual(f.item(), 2.5)
        x.withUnsafePointer(as: Int64.self) { pointer in
            XCTAssertEqual(pointer[x.strides[0] * 2 + x.strides[1]], 4)
        }
    }
}
