// Radix-3, -4 and -5 butterflies for the Stockham passes of `FFTStockham.swift`.
//
// A butterfly computes the forward `DFT_R` of its `R` legs, `z[k] = Σ_l a[l]·e^(−2πi·lk/R)`,
// and multiplies output `k` by the pass twiddle `w^(p·k)`. Multiplications by `±i` are written
// as swaps and negations; radix 3 and 5 use the usual sum/difference factorizations.

/// The values of one radix-`R` butterfly: its `R` complex legs, or its `R` outputs.
protocol FFTButterfly {
    associatedtype Element: FFTElement
    /// The twiddles `w^(p·k)`, `0 < k < R`, of butterfly group `p`.
    associatedtype Twiddles

    static var radix: Int { get }

    /// Loads the legs `x[j + l·m]`, `l < R`.
    init(_ x: FFTSplitPointer<Element>, legs j: Int, distance m: Int)

    /// Reads `w^(p·k)` from the twiddle planes of `n1` values at `w`.
    static func twiddles(_ w: UnsafePointer<Element.Scalar>, p: Int, n1: Int) -> Twiddles

    /// The outputs `w^(p·k) · DFT_R(legs)[k]`.
    func transformed(_ t: Twiddles) -> Self

    /// Stores output `k` to `y[o + k·s]`.
    func store(_ y: FFTSplitPointer<Element>, at o: Int, stride s: Int)

    /// Stores output `k` of the four butterflies `a, b, c, d` to `y[o + k·s + 0…3]`, one output
    /// stream at a time.
    static func store4(
        _ a: Self, _ b: Self, _ c: Self, _ d: Self, _ y: FFTSplitPointer<Element>, at o: Int, stride s: Int)
}

/// `(re, im)·(wr + i·wi)`.
@inline(__always)
private func fftRotate<E: FFTElement>(_ re: E, _ im: E, _ wr: E.Scalar, _ wi: E.Scalar) -> (E, E) {
    (re * wr - im * wi, re * wi + im * wr)
}

/// Stores four consecutive values at `base`.
@inline(__always)
private func fftStore4<T>(_ base: UnsafeMutablePointer<T>, _ a: T, _ b: T, _ c: T, _ d: T) {
    base[0] = a
    base[1] = b
    base[2] = c
    base[3] = d
}

/// Radix 4, legs `a, b, c, d` = `r0 + i·i0`, …: `z0 = (a + c) + (b + d)`,
/// `z1 = (a − c) − i·(b − d)`, `z2 = (a + c) − (b + d)`, `z3 = (a − c) + i·(b − d)`.
struct FFTRadix4<Element: FFTElement>: FFTButterfly {
    var r0, i0, r1, i1, r2, i2, r3, i3: Element

    static var radix: Int { 4 }

    @inline(__always)
    init(r0: Element, i0: Element, r1: Element, i1: Element, r2: Element, i2: Element, r3: Element, i3: Element) {
        (self.r0, self.i0, self.r1, self.i1, self.r2, self.i2, self.r3, self.i3) = (r0, i0, r1, i1, r2, i2, r3, i3)
    }

    @inline(__always)
    init(_ x: FFTSplitPointer<Element>, legs j: Int, distance m: Int) {
        self.init(
            r0: x.re[j], i0: x.im[j], r1: x.re[j &+ m], i1: x.im[j &+ m],
            r2: x.re[j &+ 2 &* m], i2: x.im[j &+ 2 &* m], r3: x.re[j &+ 3 &* m], i3: x.im[j &+ 3 &* m])
    }

    typealias Twiddles = (
        Element.Scalar, Element.Scalar, Element.Scalar, Element.Scalar, Element.Scalar, Element.Scalar
    )

    @inline(__always)
    static func twiddles(_ w: UnsafePointer<Element.Scalar>, p: Int, n1: Int) -> Twiddles {
        (w[p], w[n1 &+ p], w[2 &* n1 &+ p], w[3 &* n1 &+ p], w[4 &* n1 &+ p], w[5 &* n1 &+ p])
    }

