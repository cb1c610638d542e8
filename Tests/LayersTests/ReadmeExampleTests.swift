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
        var first = 0.0
        var last = 0.0
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
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "readme-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: file) }
        try model.save(to: file)
        var other = RandomGenerator(seed: 1)
        let restored = MLP([2, 64, 64, 1], activation: .tanh, using: &other)
        try restored.load(from: file)
        XCTAssert(restored(Variable(x)).value.allClose(model(Variable(x)).value))
    }

    // MARK: Doc-comment examples, written as in the doc comments (a user copies them)

    /// `Module`'s example.
    final class Net: Module {
        let hidden: Linear, output: Linear
        init(using generator: inout RandomGenerator) {
            hidden = Linear(2, 64, using: &generator)
            output = Linear(64, 1, using: &generator)
            super.init()
        }
        func callAsFunction(_ x: Variable) -> Variable { output(hidden(x).tanh()) }
    }

    func testModuleOptimizerSchedulerAndCheckpointExamples() throws {
        var generator = RandomGenerator(seed: 0)
        let model = Net(using: &generator)
        XCTAssertEqual(
            model.namedParameters().map(\.name), ["hidden.weight", "hidden.bias", "output.weight", "output.bias"])
        let x = Variable(Tensor.uniform([32, 2], using: &generator))
        let y = Variable(Tensor.zeros([32, 1]))
        let optimizer = Adam(parameters: model.parameters(), learningRate: 1e-3)
        let scheduler = LearningRateScheduler(
            optimizer, schedule: CosineWithWarmup(base: 1e-3, totalSteps: 10, warmupSteps: 2))
        var losses: [Double] = []
        for _ in 0..<10 {
            losses.append(optimizer.step { Loss.meanSquaredError(model(x), y) })
            scheduler.step()
        }
        XCTAssertLessThan(losses.last!, losses.first!)

        let url = try TestFiles.temporaryDirectory(for: self).appendingPathComponent("checkpoint.safetensors")
        let step = 10
        try Checkpoint(module: model, optimizerState: optimizer.state(namedBy: model), step: step).write(to: url)
        let checkpoint = try Checkpoint(contentsOf: url)
        XCTAssertTrue(checkpoint.optimizerState.keys.contains("hidden.weight.m"))
        var other = RandomGenerator(seed: 1)
        let resumedModel = Net(using: &other)
        let resumed = Adam(parameters: resumedModel.parameters(), learningRate: 1e-3)
        try checkpoint.restore(resumedModel)
        try resumed.load(state: checkpoint.optimizerState, namedBy: resumedModel)
        XCTAssertEqual(checkpoint.step ?? 0, 10)
        XCTAssertEqual(resumed.state["0.m"]?.toDoubles(), optimizer.state["0.m"]?.toDoubles())
    }

    func testLBFGSDatasetPlotAndProgressExamples() throws {
        let p = Parameter(Tensor([2.0, -1.0]))
        let lbfgs = LBFGS(parameters: [p], lineSearch: .strongWolfe)
        var iterations = 0
        lbfgs.minimize({ p.variable.square().sum() }, onIteration: { _ in iterations += 1 })
        XCTAssertGreaterThan(iterations, 0)

        struct Squares: Dataset {
            var count: Int { 100 }
            func sample(at index: Int) -> [Tensor] {
                let x = Double(index) / 100
                return [Tensor([x]), Tensor([x * x])]
            }
        }
        let noisy = Squares().mapped { sample in [sample[0] * 2, sample[1]] }
        let loader = DatasetLoader(noisy, batchSize: 16)
        var generator = RandomGenerator(seed: 0)
        for batch in loader.batches(shuffledBy: &generator) {
            XCTAssertEqual(batch[0].shape[1], 1)
        }

        var plot = LinePlot(title: "Training", xLabel: "step", yLabel: "loss", yScale: .logarithmic)
        plot.addSeries("train", x: [1, 2, 3], y: [1, 0.5, 0.25])
        plot.addScatter("checkpoints", x: [2], y: [0.5])
        var figure = PlotPanels(columns: 2)
        figure.add(plot)
        figure.add(
            Heatmap(Tensor.zeros([8, 16], dtype: .float64), x: 0...1, y: 0...2, title: "u(x, t)", colorbarLabel: "u"))
        let directory = try TestFiles.temporaryDirectory(for: self)
        try figure.write(to: directory.appendingPathComponent("summary.svg"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.appendingPathComponent("summary.svg").path))

        let batches = ProgressBar.wrapping(
            DataLoader([Tensor.zeros([8, 2])], batchSize: 4).batches(), label: "epoch 1")
        var seen = 0
        for batch in batches {
            seen += batch[0].shape[0]
            batches.bar.record(loss: 0.5)
        }
        XCTAssertEqual(seen, 8)
    }

    func testDataCheckpointAndAutogradExamples() throws {
        let directory = try TestFiles.temporaryDirectory(for: self)
        let url = directory.appendingPathComponent("model.safetensors")
        let (w, b) = (Tensor([1.0, 2, 3, 4], shape: [2, 2]), Tensor([0.5, -0.5]))
        try Safetensors.save(["weight": w, "bias": b], metadata: ["epoch": "3"], to: url)
        let tensors = try Safetensors.load(from: url)
        let (same, metadata) = try Safetensors.loadWithMetadata(from: url)
        XCTAssertEqual(Set(tensors.keys), Set(same.keys))
        XCTAssertEqual(metadata, ["epoch": "3"])

        let model = Linear(weight: w, bias: b)
        let report = try model.load(from: url, strict: false)
        XCTAssertTrue(report.isComplete)
        let csv = directory.appendingPathComponent("samples.csv")
        try "x,t,u\n0.0,0.0,1.0\n0.1,0.0,0.95\n".write(to: csv, atomically: true, encoding: .utf8)
        let table = try CSV.load(from: csv, dtype: .float64)
        XCTAssertEqual(table.columnNames, ["x", "t", "u"])
        XCTAssertEqual(table.values.shape, [2, 3])

        let x = Tensor([0.3, -0.2, 0.9])
        let result = checkGradients(at: [x]) { v in (v[0].sin() * v[0]).sum() }
        XCTAssert(result.passed, "\(result)")
        let finite = detectingAnomalies { Variable.leaf(x).sin().sum().item() }
        XCTAssertEqual(finite, x.toDoubles().map(Foundation.sin).reduce(0, +), accuracy: 1e-15)
        let (dw, db) = (Tensor([1.0, 0], shape: [2, 1]), Tensor(scalar: 1.0))
        let data = Tensor([1.0, 2, 3, 4], shape: [2, 2])
        let targets = Tensor([1.0, -1], shape: [2, 1])
        let start = [Tensor([0.5, 0.5], shape: [2, 1]), Tensor(scalar: 0.0)]
        let products = Derivatives.hessianVectorProduct(at: start, vectors: [dw, db]) { p in
            (Variable(data).matmul(p[0]) + p[1] - Variable(targets)).square().sum()
        }
        XCTAssertEqual(products.map(\.shape), [[2, 1], []])
    }
}
