import Foundation
import Tensor
import XCTest

@testable import Layers

final class CheckpointTests: XCTestCase {
    final class Encoder: Module {
        let input: Linear
        let output: Linear
        init(hidden: Int, seed: UInt64) {
            var generator = RandomGenerator(seed: seed)
            input = Linear(3, hidden, using: &generator)
            output = Linear(hidden, 2, using: &generator)
            super.init()
        }
    }

    final class Renamed: Module {
        let input: Linear
        let head: Linear
        init(seed: UInt64) {
            var generator = RandomGenerator(seed: seed)
            input = Linear(3, 4, using: &generator)
            head = Linear(4, 2, bias: false, using: &generator)
            super.init()
        }
    }

    func values(_ module: Module) -> [String: [Double]] {
        Dictionary(uniqueKeysWithValues: module.namedParameters().map { ($0.name, $0.parameter.value.toDoubles()) })
    }

    func testModuleRoundTrip() throws {
        let url = try TestFiles.temporaryDirectory(for: self).appendingPathComponent("model.safetensors")
        let saved = Encoder(hidden: 4, seed: 1)
        try saved.save(to: url, metadata: ["experiment": "round trip"])
        let restored = Encoder(hidden: 4, seed: 2)
        XCTAssertNotEqual(values(restored), values(saved))
        let report = try restored.load(from: url)
        XCTAssertTrue(report.isComplete)
        XCTAssertEqual(report.loaded, ["input.weight", "input.bias", "output.weight", "output.bias"])
        XCTAssertEqual(values(restored), values(saved))
        XCTAssertEqual(
            Set(try Safetensors.load(from: url).keys), ["input.weight", "input.bias", "output.weight", "output.bias"])
    }

    func testStrictLoadingNamesMissingUnexpectedAndMisShapedKeysAndChangesNothing() throws {
        let url = try TestFiles.temporaryDirectory(for: self).appendingPathComponent("model.safetensors")
        try Encoder(hidden: 4, seed: 1).save(to: url)
        let other = Renamed(seed: 3)
        let before = values(other)
        XCTAssertThrowsError(try other.load(from: url)) { error in
            guard case .mismatch(let path, let report) = error as? CheckpointError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, url.path)
            XCTAssertEqual(report.missing, ["head.weight"])
            XCTAssertEqual(report.unexpected, ["output.bias", "output.weight"])
            XCTAssertEqual(report.mismatched, [])
            let text = "\(error)"
            XCTAssertTrue(text.contains("missing: head.weight"), text)
            XCTAssertTrue(text.contains("unexpected: output.bias, output.weight"), text)
        }
        XCTAssertEqual(values(other), before)

