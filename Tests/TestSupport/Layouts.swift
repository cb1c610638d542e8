import Tensor

/// One memory layout of a set of logical values, named for test messages.
public struct LayoutVariant: @unchecked Sendable {
    public let name: String
    public let tensor: Tensor
}

/// The logical values of `values` in several memory layouts, to run an op on each and compare with one reference:
///
/// - `contiguous`: a dense row-major copy.
/// - `permuted`: a dense copy of the values with their axes reversed, permuted back (strides in reverse order).
/// - `stepped`: every other element, from offset 1, of a bigger tensor filled with a sentinel elsewhere.
/// - `flipped`: a reversed copy flipped back along every axis (negative strides).
/// - `expanded`: when the values are constant along some axis of size > 1, a smaller tensor broadcast to the
///   shape (a new leading axis when that axis is 0, a size-1 axis otherwise); stride 0 along that axis.
///
/// Every variant holds exactly the same logical values; `isContiguous` is false for all but the first whenever the
/// shape has more than one element (except `permuted` when at most one axis has size > 1).
public func layoutVariants(of values: Tensor) -> [LayoutVariant] {
    let shape = values.shape
    let rank = values.rank
    var result = [LayoutVariant(name: "contiguous", tensor: values.copied())]

    let reversed = Array((0..<rank).reversed())
    result.append(LayoutVariant(name: "permuted", tensor: values.permuted(reversed).copied().permuted(reversed)))

    let bigShape = shape.map { 2 * $0 + 2 }
    let sentinel = values.dtype == .bool ? 1.0 : 7777
    let big = reference(bigShape, dtype: values.dtype) { index in
        zip(index, shape).allSatisfy { $0 % 2 == 1 && ($0 - 1) / 2 < $1 }
            ? values.element(at: index.map { ($0 - 1) / 2 }) : sentinel
    }
    var stepped = big
    for axis in 0..<rank { stepped = stepped.sliced(axis: axis, start: 1, end: 2 * shape[axis] + 1, step: 2) }
    result.append(LayoutVariant(name: "stepped", tensor: stepped))

    let axes = Array(0..<rank)
    result.append(LayoutVariant(name: "flipped", tensor: values.flipped(axes: axes).copied().flipped(axes: axes)))

    if let axis = constantAxis(of: values) {
        let small =
            axis == 0
            ? values.selected(axis: 0, index: 0).copied() : values.narrowed(axis: axis, start: 0, length: 1).copied()
        result.append(LayoutVariant(name: "expanded", tensor: small.expanded(to: shape)))
    }
    return result
}

/// The first axis of size > 1 along which `values` do not change, if any.
public func constantAxis(of values: Tensor) -> Int? {
    let shape = values.shape
    let all = allIndices(shape)
    for axis in 0..<values.rank where shape[axis] > 1 {
        let constant = all.allSatisfy { index in
            var first = index
            first[axis] = 0
            let a = values.element(at: index)
            let b = values.element(at: first)
            return a == b || (a.isNaN && b.isNaN)
        }
        if constant { return axis }
    }
    return nil
}

/// Random values of `shape` that are constant along `axis` (so that `layoutVariants` includes an expanded layout).
public func valuesConstant(
    along axis: Int, shape: [Int], dtype: DType = .float64, random: inout TestRandom, low: Double = -1,
    high: Double = 1
) -> Tensor {
    var smallShape = shape
    smallShape[axis] = 1
    let small = random.tensor(smallShape, dtype: dtype, low: low, high: high)
    return small.expanded(to: shape).copied()
}

/// The tensor of `layoutVariants(of: values)` named `name` ("contiguous", "permuted", "stepped", "flipped" or, when
/// the values allow it, "expanded").
public func layoutVariant(_ name: String, of values: Tensor) -> Tensor {
    guard let variant = layoutVariants(of: values).first(where: { $0.name == name }) else {
        preconditionFailure("layoutVariant: no \"\(name)\" layout for values of shape \(values.shape)")
    }
    return variant.tensor
}

/// The names of the layouts `layoutVariants(of:)` gives for any values (an expanded one needs constant values).
public let layoutNames = ["contiguous", "permuted", "stepped", "flipped"]
