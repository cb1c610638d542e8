import Foundation
import RealModule

/// `Float` and `Double`'s entry points into `FastMath`, so that generic code reaches the vectorizable kernels.
@usableFromInline
protocol FastMathElement: FloatElement, ExpressibleByFloatLiteral {
    static func fastExp(_ x: Self) -> Self
    static func fastExpMinusOne(_ x: Self) -> Self
    static func fastLog(_ x: Self) -> Self
    static func fastLogOnePlus(_ x: Self) -> Self
    static func fastTanh(_ x: Self) -> Self
    static func fastErf(_ x: Self) -> Self
    static func fastSin(_ x: Self) -> Self
    static func fastCos(_ x: Self) -> Self
    /// Largest |x| for which `fastSin`/`fastCos` are accurate; beyond it libm's are used.
    static var trigLimit: Self { get }
}

extension Float: FastMathElement {
    @inlinable @inline(__always) static func fastExp(_ x: Float) -> Float { FastMath.exp(x) }
    @inlinable @inline(__always) static func fastExpMinusOne(_ x: Float) -> Float { FastMath.expm1(x) }
    @inlinable @inline(__always) static func fastLog(_ x: Float) -> Float { FastMath.log(x) }
    @inlinable @inline(__always) static func fastLogOnePlus(_ x: Float) -> Float { FastMath.log1p(x) }
    @inlinable @inline(__always) static func fastTanh(_ x: Float) -> Float { FastMath.tanh(x) }
    @inlinable @inline(__always) static func fastErf(_ x: Float) -> Float { FastMath.erf(x) }
    @inlinable @inline(__always) static func fastSin(_ x: Float) -> Float { FastMath.sin(x) }
    @inlinable @inline(__always) static func fastCos(_ x: Float) -> Float { FastMath.cos(x) }
    @inlinable static var trigLimit: Float { FastMath.trigLimitFloat }
}

extension Double: FastMathElement {
    @inlinable @inline(__always) static func fastExp(_ x: Double) -> Double { FastMath.exp(x) }
    @inlinable @inline(__always) static func fastExpMinusOne(_ x: Double) -> Double { FastMath.expm1(x) }
    @inlinable @inline(__always) static func fastLog(_ x: Double) -> Double { FastMath.log(x) }
    @inlinable @inline(__always) static func fastLogOnePlus(_ x: Double) -> Double { FastMath.log1p(x) }
    @inlinable @inline(__always) static func fastTanh(_ x: Double) -> Double { FastMath.tanh(x) }
    @inlinable @inline(__always) static func fastErf(_ x: Double) -> Double { FastMath.erf(x) }
    @inlinable @inline(__always) static func fastSin(_ x: Double) -> Double { FastMath.sin(x) }
    @inlinable @inline(__always) static func fastCos(_ x: Double) -> Double { FastMath.cos(x) }
    @inlinable static var trigLimit: Double { FastMath.trigLimitDouble }
}

/// A `Float` or `Double` whose exp, expm1, log, log1p, tanh, erf, sin, cos and square root are `FastMath`'s
/// branch-free kernels (a few ulp, see `FastMath`) instead of libm calls, so that a loop evaluating a function
/// written over `Real` on it vectorizes; every other function is `Base`'s own. `Tensor.map` evaluates functions on
/// it, and on `Dual` of it for derivatives. Arguments of sin and cos beyond `trigLimit` go to libm (a branch, so a
/// loop over sin or cos runs scalar).
@frozen @usableFromInline
struct FastMathScalar<Base: FastMathElement>: Real, ExpressibleByFloatLiteral {
    @usableFromInline var value: Base

    @inlinable @inline(__always) init(_ value: Base) { self.value = value }
}

extension FastMathScalar {
    @inlinable @inline(__always) static func exp(_ x: Self) -> Self { Self(Base.fastExp(x.value)) }
    @inlinable @inline(__always) static func expMinusOne(_ x: Self) -> Self { Self(Base.fastExpMinusOne(x.value)) }
    @inlinable @inline(__always) static func log(_ x: Self) -> Self { Self(Base.fastLog(x.value)) }
    @inlinable @inline(__always) static func log(onePlus x: Self) -> Self { Self(Base.fastLogOnePlus(x.value)) }
    @inlinable @inline(__always) static func tanh(_ x: Self) -> Self { Self(Base.fastTanh(x.value)) }
    @inlinable @inline(__always) static func erf(_ x: Self) -> Self { Self(Base.fastErf(x.value)) }
    @inlinable @inline(__always) static func sqrt(_ x: Self) -> Self { Self(x.value.vectorizableSquareRoot()) }

