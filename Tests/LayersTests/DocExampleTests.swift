import Autograd
import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

/// The `/// ```swift` examples of Layers' doc comments that ReadmeExampleTests does not already run (Module,
/// Optimizer, LBFGS.minimize, the cosine scheduler, Checkpoint, Safetensors, CSV, Dataset, the plots, the progress
/// bar's wrapping, `Module.load(from:strict:)`), copied as written (a user copies them) with the example's free
/// names (`x`, `u`, `url`, …) bound to small inputs first. One test per documented symbol.
final class DocExampleTests: XCTestCase {
    // MARK: Layers/

    /// Sources/Layers/Layers/Linear.swift
    func testLinear() {
        var generator = RandomGenerator(seed: 0)
        let layer = Linear(3, 2, using: &generator)  // 3 → 2, Float32
        let given = Linear(weight: Tensor.eye(2), bias: nil)  // from a given weight
        let y = layer(Variable(Tensor.ones([5, 3])))  // [5, 2]
        XCTAssertEqual(layer.weight.value.dtype, .float32)
        XCTAssertEqual(y.shape, [5, 2])
        let v = Variable(Tensor([1, 2, 3, 4] as [Float], shape: [2, 2]))
        XCTAssertEqual(given(v).value.toDoubles(), v.value.toDoubles())
    }

    /// Sources/Layers/Layers/Conv1d.swift
    func testConv1d() {
        var generator = RandomGenerator(seed: 0)
        let x = Variable(Tensor.uniform([2, 64, 32], using: &generator))
        let conv = Conv1d(inputChannels: 64, outputChannels: 64, kernelSize: 1, using: &generator)  // pointwise
        let y = conv(x)  // [20, 64, 1024] for x [20, 64, 1024]
        XCTAssertEqual(y.shape, [2, 64, 32])
    }

    /// Sources/Layers/Layers/Conv2d.swift
    func testConv2d() {
        var generator = RandomGenerator(seed: 0)
        let images = Variable(Tensor.uniform([2, 3, 32, 32], using: &generator))
        let conv = Conv2d(inputChannels: 3, outputChannels: 16, kernelSize: 3, padding: 1, using: &generator)
        let y = conv(images)  // [N, 3, 32, 32] → [N, 16, 32, 32]
        XCTAssertEqual(y.shape, [2, 16, 32, 32])
    }

    /// Sources/Layers/Layers/IntOrPair.swift
    func testIntOrPair() {
        var generator = RandomGenerator(seed: 0)
        let conv = Conv2d(inputChannels: 3, outputChannels: 16, kernelSize: [3, 5], padding: 1, using: &generator)
        XCTAssertEqual(conv.weight.value.shape, [16, 3, 3, 5])
        // padding 1 on both axes: 8 + 2 − 3 + 1 rows, 8 + 2 − 5 + 1 columns.
        XCTAssertEqual(conv(Variable(Tensor.ones([1, 3, 8, 8]))).shape, [1, 16, 8, 6])
    }

    /// Sources/Layers/Layers/Embedding.swift
    func testEmbedding() {
        var generator = RandomGenerator(seed: 0)
        let embedding = Embedding(embeddingCount: 1000, dimensions: 64, using: &generator)
        let vectors = embedding(Tensor([Int64(3), 14, 15], shape: [1, 3]))  // [1, 3, 64]
        XCTAssertEqual(vectors.shape, [1, 3, 64])
        XCTAssertEqual(vectors.value[0, 1].toDoubles(), embedding.weight.value[14].toDoubles())
    }