    @inline(__always)
    func transformed(_ t: Twiddles) -> FFTRadix4 {
        let sACr = r0 + r2
        let sACi = i0 + i2
        let dACr = r0 - r2
        let dACi = i0 - i2
        let sBDr = r1 + r3
        let sBDi = i1 + i3
        let rBDr = i1 - i3
        let rBDi = r3 - r1  // −i·(b − d)
        let y1 = fftRotate(dACr + rBDr, dACi + rBDi, t.0, t.1)
        let y2 = fftRotate(sACr - sBDr, sACi - sBDi, t.2, t.3)
        let y3 = fftRotate(dACr - rBDr, dACi - rBDi, t.4, t.5)
        return FFTRadix4(r0: sACr + sBDr, i0: sACi + sBDi, r1: y1.0, i1: y1.1, r2: y2.0, i2: y2.1, r3: y3.0, i3: y3.1)
    }

    @inline(__always)
    func store(_ y: FFTSplitPointer<Element>, at o: Int, stride s: Int) {
        y.re[o] = r0
        y.im[o] = i0
        y.re[o &+ s] = r1
        y.im[o &+ s] = i1
        y.re[o &+ 2 &* s] = r2
        y.im[o &+ 2 &* s] = i2
        y.re[o &+ 3 &* s] = r3
        y.im[o &+ 3 &* s] = i3
    }

    @inline(__always)
    static func store4(
        _ a: Self, _ b: Self, _ c: Self, _ d: Self, _ y: FFTSplitPointer<Element>, at o: Int, stride s: Int
    ) {
        fftStore4(y.re + o, a.r0, b.r0, c.r0, d.r0)
        fftStore4(y.im + o, a.i0, b.i0, c.i0, d.i0)
        fftStore4(y.re + (o &+ s), a.r1, b.r1, c.r1, d.r1)
        fftStore4(y.im + (o &+ s), a.i1, b.i1, c.i1, d.i1)
        fftStore4(y.re + (o &+ 2 &* s), a.r2, b.r2, c.r2, d.r2)
        fftStore4(y.im + (o &+ 2 &* s), a.i2, b.i2, c.i2, d.i2)
        fftStore4(y.re + (o &+ 3 &* s), a.r3, b.r3, c.r3, d.r3)
        fftStore4(y.im + (o &+ 3 &* s), a.i3, b.i3, c.i3, d.i3)
    }
}

/// Radix 3, legs `a, b, c`: `z0 = a + (b + c)`, `z1,2 = a − (b + c)/2 ∓ i·sin 60°·(b − c)`.
struct FFTRadix3<Element: FFTElement>: FFTButterfly {
    var r0, i0, r1, i1, r2, i2: Element

    static var radix: Int { 3 }

    @inline(__always)
    init(r0: Element, i0: Element, r1: Element, i1: Element, r2: Element, i2: Element) {
        (self.r0, self.i0, self.r1, self.i1, self.r2, self.i2) = (r0, i0, r1, i1, r2, i2)
    }

    @inline(__always)
    init(_ x: FFTSplitPointer<Element>, legs j: Int, distance m: Int) {
        self.init(
            r0: x.re[j], i0: x.im[j], r1: x.re[j &+ m], i1: x.im[j &+ m], r2: x.re[j &+ 2 &* m], i2: x.im[j &+ 2 &* m])
    }

    typealias Twiddles = (Element.Scalar, Element.Scalar, Element.Scalar, Element.Scalar)

    @inline(__always)
    static func twiddles(_ w: UnsafePointer<Element.Scalar>, p: Int, n1: Int) -> Twiddles {
        (w[p], w[n1 &+ p], w[2 &* n1 &+ p], w[3 &* n1 &+ p])
    }

