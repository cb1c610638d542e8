import RealModule

/// The elementary and special functions on dual numbers: f(x + ẋε) = f(x) + f′(x)·ẋ·ε. Each derivative is written
/// with `T`'s own functions, so nested duals differentiate it again.
extension Dual {
    /// (eˣ)′ = eˣ.
    @inlinable @inline(__always)
    public static func exp(_ x: Dual) -> Dual {
        let e = T.exp(x.value)
        return Dual(e, tangent: e * x.tangent)
    }

    /// (eˣ − 1)′ = eˣ.
    @inlinable @inline(__always)
    public static func expMinusOne(_ x: Dual) -> Dual {
        let e = T.expMinusOne(x.value)
        return Dual(e, tangent: (e + 1) * x.tangent)
    }

    /// (2ˣ)′ = 2ˣ ln 2.
    @inlinable
    public static func exp2(_ x: Dual) -> Dual {
        let e = T.exp2(x.value)
        return Dual(e, tangent: e * T.log(2) * x.tangent)
    }

    /// (10ˣ)′ = 10ˣ ln 10.
    @inlinable
    public static func exp10(_ x: Dual) -> Dual {
        let e = T.exp10(x.value)
        return Dual(e, tangent: e * T.log(10) * x.tangent)
    }

    /// (cosh x)′ = sinh x.
    @inlinable
    public static func cosh(_ x: Dual) -> Dual { Dual(T.cosh(x.value), tangent: T.sinh(x.value) * x.tangent) }

    /// (sinh x)′ = cosh x.
    @inlinable
    public static func sinh(_ x: Dual) -> Dual { Dual(T.sinh(x.value), tangent: T.cosh(x.value) * x.tangent) }

    /// (tanh x)′ = 1 − tanh² x.
    @inlinable @inline(__always)
    public static func tanh(_ x: Dual) -> Dual {
        let t = T.tanh(x.value)
        return Dual(t, tangent: (1 - t * t) * x.tangent)
    }

    /// (cos x)′ = −sin x.
    @inlinable @inline(__always)
    public static func cos(_ x: Dual) -> Dual { Dual(T.cos(x.value), tangent: -T.sin(x.value) * x.tangent) }

    /// (sin x)′ = cos x.
    @inlinable @inline(__always)
    public static func sin(_ x: Dual) -> Dual { Dual(T.sin(x.value), tangent: T.cos(x.value) * x.tangent) }

    /// (tan x)′ = 1 + tan² x.
    @inlinable
    public static func tan(_ x: Dual) -> Dual {
        let t = T.tan(x.value)
        return Dual(t, tangent: (1 + t * t) * x.tangent)
    }

    /// (ln x)′ = 1/x.
    @inlinable @inline(__always)
    public static func log(_ x: Dual) -> Dual { Dual(T.log(x.value), tangent: x.tangent / x.value) }

    /// (ln(1 + x))′ = 1/(1 + x).
    @inlinable @inline(__always)
    public static func log(onePlus x: Dual) -> Dual {
        Dual(T.log(onePlus: x.value), tangent: x.tangent / (1 + x.value))
    }

    /// (log₂ x)′ = 1/(x ln 2).
    @inlinable
    public static func log2(_ x: Dual) -> Dual { Dual(T.log2(x.value), tangent: x.tangent / (x.value * T.log(2))) }

    /// (log₁₀ x)′ = 1/(x ln 10).
    @inlinable
    public static func log10(_ x: Dual) -> Dual {
        Dual(T.log10(x.value), tangent: x.tangent / (x.value * T.log(10)))
    }

    /// (acosh x)′ = 1/√(x² − 1).
    @inlinable
    public static func acosh(_ x: Dual) -> Dual {
        Dual(T.acosh(x.value), tangent: x.tangent / T.sqrt(x.value * x.value - 1))
    }

    /// (asinh x)′ = 1/√(x² + 1).
    @inlinable
    public static func asinh(_ x: Dual) -> Dual {
        Dual(T.asinh(x.value), tangent: x.tangent / T.sqrt(x.value * x.value + 1))
    }

    /// (atanh x)′ = 1/(1 − x²).
    @inlinable
    public static func atanh(_ x: Dual) -> Dual {
        Dual(T.atanh(x.value), tangent: x.tangent / (1 - x.value * x.value))
    }

    /// (acos x)′ = −1/√(1 − x²).
    @inlinable
    public static func acos(_ x: Dual) -> Dual {
        Dual(T.acos(x.value), tangent: -x.tangent / T.sqrt(1 - x.value * x.value))
    }

