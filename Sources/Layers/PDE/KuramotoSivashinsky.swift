extension PeriodicSemilinearSolver {
    /// Kuramoto–Sivashinsky, u_t + u·u_x + u_xx + u_xxxx = 0 (symbol k² − k⁴), as Kassam & Trefethen solve it
    /// (length 32π, no dealiasing).
    public static func kuramotoSivashinsky(points: Int, length: Double = 32 * Double.pi, step: Double)
        -> PeriodicSemilinearSolver
    {
        PeriodicSemilinearSolver(points: points, length: length, step: step, dealiased: false) { k in
            k * k - k * k * k * k
        }
    }
}
