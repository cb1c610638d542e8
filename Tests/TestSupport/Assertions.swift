import Tensor
import XCTest

/// Asserts that `actual` and `expected` have the same shape (and dtype, unless `checkDType` is false) and that every
/// element satisfies |a − e| ≤ absoluteTolerance + relativeTolerance · |e|.
///
/// NaN matches only NaN and an infinity only the same infinity; +0 and −0 are equal. On failure the message names
/// the worst element (the largest excess over its tolerance) with its multi-index, and how many elements failed.
public func assertClose(
    _ actual: Tensor, _ expected: Tensor, relativeTolerance: Double = 1e-5, absoluteTolerance: Double = 1e-6,
    checkDType: Bool = true, _ message: @autoclosure () -> String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    let prefix = message().isEmpty ? "" : message() + ": "
    guard actual.shape == expected.shape else {
        XCTFail("\(prefix)shape \(actual.shape) differs from expected \(expected.shape)", file: file, line: line)
        return
    }
    if checkDType && actual.dtype != expected.dtype {
        XCTFail("\(prefix)dtype \(actual.dtype) differs from expected \(expected.dtype)", file: file, line: line)
        return
    }
    let a = actual.toDoubles()
    let e = expected.toDoubles()
    var failures = 0
    var worst: (index: Int, excess: Double)? = nil
    for i in 0..<a.count {
        let excess = closeExcess(a[i], e[i], relativeTolerance: relativeTolerance, absoluteTolerance: absoluteTolerance)
        if excess > 0 {
            failures += 1
            if worst == nil || excess > worst!.excess { worst = (i, excess) }
        }
    }
    if let worst {
        let index = multiIndex(worst.index, shape: actual.shape)
        XCTFail(
            "\(prefix)\(failures) of \(a.count) elements differ; worst at \(index): got \(a[worst.index]), "
                + "expected \(e[worst.index]) (|difference| \(Swift.abs(a[worst.index] - e[worst.index])), "
                + "tolerance \(absoluteTolerance) + \(relativeTolerance)·|expected|)",
            file: file, line: line)
    }
}

/// Asserts closeness to `expected` given as row-major `Double` values of `shape` (the actual tensor's shape when
/// nil); the dtype is not checked.
public func assertClose(
    _ actual: Tensor, _ expected: [Double], shape: [Int]? = nil, relativeTolerance: Double = 1e-5,
    absoluteTolerance: Double = 1e-6, _ message: @autoclosure () -> String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    let shape = shape ?? actual.shape
    guard shape.reduce(1, *) == expected.count else {
        let prefix = message().isEmpty ? "" : message() + ": "
        XCTFail("\(prefix)\(expected.count) expected values for shape \(shape)", file: file, line: line)
        return
    }
    assertClose(
        actual, Tensor(expected, shape: shape), relativeTolerance: relativeTolerance,
        absoluteTolerance: absoluteTolerance, checkDType: false, message(), file: file, line: line)
}

/// Asserts that `actual` has exactly `shape`, `dtype` and the row-major `values` (NaN equals NaN; ±0 are equal).
public func assertElements(
    _ actual: Tensor, _ values: [Double], shape: [Int], dtype: DType? = nil, _ message: @autoclosure () -> String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    let prefix = message().isEmpty ? "" : message() + ": "
    XCTAssertEqual(actual.shape, shape, "\(prefix)shape", file: file, line: line)
    if let dtype { XCTAssertEqual(actual.dtype, dtype, "\(prefix)dtype", file: file, line: line) }
    guard actual.shape == shape else { return }
    let a = actual.toDoubles()
    for i in 0..<a.count where !(a[i] == values[i] || (a[i].isNaN && values[i].isNaN)) {
        XCTFail(
            "\(prefix)element \(multiIndex(i, shape: shape)) is \(a[i]), expected \(values[i]); got \(a), expected \(values)",
            file: file, line: line)
        return
    }
}

/// How far `actual` lies beyond the tolerance around `expected` (≤ 0 when close).
func closeExcess(_ actual: Double, _ expected: Double, relativeTolerance: Double, absoluteTolerance: Double) -> Double {
    if actual.isNaN || expected.isNaN { return actual.isNaN && expected.isNaN ? 0 : .infinity }
    if actual.isInfinite || expected.isInfinite { return actual == expected ? 0 : .infinity }
    return Swift.abs(actual - expected) - (absoluteTolerance + relativeTolerance * Swift.abs(expected))
}

/// `assertClose` for plain arrays, compared as 1-D Float64 tensors.
public func assertClose(
    _ actual: [Double], _ expected: [Double], relativeTolerance: Double = 1e-5, absoluteTolerance: Double = 1e-6,
    _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line
) {
    assertClose(
        Tensor(actual, shape: [actual.count], dtype: .float64),
        Tensor(expected, shape: [expected.count], dtype: .float64),
        relativeTolerance: relativeTolerance, absoluteTolerance: absoluteTolerance, message(), file: file, line: line)
}