    /// (asin x)′ = 1/√(1 − x²).
    @inlinable
    public static func asin(_ x: Dual) -> Dual {
        Dual(T.asin(x.value), tangent: x.tangent / T.sqrt(1 - x.value * x.value))
    }

    /// (atan x)′ = 1/(1 + x²).
    @inlinable
    public static func atan(_ x: Dual) -> Dual {
        Dual(T.atan(x.value), tangent: x.tangent / (1 + x.value * x.value))
    }

    /// ∂atan2(y, x) = (x·ẏ − y·ẋ)/(x² + y²).
    @inlinable
    public static func atan2(y: Dual, x: Dual) -> Dual {
        let r2 = x.value * x.value + y.value * y.value
        return Dual(T.atan2(y: y.value, x: x.value), tangent: (x.value * y.tangent - y.value * x.tangent) / r2)
    }

    /// (√x)′ = 1/(2√x).
    @inlinable @inline(__always)
    public static func sqrt(_ x: Dual) -> Dual {
        let s = T.sqrt(x.value)
        return Dual(s, tangent: x.tangent / (2 * s))
    }

    /// (x^(1/n))′ = x^(1/n)/(n·x), written as 1/(n·r^(n−1)) so that it holds for negative x and odd n.
    @inlinable
    public static func root(_ x: Dual, _ n: Int) -> Dual {
        let r = T.root(x.value, n)
        return Dual(r, tangent: x.tangent / (T(n) * T.pow(r, n - 1)))
    }

    /// ∂xʸ = y·xʸ⁻¹·ẋ + xʸ·ln x·ẏ; the second term is dropped where xʸ = 0 (its limit for y > 0), so a constant
    /// exponent never meets 0·ln 0.
    @inlinable
    public static func pow(_ x: Dual, _ y: Dual) -> Dual {
        let p = T.pow(x.value, y.value)
        let alongX = y.value * T.pow(x.value, y.value - 1) * x.tangent
        let alongY = p == 0 ? 0 : p * T.log(x.value) * y.tangent
        return Dual(p, tangent: alongX + alongY)
    }

    /// (xⁿ)′ = n·xⁿ⁻¹.
    @inlinable
    public static func pow(_ x: Dual, _ n: Int) -> Dual {
        let tangent = n == 0 ? 0 : T(n) * T.pow(x.value, n - 1) * x.tangent
        return Dual(T.pow(x.value, n), tangent: tangent)
    }

    /// (erf x)′ = 2/√π·e^(−x²).
    @inlinable @inline(__always)
    public static func erf(_ x: Dual) -> Dual {
        Dual(T.erf(x.value), tangent: twoOverRootPi * T.exp(-x.value * x.value) * x.tangent)
    }

    /// (erfc x)′ = −2/√π·e^(−x²).
    @inlinable
    public static func erfc(_ x: Dual) -> Dual {
        Dual(T.erfc(x.value), tangent: -twoOverRootPi * T.exp(-x.value * x.value) * x.tangent)
    }

    /// 2/√π, the constant of erf′.
    @inlinable @inline(__always)
    static var twoOverRootPi: T { 2 / T.sqrt(T.pi) }

    /// ∂hypot(x, y) = (x·ẋ + y·ẏ)/hypot(x, y); 0 at the origin (a subgradient: hypot is not differentiable there).
    @inlinable
    public static func hypot(_ x: Dual, _ y: Dual) -> Dual {
        let h = T.hypot(x.value, y.value)
        let tangent = h == 0 ? 0 : (x.value * x.tangent + y.value * y.tangent) / h
        return Dual(h, tangent: tangent)
    }

    /// Γ′ = Γ·ψ needs the digamma function ψ, which swift-numerics lacks: not differentiable here.
    public static func gamma(_ x: Dual) -> Dual {
        preconditionFailure("Dual.gamma: the derivative of Γ needs digamma, which is not available")
    }

    /// (log Γ)′ = ψ, the digamma function, which swift-numerics lacks: not differentiable here.
    public static func logGamma(_ x: Dual) -> Dual {
        preconditionFailure("Dual.logGamma: the derivative of log Γ is digamma, which is not available")
    }

    /// The sign of Γ at the value (piecewise constant).
    @inlinable
    public static func signGamma(_ x: Dual) -> FloatingPointSign { T.signGamma(x.value) }
}
