import Foundation
import Tensor

/// Consensus ADMM over generic objectives: J agents minimize Σ_j f_j(x) + g(x), g the indicator of a closed convex set
/// (given by its Euclidean projection Π), by giving every agent a copy x_j of the variable under the constraint
/// x_j = z. Scaled form with penalty ρ, per round (Boyd et al., 2011, §7.1):
///
///     x_j ← argmin_x f_j(x) + (ρ/2)‖x − (z̃ − u_j)‖²   (the agent's proximal step, `proximal(j, z̃ − u_j, ρ)`)
///     z ← Π(mean_j(x_j + u_j))                        (the server, from the agents' messages x_j + u_j)
///     u_j ← u_j + x_j − z̃                             (each agent, with the z̃ it received)
///
/// Messages travel through optional quantizers: uplink x_j + u_j and downlink z̃ = Q(z) (nil: exact 64-bit numbers);
/// `bitsSent` counts both directions, the broadcast once per agent. With exact links and convex f_j this converges to
/// the minimizer of Σ_j f_j over the set. Optional residual balancing (Boyd et al., §3.4.1) rescales ρ by `factor`
/// when the primal residual r = (Σ_j‖x_j − z‖²)^½ and the dual residual s = ρ·√J·‖z − z_previous‖ differ by more than
/// `ratio`, and the scaled duals u_j by its inverse.
public struct ConsensusProximalADMM {
    public struct ResidualBalancing: Sendable {
        public var ratio: Double
        public var factor: Double
        public init(ratio: Double = 10, factor: Double = 2) {
            precondition(ratio > 1 && factor > 1, "ResidualBalancing: ratio and factor must exceed 1")
            self.ratio = ratio
            self.factor = factor
        }
    }

    public private(set) var penalty: Double
    /// z: the server's variable.
    public private(set) var global: [Double]
    /// z̃: what the agents last received.
    public private(set) var received: [Double]
    /// x_j per agent.
    public private(set) var local: [[Double]]
    /// u_j per agent (scaled duals).
    public private(set) var duals: [[Double]]
    public private(set) var bitsSent = 0
    public private(set) var rounds = 0
    public private(set) var primalResidual = Double.infinity
    public private(set) var dualResidual = Double.infinity
    public let uplink: UniformQuantizer?
    public let downlink: UniformQuantizer?
    public let balancing: ResidualBalancing?
    private let projection: ([Double]) -> [Double]

    /// - Parameters: initial: the starting z (every x_j starts there, every u_j at 0, and the agents know it);
    ///   projection: Π onto the constraint set (identity for none).
    public init(
        initial: [Double], agents: Int, penalty: Double, projection: @escaping ([Double]) -> [Double] = { $0 },
        uplink: UniformQuantizer? = nil, downlink: UniformQuantizer? = nil, balancing: ResidualBalancing? = nil
    ) {
        precondition(
            !initial.isEmpty && agents >= 1 && penalty > 0,
            "ConsensusProximalADMM: needs a non-empty variable, agents ≥ 1 and ρ > 0, got \(initial.count), \(agents), \(penalty)"
        )
        self.penalty = penalty
        global = initial
        received = initial
        local = Array(repeating: initial, count: agents)
        duals = Array(repeating: [Double](repeating: 0, count: initial.count), count: agents)
        self.projection = projection
        self.uplink = uplink
        self.downlink = downlink
        self.balancing = balancing
    }

    public var agentCount: Int { local.count }

    /// One round. `proximal(j, v, ρ)` returns agent j's argmin_x f_j(x) + (ρ/2)‖x − v‖² (it may warm-start from
    /// `local[j]` and solve inexactly).
    public mutating func round(
        proximal: (Int, [Double], Double) throws -> [Double], using generator: inout RandomGenerator
    ) rethrows {
        let count = global.count
        var sum = [Double](repeating: 0, count: count)
        for j in 0..<agentCount {
            let anchor = (0..<count).map { received[$0] - duals[j][$0] }
            let solution = try proximal(j, anchor, penalty)
            precondition(
                solution.count == count,
                "ConsensusProximalADMM: agent \(j)'s proximal step returned \(solution.count) entries, expected \(count)"
            )
            local[j] = solution
            let message = zip(solution, duals[j]).map { $0 + $1 }
            let sent = uplink.map { $0.quantize(message, using: &generator) } ?? message
            bitsSent += uplink?.messageBits(count: count) ?? 64 * count
            for i in 0..<count { sum[i] += sent[i] }
        }
        let previous = global
        global = projection(sum.map { $0 / Double(agentCount) })
        received = downlink.map { $0.quantize(global, using: &generator) } ?? global
        bitsSent += agentCount * (downlink?.messageBits(count: count) ?? 64 * count)
        var primal = 0.0
        for j in 0..<agentCount {
            for i in 0..<count {
                duals[j][i] += local[j][i] - received[i]
                primal += (local[j][i] - global[i]) * (local[j][i] - global[i])
            }
        }
        primalResidual = primal.squareRoot()
        let change = zip(global, previous).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        dualResidual = penalty * (Double(agentCount) * change).squareRoot()
        rounds += 1
        if let balancing {
            var scale = 1.0
            if primalResidual > balancing.ratio * dualResidual {
                scale = balancing.factor
            } else if dualResidual > balancing.ratio * primalResidual {
                scale = 1 / balancing.factor
            }
            penalty *= scale
            duals = duals.map { $0.map { $0 / scale } }
        }
    }
}
