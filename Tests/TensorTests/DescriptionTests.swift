import XCTest

@testable import Tensor

final class DescriptionTests: XCTestCase {
    func testMatrixAlignedInNestedBrackets() {
        let x = Tensor([1.5, 2, 3, 4, -5.25, 6] as [Float], shape: [2, 3])
        XCTAssertEqual(
            x.description,
            """
            Tensor([[ 1.50,  2.00,  3.00],
                    [ 4.00, -5.25,  6.00]], shape: [2, 3], dtype: float32)
            """)
    }

    func testWholeNumbersKeepTheirPoint() {
        XCTAssertEqual(
            Tensor([1, -20, 3] as [Double]).description, "Tensor([  1., -20.,   3.], shape: [3], dtype: float64)")
    }

    func testScientificWhenMagnitudesSpanWidely() {
        XCTAssertEqual(
            Tensor([1.5e-5, 0.5, -2.25e3] as [Double]).description,
            "Tensor([ 1.50e-05,  5.00e-01, -2.25e+03], shape: [3], dtype: float64)")
        XCTAssertEqual(
            Tensor([1e-5, 0.5, 2e3] as [Double]).description,
            "Tensor([1.e-05, 5.e-01, 2.e+03], shape: [3], dtype: float64)")
        XCTAssertEqual(
            Tensor([1e9, 0] as [Float]).description, "Tensor([1.e+09, 0.e+00], shape: [2], dtype: float32)")
    }

    func testSpecialValuesIntegersAndBools() {
        XCTAssertEqual(
            Tensor([Double.nan, -.infinity, 0.25] as [Double]).description,
            "Tensor([ nan, -inf, 0.25], shape: [3], dtype: float64)")
        XCTAssertEqual(
            Tensor([Int64.max, -1] as [Int64]).description,
            "Tensor([9223372036854775807,                  -1], shape: [2], dtype: int64)")
        XCTAssertEqual(
            Tensor([true, false], shape: [1, 2]).description, "Tensor([[ true, false]], shape: [1, 2], dtype: bool)")
    }

    func testScalarEmptyAndRank3() {
        XCTAssertEqual(Tensor(scalar: Float(2.5)).description, "Tensor(2.5, shape: [], dtype: float32)")
        XCTAssertEqual(Tensor.zeros([0]).description, "Tensor([], shape: [0], dtype: float32)")
        XCTAssertEqual(
            Tensor.zeros([2, 0]).description,
            """
            Tensor([[],
                    []], shape: [2, 0], dtype: float32)
            """)
        let cube = Tensor.arange(0, 8, dtype: .int64).reshaped([2, 2, 2])
        XCTAssertEqual(
            cube.description,
            """
            Tensor([[[0, 1],
                     [2, 3]],

                    [[4, 5],
                     [6, 7]]], shape: [2, 2, 2], dtype: int64)
            """)
    }

    func testLargeTensorsAreSummarized() {
        let vector = Tensor.arange(0, 2000, dtype: .float32)
        XCTAssertEqual(
            vector.description,
            "Tensor([   0.,    1.,    2., ..., 1997., 1998., 1999.], shape: [2000], dtype: float32)")
        let matrix = Tensor.arange(0, 1100, dtype: .int64).reshaped([110, 10])
        XCTAssertEqual(
            matrix.description,
            """
            Tensor([[   0,    1,    2, ...,    7,    8,    9],
                    [  10,   11,   12, ...,   17,   18,   19],
                    [  20,   21,   22, ...,   27,   28,   29],
                    ...,
                    [1070, 1071, 1072, ..., 1077, 1078, 1079],
                    [1080, 1081, 1082, ..., 1087, 1088, 1089],
                    [1090, 1091, 1092, ..., 1097, 1098, 1099]], shape: [110, 10], dtype: int64)
            """)
        XCTAssertEqual(
            Tensor.arange(0, 8, dtype: .int64).formatted(summaryThreshold: 0, edgeItems: 2),
            "Tensor([0, 1, ..., 6, 7], shape: [8], dtype: int64)")
    }

    func testLogicalOrderForAnyLayoutAndDebugLayout() {
        let x = Tensor([1, 2, 3, 4, 5, 6] as [Int64], shape: [2, 3])
        let view = x.transposed().flipped(axes: [0])
        XCTAssertEqual(
            view.description,
            """
            Tensor([[3, 6],
                    [2, 5],
                    [1, 4]], shape: [3, 2], dtype: int64)
            """)
        XCTAssertEqual(
            view.debugDescription,
            """
            Tensor([[3, 6],
                    [2, 5],
                    [1, 4]], shape: [3, 2], strides: [-1, 3], offset: 2, dtype: int64)
            """)
        XCTAssertEqual(
            Tensor([7] as [Float], shape: [1]).expanded(to: [2, 2]).description,
            """
            Tensor([[7., 7.],
                    [7., 7.]], shape: [2, 2], dtype: float32)
            """)
    }
}