    /// Sources/Layers/Layers/LayerNorm.swift
    func testLayerNorm() {
        var generator = RandomGenerator(seed: 0)
        let x = Variable(Tensor.normal([4, 5, 64], mean: 3, standardDeviation: 2, dtype: .float64, using: &generator))
        let norm = LayerNorm(normalizedShape: [64], dtype: .float64)
        let y = norm(x)  // [batch, tokens, 64]
        XCTAssertEqual(y.shape, [4, 5, 64])
        let row = y.value[2, 3].toDoubles()
        XCTAssertEqual(row.reduce(0, +) / 64, 0, accuracy: 1e-9)
        XCTAssertEqual(row.map { $0 * $0 }.reduce(0, +) / 64, 1, accuracy: 1e-3)
    }

    /// Sources/Layers/Layers/RandomFourierFeatures.swift
    func testRandomFourierFeatures() {
        var generator = RandomGenerator(seed: 0)
        let features = RandomFourierFeatures(
            inputDimensions: 2, featureCount: 128, standardDeviation: 10, using: &generator)
        let model = Sequential {
            features
            MLP([256, 128, 1], using: &generator)
        }
        XCTAssertEqual(features(Variable(Tensor.ones([7, 2]))).shape, [7, 256])
        XCTAssertEqual(model(Variable(Tensor.ones([7, 2]))).shape, [7, 1])
    }

    // MARK: Initializers/

    /// Sources/Layers/Initializers/Initializer.swift
    func testInitializer() {
        var generator = RandomGenerator(seed: 0)
        let w = Initializer.kaimingNormal(nonlinearity: .relu).make(shape: [256, 128], using: &generator)
        XCTAssertEqual(w.shape, [256, 128])
        // Kaiming: standard deviation √(2 / fan-in).
        let values = w.toDoubles()
        let variance = values.map { $0 * $0 }.reduce(0, +) / Double(values.count)
        XCTAssertEqual(variance.squareRoot(), (2.0 / Double(w.shape[1])).squareRoot(), accuracy: 0.01 * 0.125)
    }

    // MARK: NeuralOperators/

    /// Sources/Layers/NeuralOperators/DeepONet.swift
    func testDeepONet() {
        var g = RandomGenerator(seed: 0)
        let sensors = Variable(Tensor.uniform([5, 100], using: &g))
        let points = Variable(Tensor.uniform([7, 1], using: &g))
        let net = DeepONet(
            branch: MLP([100, 64, 64], activation: .tanh, using: &g),
            trunk: MLP([1, 64, 64], activation: .tanh, using: &g))
        let values = net(sensors, points)  // [B, 100], [P, 1] → [B, P]
        XCTAssertEqual(values.shape, [5, 7])
    }

    /// Sources/Layers/NeuralOperators/SpectralConvolution1d.swift
    func testSpectralConvolution1d() {
        var generator = RandomGenerator(seed: 0)
        let x = Variable(Tensor.uniform([2, 64, 64], using: &generator))
        let spectral = SpectralConvolution1d(inputChannels: 64, outputChannels: 64, modes: 16, using: &generator)
        let y = spectral(x)  // [20, 64, 1024] → [20, 64, 1024]
        XCTAssertEqual(y.shape, [2, 64, 64])
        // A constant input has only mode 0, so its output is constant along the signal.
        let constant = spectral(Variable(Tensor.ones([1, 64, 64]))).value[0, 0].toDoubles()
        XCTAssertEqual(constant.max()! - constant.min()!, 0, accuracy: 1e-4)
    }

    /// Sources/Layers/NeuralOperators/FNO1d.swift
    func testFNO1d() {
        var generator = RandomGenerator(seed: 0)
        let u = Variable(Tensor.uniform([2, 64, 1], using: &generator))
        let fno = FNO1d(modes: 16, width: 64, using: &generator)  // the benchmark's model
        let y = fno(u)  // [20, 1024, 1] → [20, 1024, 1]
        XCTAssertEqual(y.shape, [2, 64, 1])
        XCTAssertTrue(y.value.toDoubles().allSatisfy(\.isFinite))
    }

    // MARK: Probes/

