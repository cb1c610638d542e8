import RealModule
import Tensor

/// One elementary function of swift-numerics' `Real` (binary ones with the other argument fixed), as an
/// `ElementwiseFunction`, with points inside its domain: the cases of `DualTests` and `TensorMapTests`.
struct ElementaryFunction: ElementwiseFunction {
    enum Name: CaseIterable {
        case exp, expMinusOne, exp2, exp10, log, logOnePlus, log2, log10, sin, cos, tan, sinh, cosh, tanh
        case asin, acos, atan, asinh, acosh, atanh, erf, erfc, sqrt, cubeRoot, powBase, powExponent, powInteger
        case atan2Y, atan2X, hypotX, quotient, magnitude, remainder
    }

    let name: Name

    func callAsFunction<T: Real & ExpressibleByFloatLiteral>(_ x: T) -> T {
        switch name {
        case .exp: T.exp(x)
        case .expMinusOne: T.expMinusOne(x)
        case .exp2: T.exp2(x)
        case .exp10: T.exp10(x)
        case .log: T.log(x)
        case .logOnePlus: T.log(onePlus: x)
        case .log2: T.log2(x)
        case .log10: T.log10(x)
        case .sin: T.sin(x)
        case .cos: T.cos(x)
        case .tan: T.tan(x)
        case .sinh: T.sinh(x)
        case .cosh: T.cosh(x)
        case .tanh: T.tanh(x)
        case .asin: T.asin(x)
        case .acos: T.acos(x)
        case .atan: T.atan(x)
        case .asinh: T.asinh(x)
        case .acosh: T.acosh(x)
        case .atanh: T.atanh(x)
        case .erf: T.erf(x)
        case .erfc: T.erfc(x)
        case .sqrt: T.sqrt(x)
        case .cubeRoot: T.root(x, 3)
        case .powBase: T.pow(x, 1.7)
        case .powExponent: T.pow(1.3, x)
        case .powInteger: T.pow(x, 5)
        case .atan2Y: T.atan2(y: x, x: -0.8)
        case .atan2X: T.atan2(y: 0.6, x: x)
        case .hypotX: T.hypot(x, 0.7)
        case .quotient: (x * x - 2) / (x * x + 1)
        case .magnitude: x.magnitude * x
        case .remainder: x.remainder(dividingBy: 0.75) * x
        }
    }

    /// Points inside the domain, away from kinks and branch cuts.
    var points: [Double] {
        switch name {
        case .log, .log2, .log10, .sqrt, .powBase: [0.3, 0.9, 1.7, 4.2]
        case .asin, .acos, .atanh: [-0.7, -0.2, 0.1, 0.6]
        case .tan: [-0.7, -0.1, 0.2, 0.9]  // away from the pole at π/2, where differences lose accuracy
        case .acosh: [1.2, 1.9, 3.5]
        case .logOnePlus: [-0.6, -0.1, 0.4, 2.5]
        case .remainder: [-1.1, 0.3, 0.6, 1.9]
        default: [-1.6, -0.7, -0.1, 0.2, 0.9, 1.4]
        }
    }
}