    @inline(__always)
    func transformed(_ t: Twiddles) -> FFTRadix3 {
        let sin60: Element.Scalar = 0.866025403784438646763723170752936183
        let half: Element.Scalar = 0.5
        let sBCr = r1 + r2
        let sBCi = i1 + i2
        let mr = r0 - half * sBCr
        let mi = i0 - half * sBCi
        let rr = sin60 * (i1 - i2)
        let ri = sin60 * (r2 - r1)  // −i·sin 60°·(b − c)
        let y1 = fftRotate(mr + rr, mi + ri, t.0, t.1)
        let y2 = fftRotate(mr - rr, mi - ri, t.2, t.3)
        return FFTRadix3(r0: r0 + sBCr, i0: i0 + sBCi, r1: y1.0, i1: y1.1, r2: y2.0, i2: y2.1)
    }

    @inline(__always)
    func store(_ y: FFTSplitPointer<Element>, at o: Int, stride s: Int) {
        y.re[o] = r0
        y.im[o] = i0
        y.re[o &+ s] = r1
        y.im[o &+ s] = i1
        y.re[o &+ 2 &* s] = r2
        y.im[o &+ 2 &* s] = i2
    }

    @inline(__always)
    static func store4(
        _ a: Self, _ b: Self, _ c: Self, _ d: Self, _ y: FFTSplitPointer<Element>, at o: Int, stride s: Int
    ) {
        fftStore4(y.re + o, a.r0, b.r0, c.r0, d.r0)
        fftStore4(y.im + o, a.i0, b.i0, c.i0, d.i0)
        fftStore4(y.re + (o &+ s), a.r1, b.r1, c.r1, d.r1)
        fftStore4(y.im + (o &+ s), a.i1, b.i1, c.i1, d.i1)
        fftStore4(y.re + (o &+ 2 &* s), a.r2, b.r2, c.r2, d.r2)
        fftStore4(y.im + (o &+ 2 &* s), a.i2, b.i2, c.i2, d.i2)
    }
}

/// Radix 5, legs `a … e`, with `cₖ = cos(2πk/5)`, `sₖ = sin(2πk/5)`:
/// `z0 = a + (b + e) + (c + d)`, `m1 = a + c1·(b + e) + c2·(c + d)`, `m2 = a + c2·(b + e) + c1·(c + d)`,
/// `n1 = s1·(b − e) + s2·(c − d)`, `n2 = s2·(b − e) − s1·(c − d)`;
/// `z1 = m1 − i·n1`, `z2 = m2 − i·n2`, `z3 = m2 + i·n2`, `z4 = m1 + i·n1`.
struct FFTRadix5<Element: FFTElement>: FFTButterfly {
    var r0, i0, r1, i1, r2, i2, r3, i3, r4, i4: Element

    static var radix: Int { 5 }

    @inline(__always)
    init(
        r0: Element, i0: Element, r1: Element, i1: Element, r2: Element, i2: Element, r3: Element, i3: Element,
        r4: Element,
        i4: Element
    ) {
        (self.r0, self.i0, self.r1, self.i1, self.r2, self.i2) = (r0, i0, r1, i1, r2, i2)
        (self.r3, self.i3, self.r4, self.i4) = (r3, i3, r4, i4)
    }

    @inline(__always)
    init(_ x: FFTSplitPointer<Element>, legs j: Int, distance m: Int) {
        self.init(
            r0: x.re[j], i0: x.im[j], r1: x.re[j &+ m], i1: x.im[j &+ m],
            r2: x.re[j &+ 2 &* m], i2: x.im[j &+ 2 &* m], r3: x.re[j &+ 3 &* m], i3: x.im[j &+ 3 &* m],
            r4: x.re[j &+ 4 &* m], i4: x.im[j &+ 4 &* m])
    }

    typealias Twiddles = (
        Element.Scalar, Element.Scalar, Element.Scalar, Element.Scalar, Element.Scalar, Element.Scalar, Element.Scalar,
        Element.Scalar
    )

    @inline(__always)
    static func twiddles(_ w: UnsafePointer<Element.Scalar>, p: Int, n1: Int) -> Twiddles {
        (
            w[p], w[n1 &+ p], w[2 &* n1 &+ p], w[3 &* n1 &+ p], w[4 &* n1 &+ p], w[5 &* n1 &+ p], w[6 &* n1 &+ p],
            w[7 &* n1 &+ p]
        )
    }

