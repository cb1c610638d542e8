/// The shape and stride arrays of kernel results, built cheaply for small ranks.
///
/// On Linux, `[Int](repeating:count:)`, `map` and the other generic array initializers allocate through a
/// standard-library path that looks the storage class up in the runtime's metadata cache on every call: ~800
/// instructions per array, as much as a whole tiny op. An array literal allocates through a specialized path
/// (~400 instructions), so ranks up to 4 are built as literals.
enum SmallArrays {
    /// `[value(0), …, value(count − 1)]`.
    @inline(__always)
    static func make(count: Int, _ value: (Int) -> Int) -> [Int] {
        switch count {
        case 0: return []
        case 1: return [value(0)]
        case 2: return [value(0), value(1)]
        case 3: return [value(0), value(1), value(2)]
        case 4: return [value(0), value(1), value(2), value(3)]
        default: return (0..<count).map(value)
        }
    }

    /// Row-major strides of a dense tensor of `shape`.
    static func contiguousStrides(_ shape: [Int]) -> [Int] {
        let rank = shape.count
        return make(count: rank) { axis in
            var step = 1
            for later in (axis + 1)..<rank { step *= shape[later] }
            return step
        }
    }

    /// The broadcast shape of `a` and `b` by the NumPy rule, or nil when they do not broadcast. When one of them
    /// already is the broadcast shape, that array is returned (no allocation).
    static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
        if broadcasts(b, to: a) { return a }
        if broadcasts(a, to: b) { return b }
        let rank = Swift.max(a.count, b.count)
        for axis in 0..<rank {
            let x = size(a, axis, rank)
            let y = size(b, axis, rank)
            if x != y && x != 1 && y != 1 { return nil }
        }
        return make(count: rank) { axis in
            let x = size(a, axis, rank)
            return x == 1 ? size(b, axis, rank) : x
        }
    }

    /// Size of `shape` along `axis` of a rank-`rank` broadcast (1 for the missing leading axes).
    @inline(__always)
    private static func size(_ shape: [Int], _ axis: Int, _ rank: Int) -> Int {
        let own = axis - (rank - shape.count)
        return own < 0 ? 1 : shape[own]
    }

    /// Whether `shape` broadcasts to `target` unchanged.
    @inline(__always)
    private static func broadcasts(_ shape: [Int], to target: [Int]) -> Bool {
        let lead = target.count - shape.count
        if lead < 0 { return false }
        for axis in 0..<shape.count where shape[axis] != 1 && shape[axis] != target[lead + axis] { return false }
        return true
    }
}