    /// Sources/Layers/Probes/LogisticProbe.swift
    func testLogisticProbe() {
        var g = RandomGenerator(seed: 0)
        // Ten separable classes: class k's features sit around 3·e_k.
        func samples(_ n: Int) -> (Tensor, Tensor) {
            let labels = (0..<n).map { Int64($0 % 10) }
            let centers = Tensor.oneHot(Tensor(labels), classes: 10, dtype: .float64) * 3
            return (centers + Tensor.normal([n, 10], dtype: .float64, using: &g), Tensor(labels))
        }
        let (train, trainLabels) = samples(200)
        let (test, testLabels) = samples(100)
        var probe = LogisticProbe(classes: 10)
        let chosen = probe.fitTuningPenalty(features: train, labels: trainLabels, using: &g)  // 5 stratified folds
        let accuracy = probe.accuracy(features: test, labels: testLabels)
        XCTAssertEqual(probe.penalty, chosen)
        XCTAssertGreaterThan(accuracy, 0.8)
    }

    // MARK: StateSpace/

    /// Sources/Layers/StateSpace/HiPPO.swift
    func testHiPPO() {
        let hippo = HiPPO(.legendreScaled, stateSize: 64)
        XCTAssertEqual(hippo.stateMatrix.shape, [64, 64])  // A [64, 64]
        XCTAssertEqual(hippo.inputVector.shape, [64])  // B [64]
        XCTAssertEqual(hippo.lowRankFactor.shape, [1, 64])  // P [1, 64]
        // HiPPO-LegS: A = −(n + 1) on the diagonal.
        XCTAssertEqual(hippo.stateMatrix[3, 3].toDoubles(), [-4])
    }

    /// Sources/Layers/StateSpace/PerturbThenDiagonalize.swift
    func testPerturbedDiagonalization() throws {
        var generator = RandomGenerator(seed: 0)
        let hippo = HiPPO(.legendreScaled, stateSize: 64)
        let ptd = try PerturbedDiagonalization(
            hippo.stateMatrix, perturbation: .random(relativeSize: 1e-2), using: &generator)
        _ = ptd.conditionNumber  // κ₂(Ṽ) ≈ 1e3, against > 1e10 for E = 0
        let b = try ptd.diagonalization.transformedInput(hippo.inputVector)  // Ṽ⁻¹B
        XCTAssertEqual(Foundation.log10(ptd.conditionNumber), 3, accuracy: 1)
        let unperturbed = try PerturbedDiagonalization(hippo.stateMatrix, perturbation: .none, using: &generator)
        XCTAssertGreaterThan(unperturbed.conditionNumber, 1e10)
        XCTAssertEqual(ptd.relativeSize, 1e-2, accuracy: 1e-6)
        XCTAssertEqual(b.shape, [64])
    }

    /// Sources/Layers/StateSpace/S4DLayer.swift
    func testS4DLayer() throws {
        var rng = RandomGenerator(seed: 1)
        let u = Tensor.normal([2, 16, 32], dtype: .float32, using: &rng)
        var generator = RandomGenerator(seed: 0)
        let layer = try S4DLayer(channels: 32, stateSize: 64, initialization: .inverse, using: &generator)
        let y = layer(Variable(u))  // u [batch, L, 32] → y [batch, L, 32]
        let z = layer.recurrentOutput(u)  // the same by the recurrence
        let copy = S4DLayer(parameters: layer.parameterValues.cast(to: .float64))
        XCTAssertEqual(y.dtype, .float32)
        XCTAssertEqual(y.shape, [2, 16, 32])
        assertClose(z, y.value, relativeTolerance: 1e-3, absoluteTolerance: 1e-4)
        assertClose(
            copy(Variable(u.cast(to: .float64))).value, y.value, relativeTolerance: 1e-3, absoluteTolerance: 1e-4,
            checkDType: false)
    }

