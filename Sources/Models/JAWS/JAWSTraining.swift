import Autograd
import Layers
import Tensor

/// The four ways the JAWS experiment trains a one-step FNO u_{t+1} = u_t + F(u_t) on Burgers pairs.
enum JAWSMethod: String, CaseIterable, Sendable {
    /// One-step relative-L2 loss only.
    case plain
    /// One-step loss + λ·mean ‖J v‖² with the same weight at every point (global contraction).
    case uniform
    /// JAWS: a 2-step unrolled loss + λ·mean w(x)(J v)²(x), w small where the target is steep (shocks) and large where
    /// it is smooth (our reading of the spatially heteroscedastic prior).
    case jaws
    /// An 8-step unrolled (BPTT) loss, no regularizer: the long-horizon baseline.
    case longUnroll

    var unroll: Int {
        switch self {
        case .plain, .uniform: 1
        case .jaws: 2
        case .longUnroll: 8
        }
    }
}

/// Training of one model by one method on trajectories `[count, T + 1, n]`.
struct JAWSTraining {
    let steps: Int
    let batch: Int
    let penaltyWeight: Double
    let learningRate: Double

    /// The one-step map of `model` on states `[B, n]`.
    static func step(_ model: FNO1d, _ u: Variable) -> Variable {
        u + model(u.unsqueezed(axis: 2)).squeezed(axis: 2)
    }

    func train(_ method: JAWSMethod, data: Tensor, seed: UInt64) -> FNO1d {
        var generator = RandomGenerator(seed: seed)
        let model = FNO1d(modes: 12, width: 24, layerCount: 3, projectionWidth: 48, using: &generator)
        let adam = Adam(parameters: model.parameters(), learningRate: learningRate)
        let (count, horizon, n) = (data.shape[0], data.shape[1] - 1, data.shape[2])
        for _ in 0..<steps {
            var windows: [Tensor] = []
            for _ in 0..<batch {
                let i = Int(generator.nextInteger(below: UInt64(count)))
                let t = Int(generator.nextInteger(below: UInt64(horizon - method.unroll + 1)))
                windows.append(data.selected(axis: 0, index: i).narrowed(axis: 0, start: t, length: method.unroll + 1))
            }
            let window = Tensor.stacked(windows)  // [B, unroll + 1, n]
            let start = window.selected(axis: 1, index: 0)
            let targets = (1...method.unroll).map { Variable(window.selected(axis: 1, index: $0)) }
            model.zeroGradients()
            var loss = Rollout.unrolledLoss(
                { JAWSTraining.step(model, $0) }, from: Variable(start), targets: targets,
                loss: { Loss.relativeL2($0, $1, reduction: .mean) })
            if method == .uniform || method == .jaws {
                let weights = method == .jaws ? JAWSTraining.adaptiveWeights(targets[0].value) : nil
                let scaled = Variable((weights ?? Tensor.ones([1, n], dtype: .float32)) * (1 / Double(n)))
                let penalty = JacobianPenalty.hutchinson(
                    { JAWSTraining.step(model, $0) }, at: start, weights: scaled, using: &generator)
                loss = loss + penalty * penaltyWeight
            }
            loss.backward()
            adam.step()
        }
        return model
    }

    /// w(x) = 1/(1 + (|∂ₓu|/s)²) normalized to mean 1 per sample, s the sample's median |∂ₓu| (central differences,
    /// periodic): ~1 in smooth regions, ≪ 1 across a shock.
    static func adaptiveWeights(_ u: Tensor) -> Tensor {
        let n = u.shape[1]
        let right = Tensor.concatenated(
            [u.narrowed(axis: 1, start: 1, length: n - 1), u.narrowed(axis: 1, start: 0, length: 1)], axis: 1)
        let left = Tensor.concatenated(
            [u.narrowed(axis: 1, start: n - 1, length: 1), u.narrowed(axis: 1, start: 0, length: n - 1)], axis: 1)
        let slope = ((right - left) * (Double(n) / 2)).abs()
        let rows = (0..<u.shape[0]).map { b -> [Double] in
            let s = slope.selected(axis: 0, index: b).toDoubles()
            let scale = max(s.sorted()[n / 2], 1e-6)
            let w = s.map { 1 / (1 + ($0 / scale) * ($0 / scale)) }
            let mean = w.reduce(0, +) / Double(n)
            return w.map { $0 / mean }
        }
        return Tensor(rows.flatMap { $0 }, shape: u.shape, dtype: u.dtype)
    }
}