    @inline(__always)
    func transformed(_ t: Twiddles) -> FFTRadix5 {
        let c1: Element.Scalar = 0.309016994374947424102293417182819059  // cos(2π/5)
        let c2: Element.Scalar = -0.809016994374947424102293417182819059  // cos(4π/5)
        let s1: Element.Scalar = 0.951056516295153572116439333379382143  // sin(2π/5)
        let s2: Element.Scalar = 0.587785252292473129168705954639072769  // sin(4π/5)
        let sBEr = r1 + r4
        let sBEi = i1 + i4
        let dBEr = r1 - r4
        let dBEi = i1 - i4
        let sCDr = r2 + r3
        let sCDi = i2 + i3
        let dCDr = r2 - r3
        let dCDi = i2 - i3
        let m1r = r0 + c1 * sBEr + c2 * sCDr
        let m1i = i0 + c1 * sBEi + c2 * sCDi
        let m2r = r0 + c2 * sBEr + c1 * sCDr
        let m2i = i0 + c2 * sBEi + c1 * sCDi
        let n1r = s1 * dBEr + s2 * dCDr
        let n1i = s1 * dBEi + s2 * dCDi
        let n2r = s2 * dBEr - s1 * dCDr
        let n2i = s2 * dBEi - s1 * dCDi
        // DFT_5 outputs 1…4 are m1 − i·n1, m2 − i·n2, m2 + i·n2, m1 + i·n1.
        let y1 = fftRotate(m1r + n1i, m1i - n1r, t.0, t.1)
        let y2 = fftRotate(m2r + n2i, m2i - n2r, t.2, t.3)
        let y3 = fftRotate(m2r - n2i, m2i + n2r, t.4, t.5)
        let y4 = fftRotate(m1r - n1i, m1i + n1r, t.6, t.7)
        return FFTRadix5(
            r0: r0 + sBEr + sCDr, i0: i0 + sBEi + sCDi, r1: y1.0, i1: y1.1, r2: y2.0, i2: y2.1,
            r3: y3.0, i3: y3.1, r4: y4.0, i4: y4.1)
    }

    @inline(__always)
    func store(_ y: FFTSplitPointer<Element>, at o: Int, stride s: Int) {
        y.re[o] = r0
        y.im[o] = i0
        y.re[o &+ s] = r1
        y.im[o &+ s] = i1
        y.re[o &+ 2 &* s] = r2
        y.im[o &+ 2 &* s] = i2
        y.re[o &+ 3 &* s] = r3
        y.im[o &+ 3 &* s] = i3
        y.re[o &+ 4 &* s] = r4
        y.im[o &+ 4 &* s] = i4
    }

    @inline(__always)
    static func store4(
        _ a: Self, _ b: Self, _ c: Self, _ d: Self, _ y: FFTSplitPointer<Element>, at o: Int, stride s: Int
    ) {
        fftStore4(y.re + o, a.r0, b.r0, c.r0, d.r0)
        fftStore4(y.im + o, a.i0, b.i0, c.i0, d.i0)
        fftStore4(y.re + (o &+ s), a.r1, b.r1, c.r1, d.r1)
        fftStore4(y.im + (o &+ s), a.i1, b.i1, c.i1, d.i1)
        fftStore4(y.re + (o &+ 2 &* s), a.r2, b.r2, c.r2, d.r2)
        fftStore4(y.im + (o &+ 2 &* s), a.i2, b.i2, c.i2, d.i2)
        fftStore4(y.re + (o &+ 3 &* s), a.r3, b.r3, c.r3, d.r3)
        fftStore4(y.im + (o &+ 3 &* s), a.i3, b.i3, c.i3, d.i3)
        fftStore4(y.re + (o &+ 4 &* s), a.r4, b.r4, c.r4, d.r4)
        fftStore4(y.im + (o &+ 4 &* s), a.i4, b.i4, c.i4, d.i4)
    }
}