        let wider = Encoder(hidden: 5, seed: 4)
        XCTAssertThrowsError(try wider.load(from: url)) { error in
            guard case .mismatch(_, let report) = error as? CheckpointError else { return XCTFail("\(error)") }
            XCTAssertEqual(report.mismatched.map(\.name), ["input.weight", "input.bias", "output.weight"])
            XCTAssertEqual(report.mismatched[0].moduleShape, [5, 3])
            XCTAssertEqual(report.mismatched[0].checkpointShape, [4, 3])
            XCTAssertTrue(
                "\(error)".contains("mis-shaped: input.weight: module [5, 3] float32, checkpoint [4, 3] float32"),
                "\(error)")
        }
    }

    func testNonStrictLoadingLoadsWhatMatchesAndReportsTheRest() throws {
        let url = try TestFiles.temporaryDirectory(for: self).appendingPathComponent("model.safetensors")
        let saved = Encoder(hidden: 4, seed: 1)
        try saved.save(to: url)
        let other = Renamed(seed: 3)
        let headBefore = other.head.weight.value.toDoubles()
        let report = try other.load(from: url, strict: false)
        XCTAssertEqual(report.loaded, ["input.weight", "input.bias"])
        XCTAssertEqual(report.missing, ["head.weight"])
        XCTAssertEqual(report.unexpected, ["output.bias", "output.weight"])
        XCTAssertFalse(report.isComplete)
        XCTAssertEqual(other.input.weight.value.toDoubles(), saved.input.weight.value.toDoubles())
        XCTAssertEqual(other.head.weight.value.toDoubles(), headBefore)
    }

    func testFloatingDTypesAreConvertedAndOthersMismatch() throws {
        let module = Encoder(hidden: 4, seed: 1)
        var parameters = Checkpoint(module: Encoder(hidden: 4, seed: 9)).parameters
        parameters["input.weight"] = parameters["input.weight"]!.cast(to: .float64)
        try Checkpoint(parameters: parameters).restore(module)
        XCTAssertEqual(module.input.weight.dtype, .float32)
        XCTAssertEqual(
            module.input.weight.value.toDoubles(), parameters["input.weight"]!.cast(to: .float32).toDoubles())
        parameters["input.bias"] = Tensor([1, 2, 3, 4] as [Int64])
        XCTAssertThrowsError(try Checkpoint(parameters: parameters).restore(module)) { error in
            XCTAssertTrue("\(error)".contains("input.bias: module [4] float32, checkpoint [4] int64"), "\(error)")
            XCTAssertTrue("\(error)".contains("the checkpoint does not match"), "\(error)")
        }
    }

    func testOptimizerStateAndStepTravelWithTheParameters() throws {
        let url = try TestFiles.temporaryDirectory(for: self).appendingPathComponent("checkpoint.safetensors")
        let model = Encoder(hidden: 4, seed: 1)
        let state = [
            "input.weight.momentum": Tensor.ones([4, 3]),
            "input.weight.variance": Tensor.full([4, 3], value: 0.5, dtype: .float64),
        ]
        try Checkpoint(module: model, optimizerState: state, step: 1234, metadata: ["note": "epoch 7"]).write(to: url)
        let stored = try Safetensors.loadWithMetadata(from: url)
        XCTAssertEqual(stored.metadata, ["note": "epoch 7", "step": "1234"])
        XCTAssertNotNil(stored.tensors["optimizer.input.weight.momentum"])

        let checkpoint = try Checkpoint(contentsOf: url)
        XCTAssertEqual(checkpoint.step, 1234)
        XCTAssertEqual(checkpoint.metadata, ["note": "epoch 7"])
        XCTAssertEqual(Set(checkpoint.optimizerState.keys), Set(state.keys))
        XCTAssertEqual(
            checkpoint.optimizerState["input.weight.variance"]?.toDoubles(), [Double](repeating: 0.5, count: 12))
        let restored = Encoder(hidden: 4, seed: 2)
        XCTAssertTrue(try checkpoint.restore(restored).isComplete, "optimizer entries are not unexpected parameters")
        XCTAssertEqual(values(restored), values(model))
    }

    func testSavingLeavesNoTemporaryFile() throws {
        let directory = try TestFiles.temporaryDirectory(for: self)
        let url = directory.appendingPathComponent("model.safetensors")
        try Encoder(hidden: 4, seed: 1).save(to: url)
        try Encoder(hidden: 4, seed: 2).save(to: url)
        XCTAssertEqual(try TestFiles.contents(of: directory), ["model.safetensors"])
    }

    func testAFailedSaveLeavesTheExistingCheckpointUntouched() throws {
        struct Interrupted: Error {}
        let directory = try TestFiles.temporaryDirectory(for: self)
        let url = directory.appendingPathComponent("model.safetensors")
        try Encoder(hidden: 4, seed: 1).save(to: url)
        let original = try Data(contentsOf: url)

        XCTAssertThrowsError(
            try FileAccess.writeAtomically(to: url) { file in
                try file.write(Array(repeating: 0xAB, count: 1000))
                throw Interrupted()
            }
        ) { XCTAssertTrue($0 is Interrupted) }
        XCTAssertEqual(try Data(contentsOf: url), original)
        XCTAssertEqual(try TestFiles.contents(of: directory), ["model.safetensors"])

        let missingDirectory = directory.appendingPathComponent("absent/model.safetensors")
        assertThrows(
            try Encoder(hidden: 4, seed: 2).save(to: missingDirectory),
            containing: ["could not create a file in \(directory.path)/absent", "No such file"])

        // A directory in the checkpoint's place makes the final rename fail.
        let blocked = directory.appendingPathComponent("blocked.safetensors")
        try FileManager.default.createDirectory(
            at: blocked.appendingPathComponent("inside"), withIntermediateDirectories: true)
        assertThrows(try Encoder(hidden: 4, seed: 2).save(to: blocked), containing: ["could not rename"])
        XCTAssertEqual(try TestFiles.contents(of: directory), ["blocked.safetensors", "model.safetensors"])
        XCTAssertEqual(try Data(contentsOf: url), original)
    }

    func testSavingIntoAReadOnlyDirectoryFailsWithoutTouchingTheCheckpoint() throws {
        try XCTSkipIf(getuid() == 0, "root writes into read-only directories")
        let directory = try TestFiles.temporaryDirectory(for: self)
        let url = directory.appendingPathComponent("model.safetensors")
        try Encoder(hidden: 4, seed: 1).save(to: url)
        let original = try Data(contentsOf: url)
        chmod(directory.path, 0o555)
        defer { chmod(directory.path, 0o755) }
        assertThrows(try Encoder(hidden: 4, seed: 2).save(to: url), containing: ["Permission denied"])
        XCTAssertEqual(try Data(contentsOf: url), original)
    }

    func testAMalformedStepIsCorrupt() throws {
        let url = try TestFiles.temporaryDirectory(for: self).appendingPathComponent("c.safetensors")
        try Safetensors.save(["w": Tensor.ones([1])], metadata: ["step": "soon"], to: url)
        assertThrows(try Checkpoint(contentsOf: url), containing: ["metadata step 'soon' is not an integer"])
    }
}
