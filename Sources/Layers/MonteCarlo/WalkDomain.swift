/// A domain Ω ⊂ ℝᴰ that walk-on-spheres can walk in: it needs only the distance from an interior point to ∂Ω (the
/// radius of the largest ball about the point inside Ω) and the closest boundary point (where a walk that has come
/// within ε of ∂Ω reads the boundary data).
public protocol WalkDomain: Sendable {
    /// D, the dimension of the points.
    var dimension: Int { get }
    /// dist(x, ∂Ω) for x in Ω (x has `dimension` coordinates).
    func distanceToBoundary(_ x: [Double]) -> Double
    /// The point of ∂Ω closest to x.
    func closestBoundaryPoint(_ x: [Double]) -> [Double]
}

/// The box ∏ᵢ [lowᵢ, highᵢ]: distance minᵢ min(xᵢ − lowᵢ, highᵢ − xᵢ), reached on the face of that minimum.
public struct BoxDomain: WalkDomain {
    public let low: [Double]
    public let high: [Double]

    public init(low: [Double], high: [Double]) {
        precondition(
            low.count == high.count && !low.isEmpty && zip(low, high).allSatisfy { $0 < $1 },
            "BoxDomain: bounds \(low) and \(high) must have equal, nonzero length and low < high")
        self.low = low
        self.high = high
    }

    /// The unit box [0, 1]ᴰ.
    public static func unit(dimension: Int) -> BoxDomain {
        BoxDomain(low: Array(repeating: 0, count: dimension), high: Array(repeating: 1, count: dimension))
    }

    public var dimension: Int { low.count }

    @inlinable
    public func distanceToBoundary(_ x: [Double]) -> Double {
        var distance = Double.infinity
        for i in 0..<low.count { distance = min(distance, x[i] - low[i], high[i] - x[i]) }
        return distance
    }

    @inlinable
    public func closestBoundaryPoint(_ x: [Double]) -> [Double] {
        var (face, value, distance) = (0, low[0], Double.infinity)
        for i in 0..<low.count {
            if x[i] - low[i] < distance { (face, value, distance) = (i, low[i], x[i] - low[i]) }
            if high[i] - x[i] < distance { (face, value, distance) = (i, high[i], high[i] - x[i]) }
        }
        var point = x
        point[face] = value
        return point
    }
}

/// The ball |x − center| ≤ radius (a disc in 2-D): distance radius − |x − center|, reached along the ray from the
/// center through x.
public struct BallDomain: WalkDomain {
    public let center: [Double]
    public let radius: Double

    public init(center: [Double], radius: Double) {
        precondition(!center.isEmpty && radius > 0, "BallDomain: center \(center) and radius \(radius)")
        self.center = center
        self.radius = radius
    }

    public var dimension: Int { center.count }

    @inlinable
    public func distanceToBoundary(_ x: [Double]) -> Double { radius - offsetLength(x) }

    @inlinable
    public func closestBoundaryPoint(_ x: [Double]) -> [Double] {
        let length = offsetLength(x)
        // The center is equally far from every boundary point: take the one along the first axis.
        guard length > 0 else { return center.enumerated().map { $0.offset == 0 ? $0.element + radius : $0.element } }
        return (0..<center.count).map { center[$0] + (x[$0] - center[$0]) * radius / length }
    }

    @usableFromInline
    func offsetLength(_ x: [Double]) -> Double {
        var sum = 0.0
        for i in 0..<center.count { sum += (x[i] - center[i]) * (x[i] - center[i]) }
        return sum.squareRoot()
    }
}
