/// min_{x ≥ 0} ½xᵀHx + bᵀx for symmetric positive semi-definite H `[n, n]` with a positive diagonal, by cyclic
/// projected coordinate descent: each coordinate is minimized exactly and projected on the half-line,
/// xᵢ ← max(0, xᵢ − (Hx + b)ᵢ/Hᵢᵢ), which sets coordinates exactly to 0 (a monotone descent method, convergent for
/// positive definite H). Stops after `sweeps` passes or when no coordinate moves by more than `tolerance`.
public enum NonnegativeQuadraticProgram {
    /// - Parameters: hessian: H row-major, n² entries; linear: b; initial: a starting point (projected first).
    public static func solve(
        hessian: [Double], linear: [Double], initial: [Double], sweeps: Int = 200, tolerance: Double = 1e-12
    ) -> [Double] {
        let n = linear.count
        precondition(
            hessian.count == n * n && initial.count == n,
            "NonnegativeQuadraticProgram: H must have n² = \(n * n) entries and x₀ n = \(n), got \(hessian.count), \(initial.count)"
        )
        precondition(
            (0..<n).allSatisfy { hessian[$0 * n + $0] > 0 },
            "NonnegativeQuadraticProgram: the diagonal of H must be positive")
        var x = initial.map { max($0, 0) }
        // g = Hx + b, kept up to date as coordinates move.
        var gradient = (0..<n).map { i in (0..<n).reduce(linear[i]) { $0 + hessian[i * n + $1] * x[$1] } }
        for _ in 0..<sweeps {
            var largest = 0.0
            for i in 0..<n {
                let updated = max(0, x[i] - gradient[i] / hessian[i * n + i])
                let delta = updated - x[i]
                guard delta != 0 else { continue }
                x[i] = updated
                for k in 0..<n { gradient[k] += hessian[k * n + i] * delta }
                largest = max(largest, abs(delta))
            }
            if largest <= tolerance { break }
        }
        return x
    }
}
