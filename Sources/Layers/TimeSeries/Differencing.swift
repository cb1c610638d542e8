/// Differences and their inverse, for the "I" of ARIMA.
public enum Differencing {
    /// The d-th difference ∇^d x: n − d values, ∇x_t = x_{t+1} − x_t applied d times.
    public static func differenced(_ x: [Double], order: Int = 1) -> [Double] {
        precondition(order >= 0 && order <= x.count, "Differencing.differenced: order \(order) for \(x.count) values")
        var result = x
        for _ in 0..<order { result = zip(result.dropFirst(), result).map { $0 - $1 } }
        return result
    }

    /// The d-fold running sum of `w` from zero starting values: d + n values whose d-th difference is `w`.
    public static func integrated(_ w: [Double], order: Int = 1) -> [Double] {
        precondition(order >= 0, "Differencing.integrated: order must be ≥ 0, got \(order)")
        var result = w
        for _ in 0..<order {
            var total = 0.0
            result =
                [0]
                + result.map { value in
                    total += value
                    return total
                }
        }
        return result
    }
}
