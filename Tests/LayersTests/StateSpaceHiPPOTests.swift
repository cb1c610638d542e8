import Autograd
import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

/// HiPPO matrices against their closed forms, the normal-plus-low-rank form, and the unitary diagonalization of the
/// normal part.
final class StateSpaceHiPPOTests: XCTestCase {
    private func maximumDifference(_ a: Tensor, _ b: Tensor) -> Double { (a - b).abs().max().item() }

    func testLegendreScaledMatchesClosedForm() {
        let n = 7
        let hippo = HiPPO(.legendreScaled, stateSize: n)
        let a = hippo.stateMatrix.toDoubles()
        let b = hippo.inputVector.toDoubles()
        for row in 0..<n {
            XCTAssertEqual(b[row], (2 * Double(row) + 1).squareRoot(), accuracy: 1e-15)
            for column in 0..<n {
                let expected =
                    row > column
                    ? -((2 * Double(row) + 1) * (2 * Double(column) + 1)).squareRoot()
                    : row == column ? -Double(row + 1) : 0
                XCTAssertEqual(a[row * n + column], expected, accuracy: 1e-14, "A[\(row), \(column)]")
            }
        }
        // Lower triangular: the eigenvalues are the diagonal −1, …, −n.
        let eigenvalues = try! Linalg.eig(hippo.stateMatrix).eigenvalues
        assertClose(
            eigenvalues.real.toDoubles().sorted(), (1...n).map { -Double($0) }.sorted(), relativeTolerance: 0,
            absoluteTolerance: 1e-9)
        XCTAssertLessThan(eigenvalues.imaginary.abs().max().item(), 1e-9)
    }

    func testLegendreTranslatedMatchesClosedForm() {
        let n = 6
        let hippo = HiPPO(.legendreTranslated, stateSize: n)
        let a = hippo.stateMatrix.toDoubles()
        let b = hippo.inputVector.toDoubles()
        for row in 0..<n {
            XCTAssertEqual(b[row], 0.5 * (2 * Double(row) + 1).squareRoot(), accuracy: 1e-15)
            for column in 0..<n {
                let magnitude = 0.5 * ((2 * Double(row) + 1) * (2 * Double(column) + 1)).squareRoot()
                let sign = row >= column ? 1.0 : Foundation.pow(-1.0, Double(row - column))
                XCTAssertEqual(a[row * n + column], -magnitude * sign, accuracy: 1e-14, "A[\(row), \(column)]")
            }
        }
    }

    func testFourierTranslatedMatchesClosedForm() {
        let n = 8
        let hippo = HiPPO(.fourierTranslated, stateSize: n)
        let b = hippo.inputVector.toDoubles()
        XCTAssertEqual(b, [1, 0, 2.squareRoot(), 0, 2.squareRoot(), 0, 2.squareRoot(), 0])
        // A + BBᵀ is block diagonal: rotations of frequency πk on the pairs (2k, 2k + 1).
        let rotation =
            (hippo.stateMatrix + hippo.inputVector.reshaped([n, 1]).matmul(hippo.inputVector.reshaped([1, n])))
            .toDoubles()
        for row in 0..<n {
            for column in 0..<n {
                var expected = 0.0
                if row % 2 == 0 && column == row + 1 { expected = -Double.pi * Double(row / 2) }
                if row % 2 == 1 && column == row - 1 { expected = Double.pi * Double(column / 2) }
                XCTAssertEqual(rotation[row * n + column], expected, accuracy: 1e-14, "(A + BBᵀ)[\(row), \(column)]")
            }
        }
    }

    func testNormalPlusLowRankForms() {
        for measure in HiPPOMeasure.allCases {
            let hippo = HiPPO(measure, stateSize: 9)
            let p = hippo.lowRankFactor
            let normal = hippo.normalPart
            XCTAssertLessThan(
                maximumDifference(normal - p.transposed().matmul(p), hippo.stateMatrix), 1e-13, "\(measure)")
            let commutator = normal.matmul(normal.transposed()) - normal.transposed().matmul(normal)
            XCTAssertLessThan(commutator.abs().max().item(), 1e-10, "\(measure): A_N is not normal")
        }
        let legendre = HiPPO(.legendreScaled, stateSize: 9).normalPart
        XCTAssertLessThan(maximumDifference(legendre.diagonal(), Tensor.full([9], value: -0.5, dtype: .float64)), 1e-14)
        XCTAssertLessThan(
            maximumDifference(legendre + legendre.transposed(), Tensor.eye(9, dtype: .float64) * -1), 1e-13,
            "LegS: A_N + A_Nᵀ = −I")
    }

    func testNormalPartDiagonalizationIsUnitaryAndExact() throws {
        for measure in HiPPOMeasure.allCases {
            for n in [8, 9, 64] {
                let hippo = HiPPO(measure, stateSize: n)
                let diagonalization = try hippo.diagonalizedNormalPart()
                let v = ComplexVariable(constant: diagonalization.eigenvectors)
                let gram = v.conjugate().permuted([1, 0]).matmul(v).values
                XCTAssertLessThan(
                    maximumDifference(gram.real, Tensor.eye(n, dtype: .float64)), 1e-10, "\(measure) \(n)")
                XCTAssertLessThan(gram.imaginary.abs().max().item(), 1e-10, "\(measure) \(n)")
                let reconstructed = try diagonalization.reconstructed()
                let scale = hippo.normalPart.abs().max().item()
                XCTAssertLessThan(
                    maximumDifference(reconstructed.real, hippo.normalPart) / scale, 1e-11, "\(measure) \(n)")
                XCTAssertLessThan(reconstructed.imaginary.abs().max().item() / scale, 1e-11, "\(measure) \(n)")
                XCTAssertLessThan(try diagonalization.conditionNumber(), 1 + 1e-9)
                let imaginary = diagonalization.eigenvalues.imaginary.toDoubles()
                XCTAssertEqual(imaginary, imaginary.sorted(), "eigenvalues sorted by imaginary part")
            }
        }
    }

    func testLegendreScaledEigenvectorsAreIllConditioned() throws {
        let hippo = HiPPO(.legendreScaled, stateSize: 64)
        XCTAssertGreaterThan(try Diagonalization(of: hippo.stateMatrix).conditionNumber(), 1e10)
    }
}
