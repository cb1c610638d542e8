import Tensor

/// Federated least squares by consensus ADMM: K clients hold (X_k [n_k, d], y_k [n_k]) and together minimize
/// Σ_k ½‖y_k − X_k·w‖² under the constraint that every local model w_k equals the global one z. Scaled ADMM with
/// penalty ρ, in rounds: the server draws `scheduled` clients at random, each of them receives z through
/// `downlink`, updates its dual u_k ← u_k + w_k − z̃ and its model w_k ← (X_kᵀX_k + ρI)⁻¹(X_kᵀy_k + ρ(z̃ − u_k)), and
/// sends w_k + u_k through `uplink`; the server's z is the mean of the last message of every client (a client not yet
/// heard from counts as 0). With every client scheduled and perfect links this is Boyd et al.'s consensus ADMM, which
/// converges to the centralized least-squares solution.
public struct ConsensusLeastSquaresADMM {
    public let dimension: Int
    public let penalty: Double
    /// (X_kᵀX_k + ρI)⁻¹ [d, d] and X_kᵀy_k [d] per client, row-major.
    private let inverses: [[Double]]
    private let correlations: [[Double]]
    public private(set) var global: [Double]
    public private(set) var local: [[Double]]
    public private(set) var duals: [[Double]]
    private var messages: [[Double]]

    /// - Parameters: clients: (X_k [n_k, d], y_k [n_k]) per client, float64; penalty: ρ > 0.
    public init(clients: [(features: Tensor, targets: Tensor)], penalty: Double) throws {
        precondition(!clients.isEmpty && penalty > 0, "ConsensusLeastSquaresADMM: needs clients and ρ > 0")
        let d = clients[0].features.shape[1]
        var inverses: [[Double]] = []
        var correlations: [[Double]] = []
        for (x, y) in clients {
            precondition(
                x.rank == 2 && x.shape[1] == d && y.shape == [x.shape[0]],
                "ConsensusLeastSquaresADMM: client features \(x.shape) and targets \(y.shape) for dimension \(d)")
            let gram = x.transposed(0, 1).matmul(x) + Tensor.eye(d, dtype: .float64) * penalty
            inverses.append(try Linalg.inverse(gram).toDoubles())
            correlations.append(x.transposed(0, 1).matmul(y.reshaped([-1, 1])).toDoubles())
        }
        dimension = d
        self.penalty = penalty
        self.inverses = inverses
        self.correlations = correlations
        let zero = [Double](repeating: 0, count: d)
        global = zero
        local = Array(repeating: zero, count: clients.count)
        duals = local
        messages = local
    }

    /// One round with the given clients scheduled.
    public mutating func round(
        scheduled: [Int], downlink: NoisyLink, uplink: NoisyLink, using generator: inout RandomGenerator
    ) {
        let d = dimension
        for k in scheduled {
            let received = downlink.transmit(global, using: &generator)
            for i in 0..<d { duals[k][i] += local[k][i] - received[i] }
            let rhs = (0..<d).map { correlations[k][$0] + penalty * (received[$0] - duals[k][$0]) }
            local[k] = (0..<d).map { i in (0..<d).reduce(0.0) { $0 + inverses[k][i * d + $1] * rhs[$1] } }
            messages[k] = uplink.transmit(zip(local[k], duals[k]).map { $0 + $1 }, using: &generator)
        }
        global = (0..<d).map { i in messages.reduce(0.0) { $0 + $1[i] } / Double(messages.count) }
    }
}
