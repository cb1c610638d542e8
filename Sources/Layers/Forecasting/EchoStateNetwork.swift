import Foundation
import Tensor

/// An echo-state network (Jaeger 2001; the reservoir computer of Pathak et al. 2018): a fixed random sparse recurrent
/// reservoir driven by the series, and a linear readout fitted by ridge regression.
///
/// With inputs u_t `[D]` and reservoir states r_t `[N]`:
///   r_t = (1 − a)·r_{t−1} + a·tanh(W·r_{t−1} + W_in·u_t + b),   û_{t+1} = u_t + W_outᵀ·[1, u_t, r_t],
/// W sparse (`connectionsPerUnit` random entries per row, uniform in [−1, 1]) rescaled to the spectral radius ρ,
/// W_in and b uniform in [−σ_in, σ_in] and [−σ_b, σ_b]. Only W_out is trained (teacher forcing, one ridge solve).
/// A forecast drives the reservoir with the context from r = 0 and then feeds back its own predictions.
public struct EchoStateNetwork {
    public let reservoir: SparseMatrix
    /// W_inᵀ `[D, N]`.
    public let inputWeights: Tensor
    /// b `[N]`.
    public let bias: Tensor
    /// a, the leak rate in (0, 1].
    public let leakRate: Double
    /// W_out `[1 + D + N, D]`, nil before `fit`.
    public private(set) var readout: Tensor?

    public var reservoirSize: Int { reservoir.rows }
    public var inputDimensions: Int { inputWeights.shape[0] }

    /// A random reservoir of `reservoirSize` units for inputs of `inputDimensions` (Float64).
    /// - Throws: `LinearAlgebraError.notConverged` if the eigenvalues of W (for its spectral radius) fail.
    public init(
        inputDimensions: Int, reservoirSize: Int = 500, connectionsPerUnit: Int = 3, spectralRadius: Double = 0.9,
        inputScaling: Double = 0.5, biasScaling: Double = 0.5, leakRate: Double = 1,
        using generator: inout RandomGenerator
    ) throws {
        precondition(
            inputDimensions >= 1 && reservoirSize >= 1 && (1...reservoirSize).contains(connectionsPerUnit)
                && spectralRadius > 0 && leakRate > 0 && leakRate <= 1,
            "EchoStateNetwork: inputs \(inputDimensions), units \(reservoirSize), connections \(connectionsPerUnit), "
                + "ρ \(spectralRadius), leak \(leakRate)")
        var entries: [(row: Int, column: Int, value: Double)] = []
        for row in 0..<reservoirSize {
            var columns = Set<Int>()
            while columns.count < connectionsPerUnit {
                columns.insert(Int(generator.nextInteger(below: UInt64(reservoirSize))))
            }
            for column in columns.sorted() { entries.append((row, column, 2 * generator.nextDouble() - 1)) }
        }
        let raw = SparseMatrix(rows: reservoirSize, columns: reservoirSize, entries: entries)
        let eigenvalues = try Linalg.eig(raw.dense()).eigenvalues
        let radius = (eigenvalues.real.square() + eigenvalues.imaginary.square()).sqrt().max().item()
        reservoir = raw.scaled(by: radius > 0 ? spectralRadius / radius : 1)
        inputWeights = Tensor.uniform(
            [inputDimensions, reservoirSize], low: -inputScaling, high: inputScaling, dtype: .float64,
            using: &generator)
        bias = Tensor.uniform([reservoirSize], low: -biasScaling, high: biasScaling, dtype: .float64, using: &generator)
        self.leakRate = leakRate
    }

    /// r_t from r_{t−1} `[B, N]` and u_t `[B, D]`.
    public func update(_ state: Tensor, input: Tensor) -> Tensor {
        let activation = (reservoir.rightMultiplied(state) + input.matmul(inputWeights) + bias).tanh()
        return leakRate == 1 ? activation : state * (1 - leakRate) + activation * leakRate
    }

    /// [1, u_t, r_t] `[B, 1 + D + N]`.
    func features(state: Tensor, input: Tensor) -> Tensor {
        Tensor.concatenated([Tensor.ones([input.shape[0], 1], dtype: .float64), input, state], axis: 1)
    }

    /// Fits W_out on series `[B, T, D]` (B independent stretches, Float64) by teacher forcing: the states after the
    /// first `washout` inputs of each stretch predict the next input; ridge α.
    /// - Throws: `LinearAlgebraError.notPositiveDefinite` if the ridge system is singular.
    public mutating func fit(_ series: Tensor, washout: Int, ridge: Double) throws {
        precondition(
            series.rank == 3 && series.shape[2] == inputDimensions && series.shape[1] > washout + 1,
            "EchoStateNetwork.fit: series [B, T > washout + 1, \(inputDimensions)] needed, got \(series.shape)")
        let (batch, time) = (series.shape[0], series.shape[1])
        var equations = RidgeRegression(featureCount: 1 + inputDimensions + reservoirSize, outputCount: inputDimensions)
        var state = Tensor.zeros([batch, reservoirSize], dtype: .float64)
        var features: [Tensor] = []
        var targets: [Tensor] = []
        for t in 0..<(time - 1) {
            let input = series.selected(axis: 1, index: t)
            state = update(state, input: input)
            guard t >= washout else { continue }
            features.append(self.features(state: state, input: input))
            targets.append(series.selected(axis: 1, index: t + 1) - input)
            if features.count == 64 || t == time - 2 {
                equations.add(features: Tensor.concatenated(features), targets: Tensor.concatenated(targets))
                features.removeAll(keepingCapacity: true)
                targets.removeAll(keepingCapacity: true)
            }
        }
        readout = try equations.solve(ridge: ridge)
    }

    /// The `steps` states after `context` `[B, C, D]`, `[B, steps, D]`.
    public func forecast(context: Tensor, steps: Int) -> Tensor {
        guard let readout else { preconditionFailure("EchoStateNetwork.forecast: call fit first") }
        precondition(
            context.rank == 3 && context.shape[2] == inputDimensions && context.shape[1] >= 1 && steps >= 1,
            "EchoStateNetwork.forecast: context [B, C ≥ 1, \(inputDimensions)] and steps ≥ 1 needed, got "
                + "\(context.shape), \(steps)")
        var state = Tensor.zeros([context.shape[0], reservoirSize], dtype: .float64)
        var input = context.selected(axis: 1, index: 0)
        for t in 0..<context.shape[1] {
            input = context.selected(axis: 1, index: t)
            state = update(state, input: input)
        }
        var predictions: [Tensor] = []
        for step in 0..<steps {
            input = input + features(state: state, input: input).matmul(readout)
            predictions.append(input.unsqueezed(axis: 1))
            if step < steps - 1 { state = update(state, input: input) }
        }
        return Tensor.concatenated(predictions, axis: 1)
    }
}
