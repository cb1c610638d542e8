import Autograd
import Foundation
import Layers
import Tensor

/// Interpolation of S snapshots observed at the same m fixed sensors onto the full periodic grid, the three ways of
/// MEDIDA's comparison (Float64):
/// - `.network`: a tanh MLP 1 → 64 → 64 → 64 → S on x/length (one output per snapshot, shared hidden features);
/// - `.fourierFeatures`: the same MLP after random Fourier features (64 frequencies ~ N(0, σ²), 128 features), the
///   authors' `rff.layers.GaussianEncoding` + MLP;
/// - `.spline`: the periodic cubic spline.
/// The networks are trained with Adam (full batch, cosine schedule) on the standardized sensor values.
enum SensorInterpolation: String, CaseIterable {
    case network = "MLP"
    case fourierFeatures = "RFF-MLP"
    case spline = "spline"

    struct Settings {
        var steps: Int
        var learningRate: Double
        var width = 64
        var frequencyCount = 64
        var standardDeviation = 10.0
    }

    /// The interpolated fields `[S, n]` on `grid` from the sensor values `[S, m]` at `sensors` (grid indices), and
    /// the final training loss (nil for the spline).
    func interpolate(
        _ observed: Tensor, sensors: [Int], grid: [Double], length: Double, settings: Settings,
        using generator: inout RandomGenerator
    ) throws -> (fields: Tensor, loss: Double?) {
        let s = observed.shape[0]
        let positions = sensors.map { grid[$0] }
        let targets = observed.transposed().contiguous()  // [m, S]
        if self == .spline {
            let spline = try PeriodicCubicSpline(knots: positions, period: length, values: targets)
            return (spline.evaluate(at: grid).transposed().contiguous(), nil)
        }
        let scale = Statistics.standardDeviation(targets.toDoubles())
        let width = settings.width
        var layers: [any UnaryLayer] = []
        var inputDimensions = 1
        if self == .fourierFeatures {
            layers.append(
                RandomFourierFeatures(
                    inputDimensions: 1, featureCount: settings.frequencyCount,
                    standardDeviation: settings.standardDeviation, dtype: .float64, using: &generator))
            inputDimensions = 2 * settings.frequencyCount
        }
        layers.append(
            MLP([inputDimensions, width, width, width, s], activation: .tanh, dtype: .float64, using: &generator))
        let network = Sequential(layers)
        let inputs = Tensor(positions.map { $0 / length }, shape: [positions.count, 1], dtype: .float64)
        let scaled = targets / scale
        let optimizer = Adam(parameters: network.parameters(), learningRate: settings.learningRate)
        let schedule = CosineWithWarmup(base: settings.learningRate, totalSteps: settings.steps)
        var loss = 0.0
        for step in 0..<settings.steps {
            optimizer.learningRate = schedule.learningRate(at: step)
            let value = Loss.meanSquaredError(network(Variable(inputs)), Variable(scaled))
            value.backward()
            optimizer.step()
            loss = value.item()
        }
        let everywhere = Tensor(grid.map { $0 / length }, shape: [grid.count, 1], dtype: .float64)
        let fields = withoutGradients { network(Variable(everywhere)) }.value * scale
        return (fields.transposed().contiguous(), loss)
    }
}
