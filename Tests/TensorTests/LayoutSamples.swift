import XCTest

@testable import Tensor

/// One logical tensor stored in a particular layout, with its logical values in row-major order.
struct LayoutSample {
    let layout: String
    let tensor: Tensor
    let values: [Double]
    var shape: [Int] { tensor.shape }
}

/// Row-major index arithmetic for the naive references.
enum RowMajor {
    static func count(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    static func flatIndex(_ index: [Int], _ shape: [Int]) -> Int {
        var flat = 0
        for axis in 0..<shape.count { flat = flat * shape[axis] + index[axis] }
        return flat
    }

    static func multiIndex(_ flat: Int, _ shape: [Int]) -> [Int] {
        var index = [Int](repeating: 0, count: shape.count)
        var rest = flat
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return index
    }

    /// `values` (row-major over `shape`) rearranged so that `result[map(i)] = values[i]` over `targetShape`.
    static func scattered(
        _ values: [Double], _ shape: [Int], into targetShape: [Int], fill: Double, _ map: ([Int]) -> [Int]
    )
        -> [Double]
    {
        var result = [Double](repeating: fill, count: count(targetShape))
        for flat in 0..<values.count {
            result[flatIndex(map(multiIndex(flat, shape)), targetShape)] = values[flat]
        }
        return result
    }
}

/// Distinct, exactly representable test values for `dtype` (whole and quarter numbers; 0/1 for bool).
func sampleValues(count: Int, dtype: DType, seed: Int = 0) -> [Double] {
    (0..<count).map { i in
        let base = Double((i * 37 + seed * 11) % 101) - 50
        switch dtype {
        case .float32, .float64: return base + 0.25 * Double((i + seed) % 4)
        case .int64: return base
        case .bool: return (i + seed) % 3 == 0 ? 1 : 0
        }
    }
}

/// The same kind of tensor in the layouts every op must accept: contiguous, permuted, sliced with steps (and an
/// offset), flipped (negative strides), and broadcast (stride 0) along the first and along the last axis.
/// Broadcast samples repeat their values along the broadcast axis; every sample carries its own logical values.
func layoutSamples(_ shape: [Int], dtype: DType, seed: Int = 0) -> [LayoutSample] {
    let count = RowMajor.count(shape)
    let values = sampleValues(count: count, dtype: dtype, seed: seed)
    let rank = shape.count
    var samples = [
        LayoutSample(layout: "contiguous", tensor: Tensor(values, shape: shape, dtype: dtype), values: values)
    ]

    if rank >= 2 {
        let reversedShape = Array(shape.reversed())
        let base = RowMajor.scattered(values, shape, into: reversedShape, fill: 0) { $0.reversed() }
        let tensor = Tensor(base, shape: reversedShape, dtype: dtype).permuted(Array((0..<rank).reversed()))
        samples.append(LayoutSample(layout: "permuted", tensor: tensor, values: values))
    }

    let wideShape = shape.map { 2 * $0 + 1 }
    let wide = RowMajor.scattered(values, shape, into: wideShape, fill: 77) { $0.map { 2 * $0 + 1 } }
    var stepped = Tensor(wide, shape: wideShape, dtype: dtype)
    for axis in 0..<rank { stepped = stepped.sliced(axis: axis, start: 1, step: 2) }
    samples.append(LayoutSample(layout: "stepped", tensor: stepped, values: values))

    let mirrored = RowMajor.scattered(values, shape, into: shape, fill: 0) { index in
        index.enumerated().map { shape[$0.offset] - 1 - $0.element }
    }
    let flipped = Tensor(mirrored, shape: shape, dtype: dtype).flipped(axes: Array(0..<rank))
    samples.append(LayoutSample(layout: "flipped", tensor: flipped, values: values))

    for axis in rank > 0 ? [0, rank - 1] : [] {
        var sourceShape = shape
        sourceShape[axis] = 1
        let source = sampleValues(count: RowMajor.count(sourceShape), dtype: dtype, seed: seed + 1)
        let expandedValues = (0..<count).map { flat in
            var index = RowMajor.multiIndex(flat, shape)
            index[axis] = 0
            return source[RowMajor.flatIndex(index, sourceShape)]
        }
        let tensor = Tensor(source, shape: sourceShape, dtype: dtype).expanded(to: shape)
        samples.append(LayoutSample(layout: "expanded(axis \(axis))", tensor: tensor, values: expandedValues))
    }
    return samples
}

/// Asserts that `result` is a fresh contiguous tensor of `shape` and `dtype` holding exactly `values`.
func assertTensor(
    _ result: Tensor, shape: [Int], dtype: DType, values: [Double], _ message: @autoclosure () -> String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(result.shape, shape, "shape: \(message())", file: file, line: line)
    XCTAssertEqual(result.dtype, dtype, "dtype: \(message())", file: file, line: line)
    XCTAssertTrue(result.isContiguous, "not contiguous: \(message())", file: file, line: line)
    if result.shape == shape {
        XCTAssertEqual(result.toDoubles(), values, "values: \(message())", file: file, line: line)
    }
}

let floatingTypes: [DType] = [.float32, .float64]

final class LayoutSampleTests: XCTestCase {
    /// The harness itself: each sample really has the layout it claims and the values it carries.
    func testSamplesHaveTheirLayoutsAndValues() {
        for dtype in floatingTypes + [.int64, .bool] {
            let samples = Dictionary(
                uniqueKeysWithValues: layoutSamples([3, 4, 5], dtype: dtype).map { ($0.layout, $0) })
            XCTAssertTrue(samples["contiguous"]!.tensor.isContiguous)
            XCTAssertEqual(samples["permuted"]!.tensor.strides, [1, 3, 12])
            XCTAssertEqual(samples["stepped"]!.tensor.strides, [2 * 9 * 11, 2 * 11, 2])
            XCTAssertNotEqual(samples["stepped"]!.tensor.offset, 0)
            XCTAssertTrue(samples["flipped"]!.tensor.strides.allSatisfy { $0 < 0 })
            XCTAssertEqual(samples["expanded(axis 0)"]!.tensor.strides[0], 0)
            XCTAssertEqual(samples["expanded(axis 2)"]!.tensor.strides[2], 0)
            for sample in samples.values {
                XCTAssertEqual(sample.tensor.shape, [3, 4, 5])
                XCTAssertEqual(sample.tensor.toDoubles(), sample.values, "\(dtype) \(sample.layout)")
            }
        }
    }
}
