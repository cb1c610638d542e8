import Tensor

/// The safetensors names of the dtypes SciGrad holds, and the reference implementation's order of dtypes.
enum SafetensorsDType {
    static func name(of dtype: DType) -> String {
        switch dtype {
        case .float32: "F32"
        case .float64: "F64"
        case .int64: "I64"
        case .bool: "BOOL"
        }
    }

    /// The dtype called `name`, or nil for one SciGrad does not hold.
    static func dtype(named name: String) -> DType? {
        switch name {
        case "F32": .float32
        case "F64": .float64
        case "I64": .int64
        case "BOOL": .bool
        default: nil
        }
    }

    /// The position of `dtype` in the reference implementation's `Dtype` enum. Its writer stores tensors by
    /// descending rank, then by name, which puts wider elements first and keeps every tensor aligned.
    static func rank(of dtype: DType) -> Int {
        switch dtype {
        case .bool: 0
        case .float32: 1
        case .float64: 2
        case .int64: 3
        }
    }
}
