import Foundation

/// The coefficients of the fourth-order exponential time-differencing Runge–Kutta scheme (Cox & Matthews 2002) for
/// v' = c·v + N(v) with a real diagonal linear part c and step h, by the contour integrals of Kassam & Trefethen
/// (2005): each φ-function of z = h·c is the mean of its values on `contourPoints` points of the unit circle around z,
/// which avoids the cancellation of the closed forms near z = 0.
///
///     E = e^{z}, E₂ = e^{z/2}, Q = h·(e^{z/2} − 1)/z,
///     f₁ = h·(−4 − z + e^{z}(4 − 3z + z²))/z³, f₂ = h·(2 + z + e^{z}(z − 2))/z³, f₃ = h·(−4 − 3z − z² + e^{z}(4 − z))/z³.
struct ETDRK4Coefficients {
    let e: [Double], halfE: [Double], q: [Double], f1: [Double], f2: [Double], f3: [Double]

    init(linear: [Double], step h: Double, contourPoints: Int = 64) {
        var (e, halfE, q, f1, f2, f3) = ([Double](), [Double](), [Double](), [Double](), [Double](), [Double]())
        for c in linear {
            let z = h * c
            var sums = [Double](repeating: 0, count: 4)
            for j in 0..<contourPoints {
                let angle = 2 * Double.pi * (Double(j) + 0.5) / Double(contourPoints)
                let w = Point(re: z + cos(angle), im: sin(angle))
                let ew = w.exp()
                let halfEw = (w * 0.5).exp()
                let w2 = w * w
                let w3 = w2 * w
                sums[0] += ((halfEw - 1) / w).re
                sums[1] += ((-4 - w + ew * (4 - 3 * w + w2)) / w3).re
                sums[2] += ((2 + w + ew * (w - 2)) / w3).re
                sums[3] += ((-4 - 3 * w - w2 + ew * (4 - w)) / w3).re
            }
            let mean = sums.map { h * $0 / Double(contourPoints) }
            e.append(Foundation.exp(z))
            halfE.append(Foundation.exp(z / 2))
            q.append(mean[0])
            f1.append(mean[1])
            f2.append(mean[2])
            f3.append(mean[3])
        }
        (self.e, self.halfE, self.q, self.f1, self.f2, self.f3) = (e, halfE, q, f1, f2, f3)
    }

    /// A complex number of the contour sums.
    private struct Point {
        var re: Double, im: Double

        func exp() -> Point {
            let m = Foundation.exp(re)
            return Point(re: m * cos(im), im: m * sin(im))
        }

        static func + (a: Point, b: Point) -> Point { Point(re: a.re + b.re, im: a.im + b.im) }
        static func - (a: Point, b: Point) -> Point { Point(re: a.re - b.re, im: a.im - b.im) }
        static func + (a: Double, b: Point) -> Point { Point(re: a + b.re, im: b.im) }
        static func - (a: Double, b: Point) -> Point { Point(re: a - b.re, im: -b.im) }
        static func - (a: Point, b: Double) -> Point { Point(re: a.re - b, im: a.im) }
        static func * (a: Point, b: Double) -> Point { Point(re: a.re * b, im: a.im * b) }
        static func * (a: Double, b: Point) -> Point { b * a }
        static func * (a: Point, b: Point) -> Point {
            Point(re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re)
        }
        static func / (a: Point, b: Point) -> Point {
            let d = b.re * b.re + b.im * b.im
            return Point(re: (a.re * b.re + a.im * b.im) / d, im: (a.im * b.re - a.re * b.im) / d)
        }
        static prefix func - (a: Point) -> Point { Point(re: -a.re, im: -a.im) }
    }
}
