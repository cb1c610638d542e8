import RealModule

/// The element type of a tensor, known at run time.
///
/// Arithmetic and every differentiable op work on the floating types; `int64` carries indices
/// (argmax, gather, permutations) and `bool` carries masks (comparisons, `where`).
public enum DType: Sendable, Hashable, CustomStringConvertible {
    case float32, float64, int64, bool

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .float32: 4
        case .float64, .int64: 8
        case .bool: 1
        }
    }

    public var isFloatingPoint: Bool { self == .float32 || self == .float64 }

    public var description: String {
        switch self {
        case .float32: "float32"
        case .float64: "float64"
        case .int64: "int64"
        case .bool: "bool"
        }
    }
}

/// A Swift type that can be an element of a `Tensor`.
public protocol TensorElement: Sendable {
    static var dtype: DType { get }
}

extension Int64: TensorElement { public static var dtype: DType { .int64 } }
extension Bool: TensorElement { public static var dtype: DType { .bool } }

/// The floating-point element types (`Float`, `Double`): every kernel is written once, generic over this.
public protocol FloatElement: TensorElement, BinaryFloatingPoint, Real
where Self.RawSignificand: FixedWidthInteger {
    /// Converts from `Double` (used for scalars given by the caller).
    init(_ value: Double)
}

extension Float: FloatElement { public static var dtype: DType { .float32 } }
extension Double: FloatElement { public static var dtype: DType { .float64 } }