    @inlinable @inline(__always)
    static func sin(_ x: Self) -> Self {
        Self(x.value.magnitude > Base.trigLimit ? Base.sin(x.value) : Base.fastSin(x.value))
    }

    @inlinable @inline(__always)
    static func cos(_ x: Self) -> Self {
        Self(x.value.magnitude > Base.trigLimit ? Base.cos(x.value) : Base.fastCos(x.value))
    }

    @inlinable static func cosh(_ x: Self) -> Self { Self(Base.cosh(x.value)) }
    @inlinable static func sinh(_ x: Self) -> Self { Self(Base.sinh(x.value)) }
    @inlinable static func tan(_ x: Self) -> Self { Self(Base.tan(x.value)) }
    @inlinable static func acosh(_ x: Self) -> Self { Self(Base.acosh(x.value)) }
    @inlinable static func asinh(_ x: Self) -> Self { Self(Base.asinh(x.value)) }
    @inlinable static func atanh(_ x: Self) -> Self { Self(Base.atanh(x.value)) }
    @inlinable static func acos(_ x: Self) -> Self { Self(Base.acos(x.value)) }
    @inlinable static func asin(_ x: Self) -> Self { Self(Base.asin(x.value)) }
    @inlinable static func atan(_ x: Self) -> Self { Self(Base.atan(x.value)) }
    @inlinable static func pow(_ x: Self, _ y: Self) -> Self { Self(Base.pow(x.value, y.value)) }
    @inlinable static func pow(_ x: Self, _ n: Int) -> Self { Self(Base.pow(x.value, n)) }
    @inlinable static func root(_ x: Self, _ n: Int) -> Self { Self(Base.root(x.value, n)) }
    @inlinable static func atan2(y: Self, x: Self) -> Self { Self(Base.atan2(y: y.value, x: x.value)) }
    @inlinable static func erfc(_ x: Self) -> Self { Self(Base.erfc(x.value)) }
    @inlinable static func exp2(_ x: Self) -> Self { Self(Base.exp2(x.value)) }
    @inlinable static func exp10(_ x: Self) -> Self { Self(Base.exp10(x.value)) }
    @inlinable static func hypot(_ x: Self, _ y: Self) -> Self { Self(Base.hypot(x.value, y.value)) }
    @inlinable static func gamma(_ x: Self) -> Self { Self(Base.gamma(x.value)) }
    @inlinable static func log2(_ x: Self) -> Self { Self(Base.log2(x.value)) }
    @inlinable static func log10(_ x: Self) -> Self { Self(Base.log10(x.value)) }
    @inlinable static func logGamma(_ x: Self) -> Self { Self(Base.logGamma(x.value)) }
    @inlinable static func signGamma(_ x: Self) -> FloatingPointSign { Base.signGamma(x.value) }
}

// MARK: FloatingPoint, forwarded to Base

extension FastMathScalar {
    @inlinable @inline(__always) static func + (a: Self, b: Self) -> Self { Self(a.value + b.value) }
    @inlinable @inline(__always) static func - (a: Self, b: Self) -> Self { Self(a.value - b.value) }
    @inlinable @inline(__always) static func * (a: Self, b: Self) -> Self { Self(a.value * b.value) }
    @inlinable @inline(__always) static func / (a: Self, b: Self) -> Self { Self(a.value / b.value) }
    @inlinable @inline(__always) static prefix func - (a: Self) -> Self { Self(-a.value) }
    @inlinable @inline(__always) static func += (a: inout Self, b: Self) { a.value += b.value }
    @inlinable @inline(__always) static func -= (a: inout Self, b: Self) { a.value -= b.value }
    @inlinable @inline(__always) static func *= (a: inout Self, b: Self) { a.value *= b.value }
    @inlinable @inline(__always) static func /= (a: inout Self, b: Self) { a.value /= b.value }
    @inlinable @inline(__always) static func == (a: Self, b: Self) -> Bool { a.value == b.value }
    @inlinable @inline(__always) static func < (a: Self, b: Self) -> Bool { a.value < b.value }
    @inlinable @inline(__always) static func <= (a: Self, b: Self) -> Bool { a.value <= b.value }
    @inlinable @inline(__always) static func > (a: Self, b: Self) -> Bool { a.value > b.value }
    @inlinable @inline(__always) static func >= (a: Self, b: Self) -> Bool { a.value >= b.value }