    /// Sources/Layers/StateSpace/StateSpaceSequenceModel.swift
    func testStateSpaceSequenceModel() throws {
        var generator = RandomGenerator(seed: 0)
        let model = try StateSpaceSequenceModel(
            inputDimensions: 2, channels: 32, outputDimensions: 1, depth: 2, pooling: .last, using: &generator
        ) { generator in try S4DLayer(channels: 32, stateSize: 64, initialization: .inverse, using: &generator) }
        XCTAssertEqual(model.blocks.count, 2)
        XCTAssertEqual(model(Variable(Tensor.ones([3, 10, 2]))).shape, [3, 1])
    }

    // MARK: Checkpoints/

    /// Sources/Layers/Checkpoints/CheckpointError.swift and Module+Checkpoint.swift (`save(to:)`)
    func testCheckpointError() throws {
        let runDirectory = try TestFiles.temporaryDirectory(for: self)
        var generator = RandomGenerator(seed: 0)
        let saved = MLP([2, 32, 1], using: &generator)
        try saved.save(to: runDirectory.appendingPathComponent("model.safetensors"))
        let url = runDirectory.appendingPathComponent("model.safetensors")
        let model = MLP([2, 64, 1], using: &generator)
        var message = ""
        do {
            try model.load(from: url)
        } catch let error as CheckpointError {
            message = "\(error)"
        }
        XCTAssertTrue(message.contains("model.safetensors does not match the module:"), message)
        XCTAssertTrue(message.contains("mis-shaped"), message)
    }

    // MARK: Data/

    /// Sources/Layers/Data/DataError.swift
    func testDataError() throws {
        let url = try TestFiles.temporaryDirectory(for: self).appendingPathComponent("measurements.csv")
        try "time,flow,pressure\n0,1,2\n1,1,n/a\n".write(to: url, atomically: true, encoding: .utf8)
        var message = ""
        do {
            let table = try CSV.load(from: url)
            XCTFail("loaded \(table.values.shape)")
        } catch let error as DataError {
            message = "\(error)"
        }
        XCTAssertTrue(
            message.hasSuffix("measurements.csv, line 3, column 3 (pressure): 'n/a' is not a number"), message)
    }

    /// Sources/Layers/Data/NumPy.swift
    func testNumPy() throws {
        let directory = try TestFiles.temporaryDirectory(for: self)
        // The example's relative paths resolve against the working directory.
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(directory.path))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        try NumPy.save(Tensor([1.0, 2, 3, 4], shape: [2, 2]), to: URL(fileURLWithPath: "burgers_solution.npy"))
        try FileManager.default.copyItem(
            at: TestFiles.fixture("arrays_stored.npz"), to: URL(fileURLWithPath: "dataset.npz"))
        let prediction = Tensor([0.5, -0.5] as [Float])

        let solution = try NumPy.load(from: URL(fileURLWithPath: "burgers_solution.npy"))  // [256, 1024] float64
        try NumPy.save(prediction, to: URL(fileURLWithPath: "prediction.npy"))
        let arrays = try NumPy.loadArchive(from: URL(fileURLWithPath: "dataset.npz"))  // ["x": …, "y": …]

