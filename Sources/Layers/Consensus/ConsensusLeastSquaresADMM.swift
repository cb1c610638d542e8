import Tensor

/// Federated (weighted) least squares by consensus ADMM: K clients hold (X_k [n_k, d], y_k [n_k]) and together minimize
/// Σ_k ½‖y_k − X_k·w‖² under the constraint that every local model w_k equals the global one z (weighted least squares:
/// pass W_k^{1/2}X_k and W_k^{1/2}y_k). With A_k = X_kᵀX_k, b_k = X_kᵀy_k and N_k = (A_k + ρI)⁻¹, in rounds the server
/// draws `scheduled` clients at random; each of them receives z through `downlink` (z̃) and sends one message through
/// `uplink`; the server's z is the mean of the last message of every client (a client not yet heard from counts as 0).
///
/// | variant | client update | message |
/// |---|---|---|
/// | `.standard` (scaled ADMM, Boyd et al.) | u_k ← u_k + w_k − z̃; w_k ← N_k(b_k + ρ(z̃ − u_k)) | w_k + u_k |
/// | `.dualFree` | w_k ← N_k(A_k·w_k + ρ·z̃) | w_k + (b_k − A_k·w_k)/ρ |
///
/// The standard update uses z̃ twice (once through the dual increment, once in the primal solve: it is
/// w_k ← N_k(b_k + ρ(2z̃ − w_k − u_k)) with the old u_k) and its dual integrates every received noise. The dual-free
/// update replaces the dual by its value at the fixed point, ρu_k = b_k − A_k·w_k, so the client keeps no dual and uses
/// its received global model once; its fixed point is the same (w_k = z and Σ_k (b_k − A_k·z) = 0, the least-squares
/// normal equations). With `continualLocalUpdates` an unscheduled client repeats its update with the last global model
/// it received (the dual-free variant only). With every client scheduled and perfect links the standard variant
/// converges to the centralized least-squares solution; the dual-free one does when ρ is large enough for its implied
/// server step z ← mean_k w_k + Σ_k(b_k − A_k·w_k)/(Kρ) to contract (ρ of the order of the A_k's eigenvalues in the
/// tests and in `scigrad repro admm-fl`).
public struct ConsensusLeastSquaresADMM {
    /// How the clients update.
    public enum Variant: String, Sendable, CaseIterable {
        case standard
        case dualFree
    }

    public let dimension: Int
    public let penalty: Double
    public let variant: Variant
    public let continualLocalUpdates: Bool
    /// N_k = (A_k + ρI)⁻¹ [d, d], A_k = X_kᵀX_k [d, d] and b_k = X_kᵀy_k [d] per client, row-major.
    private let inverses: [[Double]]
    private let grams: [[Double]]
    private let correlations: [[Double]]
    public private(set) var global: [Double]
    public private(set) var local: [[Double]]
    public private(set) var duals: [[Double]]
    /// The last global model each client received.
    private var received: [[Double]]
    private var messages: [[Double]]

    /// - Parameters: clients: (X_k [n_k, d], y_k [n_k]) per client, float64; penalty: ρ > 0; continualLocalUpdates
    ///   only with `.dualFree`.
    public init(
        clients: [(features: Tensor, targets: Tensor)], penalty: Double, variant: Variant = .standard,
        continualLocalUpdates: Bool = false
    ) throws {
        precondition(!clients.isEmpty && penalty > 0, "ConsensusLeastSquaresADMM: needs clients and ρ > 0")
        precondition(
            !continualLocalUpdates || variant == .dualFree,
            "ConsensusLeastSquaresADMM: continual local updates need the dual-free variant")
        let d = clients[0].features.shape[1]
        var inverses: [[Double]] = []
        var grams: [[Double]] = []
        var correlations: [[Double]] = []
        for (x, y) in clients {
            precondition(
                x.rank == 2 && x.shape[1] == d && y.shape == [x.shape[0]],
                "ConsensusLeastSquaresADMM: client features \(x.shape) and targets \(y.shape) for dimension \(d)")
            let gram = x.transposed(0, 1).matmul(x)
            grams.append(gram.toDoubles())
            inverses.append(try Linalg.inverse(gram + Tensor.eye(d, dtype: .float64) * penalty).toDoubles())
            correlations.append(x.transposed(0, 1).matmul(y.reshaped([-1, 1])).toDoubles())
        }
        dimension = d
        self.penalty = penalty
        self.variant = variant
        self.continualLocalUpdates = continualLocalUpdates
        self.inverses = inverses
        self.grams = grams
        self.correlations = correlations
        let zero = [Double](repeating: 0, count: d)
        global = zero
        local = Array(repeating: zero, count: clients.count)
        duals = local
        received = local
        messages = local
    }

    /// One round with the given clients scheduled.
    public mutating func round(
        scheduled: [Int], downlink: NoisyLink, uplink: NoisyLink, using generator: inout RandomGenerator
    ) {
        let d = dimension
        var isScheduled = [Bool](repeating: false, count: local.count)
        for k in scheduled { isScheduled[k] = true }
        for k in 0..<local.count where isScheduled[k] || continualLocalUpdates {
            if isScheduled[k] { received[k] = downlink.transmit(global, using: &generator) }
            let message: [Double]
            switch variant {
            case .standard:
                for i in 0..<d { duals[k][i] += local[k][i] - received[k][i] }
                let rhs = (0..<d).map { correlations[k][$0] + penalty * (received[k][$0] - duals[k][$0]) }
                local[k] = Self.apply(inverses[k], rhs)
                message = zip(local[k], duals[k]).map { $0 + $1 }
            case .dualFree:
                let curvature = Self.apply(grams[k], local[k])
                local[k] = Self.apply(inverses[k], (0..<d).map { curvature[$0] + penalty * received[k][$0] })
                let residual = Self.apply(grams[k], local[k])
                message = (0..<d).map { local[k][$0] + (correlations[k][$0] - residual[$0]) / penalty }
            }
            if isScheduled[k] { messages[k] = uplink.transmit(message, using: &generator) }
        }
        global = (0..<d).map { i in messages.reduce(0.0) { $0 + $1[i] } / Double(messages.count) }
    }

    /// M·v for a row-major [d, d] matrix M.
    private static func apply(_ matrix: [Double], _ vector: [Double]) -> [Double] {
        let d = vector.count
        return (0..<d).map { i in (0..<d).reduce(0.0) { $0 + matrix[i * d + $1] * vector[$1] } }
    }
}
