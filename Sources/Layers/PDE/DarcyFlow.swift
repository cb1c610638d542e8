import Tensor

/// Steady 2-D Darcy flow, −∇·(a∇u) = f on [0, 1]² with u = 0 on the boundary, by 5-point finite differences on the
/// (n + 2) × (n + 2) node grid x_i = i·h, h = 1/(n + 1), solved by conjugate gradients (the matrix is symmetric
/// positive definite).
///
/// The flux across a cell face uses the mean of the permeability at its two nodes:
/// (Au)_ij = Σ_{neighbours m} a_{ij,m}·(u_ij − u_m)/h², second-order accurate for smooth a.
public enum DarcyFlow {
    /// The FNO benchmark's coefficient: 12 where a Gaussian random field is ≥ 0 and 3 elsewhere, `[count, n+2, n+2]`.
    public static func permeability(_ count: Int, interiorPoints n: Int, using generator: inout RandomGenerator)
        -> Tensor
    {
        let field = GaussianRandomField(points: n + 2, dimensions: 2, alpha: 2, tau: 3).sample(count, using: &generator)
        let values = field.toDoubles().map { $0 >= 0 ? 12.0 : 3.0 }
        return Tensor(values, shape: field.shape, dtype: .float64)
    }

    /// The solution on the full node grid `[n+2, n+2]` (zero boundary) for permeability `a` and source `f`, both on
    /// that grid (`f`'s boundary values are unused), to relative residual `tolerance`.
    public static func solve(
        permeability a: [Double], source f: [Double], interiorPoints n: Int, tolerance: Double = 1e-10
    )
        -> [Double]
    {
        let side = n + 2
        precondition(
            a.count == side * side && f.count == side * side,
            "DarcyFlow.solve: permeability (\(a.count)) and source (\(f.count)) need \(side)×\(side) node values")
        let h2 = 1 / Double((n + 1) * (n + 1))
        let index = { (i: Int, j: Int) in i * side + j }
        func apply(_ u: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: side * side)
            for i in 1...n {
                for j in 1...n {
                    let c = index(i, j)
                    var total = 0.0
                    for m in [index(i - 1, j), index(i + 1, j), index(i, j - 1), index(i, j + 1)] {
                        total += 0.5 * (a[c] + a[m]) * (u[c] - u[m])
                    }
                    out[c] = total / h2
                }
            }
            return out
        }
        var b = [Double](repeating: 0, count: side * side)
        for i in 1...n { for j in 1...n { b[index(i, j)] = f[index(i, j)] } }
        var u = [Double](repeating: 0, count: side * side)
        var r = b
        var p = b
        var rr = dot(r, r)
        let stop = tolerance * tolerance * max(dot(b, b), .leastNormalMagnitude)
        var iterations = 0
        while rr > stop && iterations < 10 * side * side {
            let ap = apply(p)
            let alpha = rr / dot(p, ap)
            for k in 0..<u.count {
                u[k] += alpha * p[k]
                r[k] -= alpha * ap[k]
            }
            let next = dot(r, r)
            let beta = next / rr
            for k in 0..<p.count { p[k] = r[k] + beta * p[k] }
            rr = next
            iterations += 1
        }
        return u
    }

    private static func dot(_ x: [Double], _ y: [Double]) -> Double {
        var total = 0.0
        for k in 0..<x.count { total += x[k] * y[k] }
        return total
    }
}
