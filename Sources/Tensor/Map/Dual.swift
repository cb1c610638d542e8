import RealModule

/// A dual number x + ẋ·ε with ε² = 0: a value and its tangent, for forward-mode derivatives of scalar functions.
///
/// Evaluating a function written generically over `Real` on `Dual(x, tangent: 1)` gives f(x) as the value and f′(x)
/// as the tangent (`Derivative` does this). `Dual` is itself `Real`, so `Dual<Dual<T>>` gives second derivatives, and
/// so on to any order.
///
/// ```swift
/// let y = Dual<Double>.tanh(Dual(0.5, tangent: 1))   // y.value = tanh 0.5, y.tangent = 1 − tanh² 0.5
/// ```
///
/// Comparisons, hashing and the classification properties (`isNaN`, `sign`, `exponent`, …) look at the value only:
/// a branch of a function takes the side its value takes, as in every forward-mode AD. Rounding, `ulp` and the
/// constants have tangent 0. Γ and log Γ stop with a precondition failure (their derivatives need the digamma
/// function, which swift-numerics does not provide).
@frozen
public struct Dual<T: Real>: Real {
    /// The value f(x).
    public var value: T
    /// The derivative along the seed direction, f′(x)·ẋ.
    public var tangent: T

    @inlinable @inline(__always)
    public init(_ value: T, tangent: T = 0) {
        self.value = value
        self.tangent = tangent
    }
}

// MARK: Arithmetic

extension Dual {
    @inlinable @inline(__always)
    public static func + (a: Dual, b: Dual) -> Dual { Dual(a.value + b.value, tangent: a.tangent + b.tangent) }

    @inlinable @inline(__always)
    public static func - (a: Dual, b: Dual) -> Dual { Dual(a.value - b.value, tangent: a.tangent - b.tangent) }

    /// (uv)′ = u′v + uv′.
    @inlinable @inline(__always)
    public static func * (a: Dual, b: Dual) -> Dual {
        Dual(a.value * b.value, tangent: a.tangent * b.value + a.value * b.tangent)
    }

    /// (u/v)′ = (u′ − (u/v)·v′)/v.
    @inlinable @inline(__always)
    public static func / (a: Dual, b: Dual) -> Dual {
        let q = a.value / b.value
        return Dual(q, tangent: (a.tangent - q * b.tangent) / b.value)
    }

    @inlinable @inline(__always)
    public static prefix func - (a: Dual) -> Dual { Dual(-a.value, tangent: -a.tangent) }

    @inlinable @inline(__always) public static func += (a: inout Dual, b: Dual) { a = a + b }
    @inlinable @inline(__always) public static func -= (a: inout Dual, b: Dual) { a = a - b }
    @inlinable @inline(__always) public static func *= (a: inout Dual, b: Dual) { a = a * b }
    @inlinable @inline(__always) public static func /= (a: inout Dual, b: Dual) { a = a / b }

    /// |x|, with the tangent of −x where the value's sign is minus (−0 included).
    @inlinable @inline(__always)
    public var magnitude: Dual { value.sign == .minus ? -self : self }

    @inlinable
    public var reciprocal: Dual? { value.reciprocal.map { r in Dual(r, tangent: -tangent * r * r) } }
}

// MARK: Literals, conversions, constants

extension Dual: ExpressibleByFloatLiteral where T: ExpressibleByFloatLiteral {
    @inlinable @inline(__always)
    public init(floatLiteral value: T.FloatLiteralType) { self.init(T(floatLiteral: value)) }
}

extension Dual {
    @inlinable @inline(__always)
    public init(integerLiteral value: T.IntegerLiteralType) { self.init(T(integerLiteral: value)) }

    @inlinable @inline(__always) public init(_ value: Int) { self.init(T(value)) }

    @inlinable @inline(__always)
    public init<Source: BinaryInteger>(_ value: Source) { self.init(T(value)) }

    @inlinable
    public init?<Source: BinaryInteger>(exactly value: Source) {
        guard let x = T(exactly: value) else { return nil }
        self.init(x)
    }

    /// ±significand·radix^exponent: linear in the significand, so its tangent scales the same way.
    @inlinable
    public init(sign: FloatingPointSign, exponent: T.Exponent, significand: Dual) {
        self.init(
            T(sign: sign, exponent: exponent, significand: significand.value),
            tangent: T(sign: sign, exponent: exponent, significand: significand.tangent))
    }

    /// |magnitudeOf| with the sign of `signOf`; the tangent flips when the sign does.
    @inlinable
    public init(signOf sign: Dual, magnitudeOf magnitude: Dual) {
        let flips = sign.value.sign != magnitude.value.sign
        self.init(
            T(signOf: sign.value, magnitudeOf: magnitude.value),
            tangent: flips ? -magnitude.tangent : magnitude.tangent)
    }