        XCTAssertEqual(solution.dtype, .float64)
        XCTAssertEqual(solution.toDoubles(), [1, 2, 3, 4])
        XCTAssertEqual(try NumPy.load(from: URL(fileURLWithPath: "prediction.npy")).toDoubles(), [0.5, -0.5])
        XCTAssertEqual(Set(arrays.keys), ["x", "y"])
    }

    /// Sources/Layers/Data/NumPy+Archive.swift (the fixture's keys are x and y, the example's a Darcy data set's)
    func testNumPyLoadArchive() throws {
        let arrays = try NumPy.loadArchive(from: TestFiles.fixture("arrays_deflated.npz"))
        let (inputs, solutions) = (arrays["x"]!, arrays["y"]!)
        XCTAssertEqual(inputs.shape, [3, 2])
        XCTAssertEqual(solutions.shape, [3])
    }

    /// Sources/Layers/Data/DataLoader.swift
    func testDataLoader() {
        let inputs = Tensor((0..<200).map(Double.init), shape: [100, 2], dtype: .float64)
        let targets = inputs.sum(axes: [1], keepDims: true)
        let loader = DataLoader([inputs, targets], batchSize: 64)  // inputs [N, 2], targets [N, 1]
        var generator = RandomGenerator(seed: 0)
        var seen = 0
        for epoch in 0..<2 {
            for batch in loader.batches(shuffledBy: &generator) {
                let (x, y) = (batch[0], batch[1])  // [64, 2], [64, 1]
                XCTAssertTrue(x.sum(axes: [1], keepDims: true).allClose(y), "epoch \(epoch)")
                seen += x.shape[0]
            }
        }
        XCTAssertEqual(seen, 200)
    }

    // MARK: Training/

    /// Sources/Layers/Training/MetricsLog.swift
    func testMetricsLog() throws {
        let runDirectory = try TestFiles.temporaryDirectory(for: self)
        let log = try MetricsLog(url: runDirectory.appendingPathComponent("metrics.jsonl"))
        try log.record(step: 100, ["loss": 0.0132, "lr": 1e-3])
        // {"step":100,"wall_time":1764403200.125,"loss":0.0132,"lr":0.001}
        let line = try String(contentsOf: runDirectory.appendingPathComponent("metrics.jsonl"), encoding: .utf8)
        let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        XCTAssertEqual(record["step"] as? Int, 100)
        XCTAssertEqual(record["loss"] as? Double, 0.0132)
        XCTAssertEqual(record["lr"] as? Double, 0.001)
        XCTAssertNotNil(record["wall_time"] as? Double)
    }

    // MARK: The parts of partly covered examples that ReadmeExampleTests does not run

    /// Sources/Layers/Optimizers/LBFGS.swift (`step`, and `minimize` reporting its iterations)
    func testLBFGS() {
        var generator = RandomGenerator(seed: 0)
        let model = Linear(2, 1, dtype: .float64, using: &generator)
        let x = Variable(Tensor.uniform([16, 2], dtype: .float64, using: &generator))
        let y = Variable(x.value.matmul(Tensor([1.0, -2], shape: [2, 1])) + 0.5)
        let lbfgs = LBFGS(parameters: model.parameters(), lineSearch: .strongWolfe)
        let loss = lbfgs.step { Loss.meanSquaredError(model(x), y) }  // the `Optimizer` spelling
        var reported: [Double] = []
        lbfgs.minimize(
            { Loss.meanSquaredError(model(x), y) },
            onIteration: { iteration in
                reported.append(iteration.loss)  // once per iteration
            })
        // `step` returns the loss at the start (as PyTorch's does); the iterations then fit the line.
        XCTAssertGreaterThan(loss, 1e-3)
        XCTAssertTrue(reported.allSatisfy { $0 < loss })
        XCTAssertLessThan(Loss.meanSquaredError(model(x), y).item(), loss * 1e-6)
    }

    /// Sources/Layers/Optimizers/LearningRateScheduler.swift (the plateau half)
    func testLearningRateSchedulerOnPlateau() {
        let model = Linear(weight: Tensor.ones([1, 1]), bias: nil)
        let optimizer = Adam(parameters: model.parameters(), learningRate: 1e-3)
        let epochs = 8
        var validationLosses = [1.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5].makeIterator()
        func trainOneEpoch() {}
        func validationLoss() -> Double { validationLosses.next()! }
        let plateau = LearningRateScheduler(optimizer, plateau: ReduceOnPlateau(learningRate: 1e-3, patience: 5))
        for _ in 0..<epochs {
            trainOneEpoch()
            plateau.step(loss: validationLoss())  // per epoch
        }
        // Six reports without improvement after the best, one more than the patience: one reduction.
        XCTAssertEqual(optimizer.learningRate, 1e-4, accuracy: 1e-12)
    }

    /// Sources/Layers/Training/ProgressBar.swift (`update` with extra values)
    func testProgressBarUpdate() {
        let optimizer = Adam(parameters: [Parameter(Tensor.zeros([1]))], learningRate: 1e-3)
        let scheduler = LearningRateScheduler(
            optimizer, schedule: CosineWithWarmup(base: 1e-3, totalSteps: 10, warmupSteps: 2))
        var steps = 0
        func trainStep() -> Double {
            steps += 1
            scheduler.step()
            return 1 / Double(steps)
        }
        let progress = ProgressBar(total: 10, label: "train")
        for step in 1...10 {
            let loss = trainStep()
            progress.update(step: step, loss: loss, values: ["lr": scheduler.learningRate])
        }
        progress.finish()
        XCTAssertEqual(steps, 10)
    }

    /// Sources/Layers/Plot/LinePlot.swift and Heatmap.swift (`write`), PlotPanels.swift (a heatmap on the default
    /// axes)
    func testPlotsWrite() throws {
        let runDirectory = try TestFiles.temporaryDirectory(for: self)
        let steps = [1.0, 2, 3, 4]
        let trainLosses = [1.0, 0.5, 0.25, 0.125]
        let testLosses = [1.0, 0.6, 0.4, 0.3]
        let (savedSteps, savedLosses) = ([2.0, 4], [0.5, 0.125])
        var plot = LinePlot(title: "Training", xLabel: "step", yLabel: "loss", yScale: .logarithmic)
        plot.addSeries("train", x: steps, y: trainLosses)
        plot.addSeries("test", x: steps, y: testLosses)
        plot.addScatter("checkpoints", x: savedSteps, y: savedLosses)  // markers, no line
        try plot.write(to: runDirectory.appendingPathComponent("loss.svg"))

        let u = Tensor.zeros([64, 128], dtype: .float64)  // u[t, x]
        let map = Heatmap(u, x: 0...1, y: 0...2, title: "u(x, t)", xLabel: "x", yLabel: "t", colorbarLabel: "u")
        try map.write(to: runDirectory.appendingPathComponent("solution.svg"))

        let (lossPlot, error) = (plot, Tensor.ones([8, 8], dtype: .float64))
        var figure = PlotPanels(columns: 2)
        figure.add(lossPlot)  // a LinePlot
        figure.add(Heatmap(error, title: "|u − û|", colorbarLabel: "error"))
        try figure.write(to: runDirectory.appendingPathComponent("summary.svg"))

        for name in ["loss.svg", "solution.svg", "summary.svg"] {
            let svg = try String(contentsOf: runDirectory.appendingPathComponent(name), encoding: .utf8)
            XCTAssertTrue(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"), name)
        }
        let loss = try String(contentsOf: runDirectory.appendingPathComponent("loss.svg"), encoding: .utf8)
        XCTAssertTrue(loss.contains("checkpoints") && loss.contains("Training"))
    }

    /// Sources/Layers/Structured/StructuredLinear.swift
    func testStructuredLinear() {
        var generator = RandomGenerator(seed: 0)
        let layer = StructuredLinear(64, 64, structure: .hankel, using: &generator)  // 127 weights + 64 biases
        let y = layer(Variable(Tensor.ones([8, 64])))  // [8, 64]
        XCTAssertEqual(layer.parameterCount, 127 + 64)
        XCTAssertEqual(y.shape, [8, 64])
    }

    /// Sources/Layers/SparseRegression/CandidateLibrary.swift
    func testCandidateLibrary() {
        let u = [1.0, 2, 3]
        let uxxx = [0.5, -1, 2]
        var library = CandidateLibrary()
        library.add("u", u)  // [Double] of N samples
        library.add("u_xxx", uxxx)
        let theta = library.matrix  // [N, 2]
        XCTAssertEqual(theta.shape, [3, 2])
        XCTAssertEqual(theta.toDoubles(), [1, 0.5, 2, -1, 3, 2])
    }
}
