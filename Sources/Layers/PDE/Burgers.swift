extension PeriodicSemilinearSolver {
    /// Viscous Burgers, u_t + u·u_x = ν·u_xx (symbol −νk²), dealiased by the 2/3 rule.
    public static func burgers(viscosity: Double, points: Int, length: Double = 1, step: Double)
        -> PeriodicSemilinearSolver
    {
        PeriodicSemilinearSolver(points: points, length: length, step: step, dealiased: true) { k in -viscosity * k * k
        }
    }
}