    @inlinable public static var radix: Int { T.radix }
    @inlinable public static var nan: Dual { Dual(T.nan) }
    @inlinable public static var signalingNaN: Dual { Dual(T.signalingNaN) }
    @inlinable public static var infinity: Dual { Dual(T.infinity) }
    @inlinable public static var greatestFiniteMagnitude: Dual { Dual(T.greatestFiniteMagnitude) }
    @inlinable public static var pi: Dual { Dual(T.pi) }
    @inlinable public static var leastNormalMagnitude: Dual { Dual(T.leastNormalMagnitude) }
    @inlinable public static var leastNonzeroMagnitude: Dual { Dual(T.leastNonzeroMagnitude) }
}

// MARK: The value's floating-point properties

extension Dual {
    @inlinable public var ulp: Dual { Dual(value.ulp) }
    @inlinable public var sign: FloatingPointSign { value.sign }
    @inlinable public var exponent: T.Exponent { value.exponent }

    /// value = significand·radix^exponent, so the significand's tangent is the tangent scaled by radix^−exponent.
    @inlinable
    public var significand: Dual {
        let e = value.exponent
        return Dual(value.significand, tangent: T(sign: .plus, exponent: -e, significand: tangent))
    }

    /// The value's successor; the tangent is kept (nextUp x − x is a constant).
    @inlinable public var nextUp: Dual { Dual(value.nextUp, tangent: tangent) }

    @inlinable public var isNormal: Bool { value.isNormal }
    @inlinable public var isFinite: Bool { value.isFinite }
    @inlinable public var isZero: Bool { value.isZero }
    @inlinable public var isSubnormal: Bool { value.isSubnormal }
    @inlinable public var isInfinite: Bool { value.isInfinite }
    @inlinable public var isNaN: Bool { value.isNaN }
    @inlinable public var isSignalingNaN: Bool { value.isSignalingNaN }
    @inlinable public var isCanonical: Bool { value.isCanonical }

    @inlinable @inline(__always) public func isEqual(to other: Dual) -> Bool { value.isEqual(to: other.value) }
    @inlinable @inline(__always) public func isLess(than other: Dual) -> Bool { value.isLess(than: other.value) }
    @inlinable @inline(__always)
    public func isLessThanOrEqualTo(_ other: Dual) -> Bool { value.isLessThanOrEqualTo(other.value) }
    @inlinable
    public func isTotallyOrdered(belowOrEqualTo other: Dual) -> Bool {
        value.isTotallyOrdered(belowOrEqualTo: other.value)
    }

    @inlinable @inline(__always) public static func == (a: Dual, b: Dual) -> Bool { a.value == b.value }
    @inlinable @inline(__always) public static func < (a: Dual, b: Dual) -> Bool { a.value < b.value }
    @inlinable @inline(__always) public static func <= (a: Dual, b: Dual) -> Bool { a.value <= b.value }
    @inlinable @inline(__always) public static func > (a: Dual, b: Dual) -> Bool { a.value > b.value }
    @inlinable @inline(__always) public static func >= (a: Dual, b: Dual) -> Bool { a.value >= b.value }

    @inlinable public func hash(into hasher: inout Hasher) { hasher.combine(value) }

    @inlinable public func distance(to other: Dual) -> Dual { other - self }
    @inlinable public func advanced(by amount: Dual) -> Dual { self + amount }
}

// MARK: Rounding and remainders

extension Dual {
    /// A step function: tangent 0.
    @inlinable
    public mutating func round(_ rule: FloatingPointRoundingRule) {
        self = Dual(value.rounded(rule))
    }

    /// x − n·y with n = x/y rounded to nearest: ∂ = ẋ − n·ẏ.
    @inlinable
    public mutating func formRemainder(dividingBy other: Dual) {
        let r = value.remainder(dividingBy: other.value)
        let n = ((value - r) / other.value).rounded()
        self = Dual(r, tangent: tangent - n * other.tangent)
    }

    /// x − n·y with n = x/y rounded toward zero: ∂ = ẋ − n·ẏ.
    @inlinable
    public mutating func formTruncatingRemainder(dividingBy other: Dual) {
        let r = value.truncatingRemainder(dividingBy: other.value)
        let n = ((value - r) / other.value).rounded()
        self = Dual(r, tangent: tangent - n * other.tangent)
    }

    @inlinable @inline(__always)
    public mutating func formSquareRoot() { self = Dual.sqrt(self) }

    @inlinable @inline(__always)
    public mutating func addProduct(_ a: Dual, _ b: Dual) { self = self + a * b }
}

extension Dual: CustomStringConvertible {
    public var description: String { "\(value) + \(tangent)ε" }
}

extension Dual: Sendable where T: Sendable {}
