/// What the Stockham passes compute with: a real scalar (one transform at a time) or a SIMD vector whose lanes hold
/// the same element of several transforms (`FFTLanes`: eight Float rows at once, so every butterfly operation is one
/// eight-wide instruction whatever the pass's stride).
///
/// Only the operations a butterfly needs: sums and differences of elements, and products with a real twiddle or
/// constant.
protocol FFTElement {
    associatedtype Scalar: BinaryFloatingPoint
    /// How many transforms one element holds (1 for a scalar).
    static var lanes: Int { get }
    static var zero: Self { get }
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Scalar) -> Self
    static func * (a: Scalar, b: Self) -> Self
}

extension Float: FFTElement {
    typealias Scalar = Float
    static var lanes: Int { 1 }
}

extension Double: FFTElement {
    typealias Scalar = Double
    static var lanes: Int { 1 }
}

extension SIMD8: FFTElement where Scalar == Float {
    static var lanes: Int { scalarCount }
}

/// The real types plans are built for (Float and Double): an element that is its own scalar.
protocol FFTScalar: BinaryFloatingPoint, FFTElement, Sendable where Scalar == Self {}

extension Float: FFTScalar {}
extension Double: FFTScalar {}
