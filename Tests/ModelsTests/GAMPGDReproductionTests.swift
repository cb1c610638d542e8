import Autograd
import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

@testable import Models

/// The GAMP-GD reproduction at toy size (d = 8, 30 steps, 3 students): files, finite errors, determinism under a seed,
/// and the mechanics — batched students train exactly as they would alone, and a student at the teacher's weights
/// has zero error. Verdicts are not asserted.
final class GAMPGDReproductionTests: XCTestCase {
    func testToyRunWritesFiniteErrorsAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gamp-gd-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let result = try ExperimentRunner.run(GAMPGDExperiment(), configuration)
        // α_PR = 0.375: one ratio ≥ α_PR + 0.1, two ≤ α_PR − 0.1, three below α_PR.
        XCTAssertEqual(result.claims.count, 6)
        for claim in result.claims { XCTAssertTrue(claim.measured.mean.isFinite, claim.name) }
        let csv = try String(contentsOf: folder.appendingPathComponent("errors.csv"), encoding: .utf8)
        XCTAssertEqual(csv.split(separator: "\n").count, 1 + 2 * 6 * 3)
        XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent("errors.svg").path))
        let again = try GAMPGDExperiment().run(configuration)
        XCTAssertEqual(again.claims.map(\.measured), result.claims.map(\.measured))
    }

    func testBatchedStudentsTrainAsIfAlone() {
        var generator = RandomGenerator(seed: 3)
        let teacher = QuadraticTeacher(dimension: 6, width: 3, using: &generator)
        let train = teacher.sample(20, using: &generator)
        let ensemble = QuadraticStudents(members: 3, dimension: 6, width: 3, using: &generator)
        let starts = ensemble.hidden.weight.value
        ensemble.train(inputs: train.inputs, labels: train.labels, steps: 25, learningRate: 0.5)
        for member in 0..<3 {
            let alone = QuadraticStudents(members: 1, dimension: 6, width: 3, using: &generator)
            alone.hidden.weight.assign(starts.narrowed(axis: 0, start: member, length: 1).contiguous())
            alone.train(inputs: train.inputs, labels: train.labels, steps: 25, learningRate: 0.5)
            assertClose(
                alone.hidden.weight.value.selected(axis: 0, index: 0),
                ensemble.hidden.weight.value.selected(axis: 0, index: member), relativeTolerance: 1e-10,
                absoluteTolerance: 1e-12)
        }
    }

    func testStudentAtTheTeacherHasZeroError() {
        var generator = RandomGenerator(seed: 4)
        let teacher = QuadraticTeacher(dimension: 6, width: 3, using: &generator)
        let test = teacher.sample(50, using: &generator)
        let students = QuadraticStudents(members: 2, dimension: 6, width: 3, using: &generator)
        students.hidden.weight.assign(Tensor.stacked([teacher.weight, teacher.weight.negated()], axis: 0))
        let errors = students.normalizedErrors(inputs: test.inputs, labels: test.labels)
        XCTAssertEqual(errors.students.max()!, 0, accuracy: 1e-24)
        XCTAssertEqual(errors.averaged, 0, accuracy: 1e-24)
    }
}
