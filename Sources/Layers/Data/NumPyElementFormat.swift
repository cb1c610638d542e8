import Tensor

/// An `.npy` element format (`descr`) that SciGrad reads: byte order, kind and size, and the dtype it loads as.
///
/// `<f4`, `<f8`, `<i8` and `|b1` load as float32, float64, int64 and bool; the narrower integers (`i1`, `i2`, `i4`,
/// `u1`, `u2`, `u4`) are widened to int64, which holds all their values. Big-endian data (`>`) is byte-swapped.
struct NumPyElementFormat {
    enum Kind: Character {
        case floatingPoint = "f"
        case signedInteger = "i"
        case unsignedInteger = "u"
        case boolean = "b"
    }

    let kind: Kind
    let byteSize: Int
    let isBigEndian: Bool

    /// Parses `descr`, or throws naming it when SciGrad does not read it.
    init(_ descr: String, path: String) throws {
        let characters = Array(descr)
        let unsupported = DataError.unsupported(
            path: path,
            reason: "dtype '\(DataError.excerpt(descr))'; SciGrad reads f4, f8, i8 and b1, and widens i1, i2, i4, u1, "
                + "u2 and u4 to int64")
        guard characters.count >= 3, "<>|=".contains(characters[0]), let kind = Kind(rawValue: characters[1]),
            let byteSize = Int(String(characters[2...]))
        else { throw unsupported }
        let supportedSizes: [Kind: Set<Int>] = [
            .floatingPoint: [4, 8], .signedInteger: [1, 2, 4, 8], .unsignedInteger: [1, 2, 4], .boolean: [1],
        ]
        guard supportedSizes[kind]!.contains(byteSize) else { throw unsupported }
        self.kind = kind
        self.byteSize = byteSize
        isBigEndian = characters[0] == ">"
    }

    /// The format NumPy writes for a tensor of `dtype` on a little-endian machine.
    static func descr(of dtype: DType) -> String {
        switch dtype {
        case .float32: "<f4"
        case .float64: "<f8"
        case .int64: "<i8"
        case .bool: "|b1"
        }
    }

    /// The dtype the elements load as.
    var dtype: DType {
        switch kind {
        case .floatingPoint: byteSize == 4 ? .float32 : .float64
        case .signedInteger, .unsignedInteger: .int64
        case .boolean: .bool
        }
    }

    /// A row-major tensor of `shape` from the packed elements in `raw` (which holds exactly enough bytes).
    func decode(_ raw: UnsafeRawBufferPointer, shape: [Int]) -> Tensor {
        func load<Integer: FixedWidthInteger>(_: Integer.Type, _ index: Int) -> Integer {
            let bits = raw.loadUnaligned(fromByteOffset: index * MemoryLayout<Integer>.size, as: Integer.self)
            return isBigEndian ? Integer(bigEndian: bits) : Integer(littleEndian: bits)
        }
        switch (kind, byteSize) {
        case (.floatingPoint, 4): return Self.tensor(shape) { Float(bitPattern: load(UInt32.self, $0)) }
        case (.floatingPoint, _): return Self.tensor(shape) { Double(bitPattern: load(UInt64.self, $0)) }
        case (.signedInteger, 8): return Self.tensor(shape) { Int64(bitPattern: load(UInt64.self, $0)) }
        case (.signedInteger, 4): return Self.tensor(shape) { Int64(Int32(bitPattern: load(UInt32.self, $0))) }
        case (.signedInteger, 2): return Self.tensor(shape) { Int64(Int16(bitPattern: load(UInt16.self, $0))) }
        case (.signedInteger, _): return Self.tensor(shape) { Int64(Int8(bitPattern: raw[$0])) }
        case (.unsignedInteger, 4): return Self.tensor(shape) { Int64(load(UInt32.self, $0)) }
        case (.unsignedInteger, 2): return Self.tensor(shape) { Int64(load(UInt16.self, $0)) }
        case (.unsignedInteger, _): return Self.tensor(shape) { Int64(raw[$0]) }
        // Any non-zero byte is true: a Swift Bool must never hold another bit pattern than 0 or 1.
        case (.boolean, _): return Self.tensor(shape) { raw[$0] != 0 }
        }
    }

    private static func tensor<Element: TensorElement>(_ shape: [Int], _ element: (Int) -> Element) -> Tensor {
        var result = Tensor.zeros(shape, dtype: Element.dtype)
        result.withMutableElements(as: Element.self) { elements in
            for index in elements.indices { elements[index] = element(index) }
        }
        return result
    }
}
