import Foundation
import RealModule
import Tensor
import TestSupport
import XCTest

/// `Tensor.map` against the same function evaluated on `Double` (libm through swift-numerics), in both float
/// dtypes, on views, on tensors large enough to be split across cores, and for derivatives.
final class TensorMapTests: XCTestCase {
    /// The values of `name`'s points as a [2, k] float64 tensor.
    static func points(_ f: ElementaryFunction) -> Tensor {
        let values = f.points + f.points.map { $0 * 0.9 }
        return Tensor(values, shape: [2, f.points.count], dtype: .float64)
    }

    func testValuesMatchDoubleReferenceInBothDtypes() {
        for name in ElementaryFunction.Name.allCases {
            let f = ElementaryFunction(name: name)
            let x = Self.points(f)
            let expected = referenceMap(x) { f($0) }
            assertClose(x.map(f), expected, relativeTolerance: 1e-13, absoluteTolerance: 1e-14, "\(name) float64")
            let x32 = x.cast(to: .float32)
            let expected32 = referenceMap(x32, dtype: .float32) { f($0) }
            assertClose(x32.map(f), expected32, relativeTolerance: 4e-6, absoluteTolerance: 1e-6, "\(name) float32")
        }
    }

    func testDerivativesMatchDualsOnDouble() {
        for name in ElementaryFunction.Name.allCases {
            let f = ElementaryFunction(name: name)
            let x = Self.points(f)
            let first = referenceMap(x) { Derivative(f)($0) }
            let second = referenceMap(x) { Derivative(Derivative(f))($0) }
            assertClose(x.map(Derivative(f)), first, relativeTolerance: 1e-12, absoluteTolerance: 1e-13, "\(name)′")
            assertClose(
                x.map(Derivative(Derivative(f))), second, relativeTolerance: 1e-12, absoluteTolerance: 1e-13, "\(name)″"
            )
        }
    }

    func testEveryLayoutGivesTheValuesOfItsContiguousCopy() {
        let f = ElementaryFunction(name: .tanh)
        let values = Tensor(Samples.distinct(24, in: -2, 2), shape: [2, 3, 4], dtype: .float64)
        for variant in layoutVariants(of: values) {
            assertClose(
                variant.tensor.map(f), variant.tensor.copied().map(f), relativeTolerance: 0, absoluteTolerance: 0,
                variant.name)
            XCTAssertEqual(variant.tensor.map(f).shape, variant.tensor.shape)
        }
    }

    func testLargeTensorSplitAcrossCoresMatchesReference() {
        let n = 1 << 18
        let x = Tensor((0..<n).map { Double($0) / Double(n) * 8 - 4 }, shape: [n], dtype: .float32)
        let f = ElementaryFunction(name: .erf)
        assertClose(
            x.map(f), referenceMap(x, dtype: .float32) { f($0) }, relativeTolerance: 4e-6, absoluteTolerance: 1e-7)
    }

    func testSinAndCosOfHugeArgumentsUseLibm() {
        let x = Tensor([1e30, -3e25, 1e9, 2.5], shape: [4], dtype: .float64)
        assertClose(
            x.map(ElementaryFunction(name: .sin)), referenceMap(x) { Foundation.sin($0) }, relativeTolerance: 1e-13,
            absoluteTolerance: 1e-15)
    }

    func testIntegerTensorIsRejected() {
        expectFatalError(containing: "map: expects a floating dtype, got int64 (shape [2])") {
            _ = Tensor([1, 2], shape: [2], dtype: .int64).map(ElementaryFunction(name: .exp))
        }
    }
}
