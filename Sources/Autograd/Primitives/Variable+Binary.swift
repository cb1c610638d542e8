import Tensor

/// Elementwise arithmetic of two variables (NumPy broadcasting) and with scalars. Gradients come back in the
/// broadcast shape; the engine sums them to each input's shape.
extension Variable {
    /// a + b; ∂a = g, ∂b = g.
    public static func + (a: Variable, b: Variable) -> Variable {
        Variable.record("add", a.value + b.value, a, b) { b in [b.gradient, b.gradient] }
    }

    /// a − b; ∂a = g, ∂b = −g.
    public static func - (a: Variable, b: Variable) -> Variable {
        Variable.record("subtract", a.value - b.value, a, b) { b in [b.gradient, b.needs(1) ? -b.gradient : nil] }
    }

    /// a·b; ∂a = g·b, ∂b = g·a.
    public static func * (a: Variable, b: Variable) -> Variable {
        Variable.record("multiply", a.value * b.value, a, b) { b in
            [b.needs(0) ? b.gradient * b.inputs[1] : nil, b.needs(1) ? b.gradient * b.inputs[0] : nil]
        }
    }

    /// a/b; ∂a = g/b, ∂b = −g·a/b².
    public static func / (a: Variable, b: Variable) -> Variable {
        Variable.record("divide", a.value / b.value, a, b) { b in
            let gb = b.gradient / b.inputs[1]
            return [b.needs(0) ? gb : nil, b.needs(1) ? -gb * b.result : nil]
        }
    }

    /// aᵇ; ∂a = g·b·a^{b−1}, ∂b = g·y·ln a (0 where a = 0: y = 0ᵇ is constant in b there, not 0·ln 0 = NaN).
    public func pow(_ exponent: Variable) -> Variable {
        Variable.record("pow", value.pow(exponent.value), self, exponent) { b in
            let a = b.inputs[0]
            let e = b.inputs[1]
            var exponentGradient: Variable?
            if b.needs(1) {
                let atZero = a.value.compared(.equal, scalar: 0)
                let zero = Variable(Tensor.zeros([], dtype: a.dtype))
                exponentGradient = Variable.where(atZero, zero, b.gradient * b.result * a.log())
            }
            return [b.needs(0) ? b.gradient * e * a.pow(e - 1) : nil, exponentGradient]
        }
    }

    /// atan2(self, x): the angle of (x, y = self). ∂y = g·x/(x² + y²), ∂x = −g·y/(x² + y²) (undefined at the origin).
    public func arcTangent2(_ x: Variable) -> Variable {
        Variable.record("arcTangent2", value.arcTangent2(x.value), self, x) { b in
            let y = b.inputs[0]
            let x = b.inputs[1]
            let scaled = b.gradient / (x.square() + y.square())
            return [b.needs(0) ? scaled * x : nil, b.needs(1) ? -scaled * y : nil]
        }
    }

    /// Elementwise maximum; the gradient goes to `a` where a ≥ b, else to `b`.
    public func maximum(_ other: Variable) -> Variable {
        Variable.record("maximum", value.maximum(other.value), self, other) { b in
            Variable.routed(b, toFirstWhere: b.inputs[0].value.compared(.greaterEqual, b.inputs[1].value))
        }
    }

    /// Elementwise minimum; the gradient goes to `a` where a ≤ b, else to `b`.
    public func minimum(_ other: Variable) -> Variable {
        Variable.record("minimum", value.minimum(other.value), self, other) { b in
            Variable.routed(b, toFirstWhere: b.inputs[0].value.compared(.lessEqual, b.inputs[1].value))
        }
    }

    private static func routed(_ b: Backward, toFirstWhere mask: Tensor) -> [Variable?] {
        let zero = Variable(Tensor.zeros([], dtype: b.gradient.dtype))
        return [
            b.needs(0) ? Variable.where(mask, b.gradient, zero) : nil,
            b.needs(1) ? Variable.where(mask, zero, b.gradient) : nil,
        ]
    }

    /// x + s.
    public static func + (x: Variable, s: Double) -> Variable {
        Variable.record("add scalar", x.value + s, x) { b in [b.gradient] }
    }
    /// x − s.
    public static func - (x: Variable, s: Double) -> Variable { x + (-s) }
    /// x·s; ∂ = g·s.
    public static func * (x: Variable, s: Double) -> Variable {
        Variable.record("multiply scalar", x.value * s, x, scalar: s) { b in [b.gradient * b.scalar] }
    }
    /// x/s.
    public static func / (x: Variable, s: Double) -> Variable { x * (1 / s) }
    /// s + x.
    public static func + (s: Double, x: Variable) -> Variable { x + s }
    /// s − x.
    public static func - (s: Double, x: Variable) -> Variable {
        Variable.record("subtract from scalar", s - x.value, x) { b in [-b.gradient] }
    }
    /// s·x.
    public static func * (s: Double, x: Variable) -> Variable { x * s }
    /// s/x; ∂ = −g·y/x.
    public static func / (s: Double, x: Variable) -> Variable {
        Variable.record("divide scalar", s / x.value, x) { b in [-b.gradient * b.result / b.inputs[0]] }
    }

    /// `condition ? a : b` elementwise with a constant bool mask; ∂a = g where true, ∂b = g where false.
    public static func `where`(_ condition: Tensor, _ a: Variable, _ b: Variable) -> Variable {
        Variable.record("where", Tensor.where(condition, a.value, b.value), a, b) { bw in
            let zero = Variable(Tensor.zeros([], dtype: bw.gradient.dtype))
            return [
                bw.needs(0) ? Variable.where(condition, bw.gradient, zero) : nil,
                bw.needs(1) ? Variable.where(condition, zero, bw.gradient) : nil,
            ]
        }
    }
}