    @inlinable @inline(__always) init(floatLiteral value: Base.FloatLiteralType) {
        self.init(Base(floatLiteral: value))
    }
    @inlinable @inline(__always) init(integerLiteral value: Base.IntegerLiteralType) {
        self.init(Base(integerLiteral: value))
    }
    @inlinable @inline(__always) init(_ value: Int) { self.init(Base(value)) }
    @inlinable @inline(__always) init<Source: BinaryInteger>(_ value: Source) { self.init(Base(value)) }
    @inlinable init?<Source: BinaryInteger>(exactly value: Source) {
        guard let x = Base(exactly: value) else { return nil }
        self.init(x)
    }
    @inlinable init(sign: FloatingPointSign, exponent: Base.Exponent, significand: Self) {
        self.init(Base(sign: sign, exponent: exponent, significand: significand.value))
    }
    @inlinable init(signOf sign: Self, magnitudeOf magnitude: Self) {
        self.init(Base(signOf: sign.value, magnitudeOf: magnitude.value))
    }

    @inlinable static var radix: Int { Base.radix }
    @inlinable static var nan: Self { Self(Base.nan) }
    @inlinable static var signalingNaN: Self { Self(Base.signalingNaN) }
    @inlinable static var infinity: Self { Self(Base.infinity) }
    @inlinable static var greatestFiniteMagnitude: Self { Self(Base.greatestFiniteMagnitude) }
    @inlinable static var pi: Self { Self(Base.pi) }
    @inlinable static var leastNormalMagnitude: Self { Self(Base.leastNormalMagnitude) }
    @inlinable static var leastNonzeroMagnitude: Self { Self(Base.leastNonzeroMagnitude) }

    @inlinable @inline(__always) var magnitude: Self { Self(value.magnitude) }
    @inlinable var reciprocal: Self? { value.reciprocal.map { Self($0) } }
    @inlinable var ulp: Self { Self(value.ulp) }
    @inlinable var sign: FloatingPointSign { value.sign }
    @inlinable var exponent: Base.Exponent { value.exponent }
    @inlinable var significand: Self { Self(value.significand) }
    @inlinable var nextUp: Self { Self(value.nextUp) }
    @inlinable var isNormal: Bool { value.isNormal }
    @inlinable var isFinite: Bool { value.isFinite }
    @inlinable var isZero: Bool { value.isZero }
    @inlinable var isSubnormal: Bool { value.isSubnormal }
    @inlinable var isInfinite: Bool { value.isInfinite }
    @inlinable var isNaN: Bool { value.isNaN }
    @inlinable var isSignalingNaN: Bool { value.isSignalingNaN }
    @inlinable var isCanonical: Bool { value.isCanonical }

    @inlinable func isEqual(to other: Self) -> Bool { value.isEqual(to: other.value) }
    @inlinable func isLess(than other: Self) -> Bool { value.isLess(than: other.value) }
    @inlinable func isLessThanOrEqualTo(_ other: Self) -> Bool { value.isLessThanOrEqualTo(other.value) }
    @inlinable func isTotallyOrdered(belowOrEqualTo other: Self) -> Bool {
        value.isTotallyOrdered(belowOrEqualTo: other.value)
    }
    @inlinable func hash(into hasher: inout Hasher) { hasher.combine(value) }
    @inlinable func distance(to other: Self) -> Self { other - self }
    @inlinable func advanced(by amount: Self) -> Self { self + amount }

    @inlinable @inline(__always) mutating func round(_ rule: FloatingPointRoundingRule) { value.round(rule) }
    @inlinable mutating func formRemainder(dividingBy other: Self) { value.formRemainder(dividingBy: other.value) }
    @inlinable mutating func formTruncatingRemainder(dividingBy other: Self) {
        value.formTruncatingRemainder(dividingBy: other.value)
    }
    @inlinable @inline(__always) mutating func formSquareRoot() { value = value.vectorizableSquareRoot() }
    @inlinable @inline(__always) mutating func addProduct(_ a: Self, _ b: Self) { value += a.value * b.value }
}
