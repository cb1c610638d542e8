import Tensor

/// Elementwise functions of one variable. Each pullback is written with `Variable` ops (higher order works).
extension Variable {
    /// −x; ∂ = −g.
    public static prefix func - (x: Variable) -> Variable {
        Variable.record("negate", x.value.negated(), x) { b in [-b.gradient] }
    }

    /// |x|; ∂ = g·sign(x).
    public func abs() -> Variable {
        Variable.record("abs", value.abs(), self) { b in [b.gradient * Variable(b.inputs[0].value.sign())] }
    }

    /// eˣ; ∂ = g·y.
    public func exp() -> Variable { Variable.record("exp", value.exp(), self) { b in [b.gradient * b.result] } }

    /// eˣ − 1; ∂ = g·(y + 1).
    public func expm1() -> Variable {
        Variable.record("expm1", value.expm1(), self) { b in [b.gradient * (b.result + 1)] }
    }

    /// ln x; ∂ = g/x.
    public func log() -> Variable { Variable.record("log", value.log(), self) { b in [b.gradient / b.inputs[0]] } }

    /// ln(1 + x); ∂ = g/(1 + x).
    public func log1p() -> Variable {
        Variable.record("log1p", value.log1p(), self) { b in [b.gradient / (b.inputs[0] + 1)] }
    }

    /// √x; ∂ = g/(2y).
    public func sqrt() -> Variable {
        Variable.record("sqrt", value.sqrt(), self) { b in [b.gradient * 0.5 / b.result] }
    }

    /// 1/√x; ∂ = −g·y³/2.
    public func rsqrt() -> Variable {
        Variable.record("rsqrt", value.rsqrt(), self) { b in [b.gradient * b.result * b.result * b.result * -0.5] }
    }

    /// x²; ∂ = 2g·x.
    public func square() -> Variable {
        Variable.record("square", value.square(), self) { b in [b.gradient * b.inputs[0] * 2] }
    }

    /// 1/x; ∂ = −g·y².
    public func reciprocal() -> Variable {
        Variable.record("reciprocal", value.reciprocal(), self) { b in [-b.gradient * b.result * b.result] }
    }

    /// sin x; ∂ = g·cos x.
    public func sin() -> Variable {
        Variable.record("sin", value.sin(), self) { b in [b.gradient * b.inputs[0].cos()] }
    }

    /// cos x; ∂ = −g·sin x.
    public func cos() -> Variable {
        Variable.record("cos", value.cos(), self) { b in [-b.gradient * b.inputs[0].sin()] }
    }

    /// tanh x; ∂ = g·(1 − y²).
    public func tanh() -> Variable {
        Variable.record("tanh", value.tanh(), self) { b in [b.gradient * (1 - b.result.square())] }
    }

    /// σ(x) = 1/(1 + e⁻ˣ); ∂ = g·y(1 − y).
    public func sigmoid() -> Variable {
        Variable.record("sigmoid", value.sigmoid(), self) { b in [b.gradient * b.result * (1 - b.result)] }
    }

    /// log(1 + eˣ); ∂ = g·σ(x).
    public func softplus() -> Variable {
        Variable.record("softplus", value.softplus(), self) { b in [b.gradient * b.inputs[0].sigmoid()] }
    }

    /// max(x, 0); ∂ = g·[x > 0].
    public func relu() -> Variable {
        Variable.record("relu", value.relu(), self) { b in
            let x = b.inputs[0].value
            return [b.gradient * Variable(x.compared(.greater, scalar: 0).cast(to: x.dtype))]
        }
    }

    /// erf x; ∂ = g·(2/√π)·e^{−x²}.
    public func erf() -> Variable {
        Variable.record("erf", value.erf(), self) { b in
            [b.gradient * (-b.inputs[0].square()).exp() * 1.1283791670955126]
        }
    }

    /// GELU: `ErfGELU`, ½x(1 + erf(x/√2)), or with `approximate` `TanhGELU`, ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
    /// The forward is FastMath's kernel (no cancellation for x < 0); ∂ = g·f′(x) with f′ the function's `Derivative`,
    /// one pass by dual numbers instead of ~10 eager ops, and itself a `map` for higher orders.
    public func gelu(approximate: Bool = false) -> Variable {
        if approximate {
            return Variable.record("gelu(tanh)", value.gelu(approximate: true), self) { b in
                [b.gradient * b.inputs[0].map(Derivative(TanhGELU()))]
            }
        }
        return Variable.record("gelu", value.gelu(), self) { b in
            [b.gradient * b.inputs[0].map(Derivative(ErfGELU()))]
        }
    }

    /// x rounded to the nearest bfloat16 (ties to even, in x's dtype), to emulate bfloat16 arithmetic; ∂ = g, the
    /// straight-through rule: the rounding is treated as the identity, as mixed-precision training does.
    public func roundedToBFloat16() -> Variable {
        Variable.record("roundedToBFloat16", value.roundedToBFloat16(), self) { b in [b.gradient] }
    }

    /// Piecewise-constant functions: their gradient is zero almost everywhere.
    public func sign() -> Variable { Variable(value.sign()) }
    public func floor() -> Variable { Variable(value.floor()) }
    public func ceil() -> Variable { Variable(value.ceil()) }
    public func rounded() -> Variable { Variable(value.rounded()) }

    /// xᵖ for a constant p; ∂ = g·p·x^{p−1}.
    public func pow(_ p: Double) -> Variable {
        if p == 2 { return square() }
        return Variable.record("pow", value.pow(p), self, scalar: p) { b in
            [b.gradient * b.inputs[0].pow(b.scalar - 1) * b.scalar]
        }
    }
}
