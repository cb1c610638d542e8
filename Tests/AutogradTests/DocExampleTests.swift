import Autograd
import Foundation
import Tensor
import TestSupport
import XCTest

/// The `/// ```swift` examples of Autograd's doc comments, copied as written (a user copies them), so they keep
/// compiling and doing what their comments say. One test per documented symbol. `checkGradients`
/// (GradientCheck.swift), `detectingAnomalies` (AnomalyDetection.swift) and `Derivatives.hessianVectorProduct`
/// (Derivatives.swift) are in Tests/LayersTests/ReadmeExampleTests.swift.
final class DocExampleTests: XCTestCase {
    /// Sources/Autograd/Engine/Variable.swift
    func testVariable() {
        let x = Variable.leaf(Tensor([0.5, 1.5]))
        let y = (x * x).sum()
        let dx = gradients(of: y, wrt: [x])[0]  // 2x
        XCTAssertEqual(dx.value.toDoubles(), [1, 3])
    }

    /// Sources/Autograd/Engine/Variable+Custom.swift
    func testCustom() {
        let x = Variable.leaf(Tensor([0.5, -1.5, 2.0]))
        // y = x³, ∂ = 3x²·g
        let y = Variable.custom(name: "cube", value: x.value.pow(3), inputs: [x]) { b in
            [b.gradient * b.inputs[0].square() * 3]
        }
        XCTAssertEqual(y.value.toDoubles(), [0.125, -3.375, 8])
        let dx = gradients(of: y.sum(), wrt: [x])[0]
        XCTAssertEqual(dx.value.toDoubles(), [0.75, 6.75, 12])

        // Written with Variable ops, the pullback has a gradient too: first and second order against central
        // differences.
        let report = checkGradients(at: [Tensor([0.5, -1.5, 2.0])], order: 2) { v in
            Variable.custom(name: "cube", value: v[0].value.pow(3), inputs: [v[0]]) { b in
                [b.gradient * b.inputs[0].square() * 3]
            }.sum()
        }
        XCTAssert(report.passed, "\(report)")
    }

    /// Sources/Autograd/Primitives/Variable+Unfold.swift
    func testUnfolded() {
        let x = Variable(Tensor.ones([8, 3, 32]))
        let columns = x.unfolded(kernelSize: [5], stride: [2], padding: [2], dilation: [1])  // [8, 3, 5, 16]
        XCTAssertEqual(columns.shape, [8, 3, 5, 16])
        XCTAssertTrue(
            columns.value.allClose(x.value.unfolded(kernelSize: [5], stride: [2], padding: [2], dilation: [1])))
    }
}
