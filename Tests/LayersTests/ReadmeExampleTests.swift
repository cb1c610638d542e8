import Autograd
import Foundation
import Layers
import Tensor
import XCTest

/// The README's examples, so they keep compiling and doing what the README says.
final class ReadmeExampleTests: XCTestCase {
    func testTasteOfTheAPI() {
        var rng = RandomGenerator(seed: 0)
        let x = Tensor.normal([4, 3], dtype: .float64, using: &rng)
        let w = Variable.leaf(Tensor.normal([3, 2], dtype: .float64, using: &rng))
        let loss = Variable(x).matmul(w).tanh().square().mean()
        let dw = gradients(of: loss, wrt: [w])[0]
        XCTAssertEqual(dw.shape, [3, 2])

        let t = Variable.leaf(Tensor([0.3, 0.7], shape: [2, 1], dtype: .float64))
        let u = t.sin() * t
        let du = gradients(of: u.sum(), wrt: [t], createGraph: true)[0]
        let d2u = gradients(of: du.sum(), wrt: [t])[0]
        let expected = t.value.toDoubles().map { 2 * Foundation.cos($0) - $0 * Foundation.sin($0) }
        XCTAssertEqual(d2u.value.toDoubles()[0], expected[0], accuracy: 1e-12)
        XCTAssertEqual(d2u.value.toDoubles()[1], expected[1], accuracy: 1e-12)

        let report = checkGradients(at: [x], order: 2) { v in v[0].exp().sum(axes: [1]).log() }
        XCTAssert(report.passed, "\(report)")
    }

    func testTrainingScript() throws {
        var rng = RandomGenerator(seed: 0)
        let model = MLP([2, 64, 64, 1], activation: .tanh, using: &rng)
        let optimizer = Adam(parameters: model.parameters(), learningRate: 1e-3)
        let x = Tensor.uniform([256, 2], using: &rng)
        let y = Variable((x.sum(axes: [1], keepDims: true) * 3).sin())
        let progress = ProgressBar(total: 200, label: "train")
        var first = 0.0, last = 0.0
        for step in 0..<200 {
            let loss = Loss.meanSquaredError(model(Variable(x)), y)
            loss.backward()
            optimizer.step()
            progress.update(step: step + 1, loss: loss.item())
            if step == 0 { first = loss.item() }
            last = loss.item()
        }
        progress.finish()
        XCTAssertLessThan(last, first * 0.5)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("readme-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: file) }
        try model.save(to: file)
        var other = RandomGenerator(seed: 1)
        let restored = MLP([2, 64, 64, 1], activation: .tanh, using: &other)
        try restored.load(from: file)
        XCTAssert(restored(Variable(x)).value.allClose(model(Variable(x)).value))
    }
}
