import Foundation

/// Printing: the values in nested brackets, like NumPy and PyTorch.
extension Tensor: CustomStringConvertible, CustomDebugStringConvertible {
    /// The values in nested brackets followed by shape and dtype:
    ///
    /// ```
    /// Tensor([[ 1.50,  2.00,  3.00],
    ///         [ 4.00, -5.25,  6.00]], shape: [2, 3], dtype: float32)
    /// ```
    ///
    /// Tensors of more than 1000 elements are summarized: each axis longer than 6 shows its first and last 3
    /// entries around `...`. See `formatted(summaryThreshold:edgeItems:showingLayout:)`.
    public var description: String { formatted() }

    /// `description` with the layout added (strides and offset, in elements).
    public var debugDescription: String { formatted(showingLayout: true) }

    /// The values in nested brackets followed by shape and dtype (and strides and offset with `showingLayout`).
    ///
    /// When the tensor has more than `summaryThreshold` elements, every axis longer than `2 · edgeItems` shows
    /// only its first and last `edgeItems` entries, with `...` between (pass 0 to summarize any tensor).
    ///
    /// Floating values share one format, aligned to one width: fixed-point with up to 4 decimals (as many as the
    /// values need; whole numbers print as `3.`), or scientific (`1.5e-07`) when the magnitudes reach 1e8 or, for
    /// values that are not all whole numbers, when the non-zero ones fall below 1e-4 or span more than a factor
    /// 1000. `int64` prints exactly, `bool` as `true`/`false`. Rows are not wrapped.
    public func formatted(summaryThreshold: Int = 1000, edgeItems: Int = 3, showingLayout: Bool = false) -> String {
        let summarize = count > summaryThreshold
        // The positions shown along each axis; nil marks the elided middle.
        let shown: [[Int?]] = shape.map { size in
            summarize && size > 2 * edgeItems
                ? Array(0..<edgeItems) + [nil] + Array(size - edgeItems..<size) : Array(0..<size)
        }
        var offsets: [Int] = []
        func collect(_ axis: Int, _ position: Int) {
            if axis == rank {
                offsets.append(position)
                return
            }
            for case let index? in shown[axis] { collect(axis + 1, position + index * strides[axis]) }
        }
        collect(0, offset)
        let cells = formattedCells(at: offsets)
        let width = cells.map(\.count).max() ?? 0
        let padded = cells.map { String(repeating: " ", count: width - $0.count) + $0 }

        let prefix = "Tensor("
        var next = 0
        func block(_ axis: Int) -> String {
            if axis == rank {
                defer { next += 1 }
                return padded[next]
            }
            let separator =
                axis == rank - 1
                ? ", "
                : "," + String(repeating: "\n", count: rank - 1 - axis)
                    + String(repeating: " ", count: prefix.count + axis + 1)
            let parts = shown[axis].map { $0 == nil ? "..." : block(axis + 1) }
            return "[" + parts.joined(separator: separator) + "]"
        }
        var text = prefix + block(0) + ", shape: \(shape)"
        if showingLayout { text += ", strides: \(strides), offset: \(offset)" }
        return text + ", dtype: \(dtype))"
    }

    /// The elements at storage positions `offsets`, each formatted (not yet padded to a common width).
    private func formattedCells(at offsets: [Int]) -> [String] {
        let data = storage.data
        switch dtype {
        case .float32:
            let pointer = data.assumingMemoryBound(to: Float.self)
            return Tensor.formattedFloats(offsets.map { Double(pointer[$0]) })
        case .float64:
            let pointer = data.assumingMemoryBound(to: Double.self)
            return Tensor.formattedFloats(offsets.map { pointer[$0] })
        case .int64:
            let pointer = data.assumingMemoryBound(to: Int64.self)
            return offsets.map { String(pointer[$0]) }
        case .bool:
            let pointer = data.assumingMemoryBound(to: Bool.self)
            return offsets.map { pointer[$0] ? "true" : "false" }
        }
    }

    /// Floating values in one shared format: fixed-point or scientific, with the fewest decimals (at most 4) that
    /// show every value to that precision.
    static func formattedFloats(_ values: [Double]) -> [String] {
        let magnitudes = values.filter { $0.isFinite && $0 != 0 }.map { Swift.abs($0) }
        let largest = magnitudes.max() ?? 0
        let smallest = magnitudes.min() ?? 0
        let wholeNumbers = values.allSatisfy { !$0.isFinite || $0.rounded() == $0 }
        let scientific =
            largest >= 1e8 || !wholeNumbers && (smallest > 0 && smallest < 1e-4 || largest > 1000 * smallest)
        let style = scientific ? "e" : "f"
        let maximumDecimals = 4
        func decimalsNeeded(_ value: Double) -> Int {
            let text = String(format: "%.\(maximumDecimals)\(style)", value)
            let mantissa = scientific ? String(text.prefix { $0 != "e" }) : text
            let trailingZeros = mantissa.reversed().prefix { $0 == "0" }.count
            return maximumDecimals - trailingZeros
        }
        let decimals = values.filter(\.isFinite).map(decimalsNeeded).max() ?? 0
        return values.map { value in
            if value.isNaN { return "nan" }
            if value.isInfinite { return value < 0 ? "-inf" : "inf" }
            let text = String(format: "%.\(decimals)\(style)", value)
            if decimals > 0 { return text }
            // A whole number keeps its point, NumPy style: "3." and "1.e+09".
            return scientific ? text.replacingOccurrences(of: "e", with: ".e") : text + "."
        }
    }
}
