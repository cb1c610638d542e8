/// The relative efficiency of one estimator over another from Monte Carlo replications, RE = MSE_a / MSE_b (MSE about
/// the true value), with its grouped (delete-a-group) jackknife pseudo-values: the replications are cut into G equal
/// consecutive groups, θ₋g is RE without group g, and the pseudo-values G·RE − (G − 1)·θ₋g have as mean the
/// bias-corrected RE and give its Student-t interval with G − 1 degrees of freedom (`Estimate(values:)`).
struct RelativeEfficiency {
    let value: Double
    let pseudoValues: [Double]

    /// - Parameters: errorsA, errorsB: the per-replication errors (estimate − truth) of the two estimators.
    init(errorsA: [Double], errorsB: [Double], groups: Int) {
        precondition(
            errorsA.count == errorsB.count, "RelativeEfficiency: \(errorsA.count) vs \(errorsB.count) replications")
        precondition(
            groups >= 2 && errorsA.count >= groups,
            "RelativeEfficiency: \(groups) groups for \(errorsA.count) replications")
        let n = errorsA.count
        let squaresA = errorsA.map { $0 * $0 }
        let squaresB = errorsB.map { $0 * $0 }
        let totalA = squaresA.reduce(0, +)
        let totalB = squaresB.reduce(0, +)
        value = totalA / totalB
        let size = n / groups
        pseudoValues = (0..<groups).map { g in
            // The last group takes the remainder.
            let range = g * size..<(g == groups - 1 ? n : (g + 1) * size)
            let leftA = totalA - squaresA[range].reduce(0, +)
            let leftB = totalB - squaresB[range].reduce(0, +)
            return Double(groups) * (totalA / totalB) - Double(groups - 1) * (leftA / leftB)
        }
    }
}
