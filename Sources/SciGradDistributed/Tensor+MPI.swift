import CMPI
import Tensor

extension DType {
    /// The MPI datatype of one element.
    var mpiDatatype: MPI_Datatype {
        switch self {
        case .float32: scigrad_mpi_float()
        case .float64: scigrad_mpi_double()
        case .int64: scigrad_mpi_int64()
        case .bool: preconditionFailure("Communicator: bool tensors are not exchanged; cast them to int64")
        }
    }

    /// A number naming the dtype in the shape descriptions ranks exchange.
    var code: Int64 {
        switch self {
        case .float32: 1
        case .float64: 2
        case .int64: 3
        case .bool: 4
        }
    }

    init?(code: Int64) {
        switch code {
        case 1: self = .float32
        case 2: self = .float64
        case 3: self = .int64
        case 4: self = .bool
        default: return nil
        }
    }
}

extension Tensor {
    /// Runs `body` with the first byte of the elements in row-major order (a dense copy is made when needed).
    func withContiguousBytes<Result>(_ body: (UnsafeRawPointer) throws -> Result) rethrows -> Result {
        let dense = contiguous()
        return try body(UnsafeRawPointer(dense.storage.data + dense.offset * dtype.byteSize))
    }

    /// A fresh dense tensor whose elements `fill` writes through the pointer it gets (to the first byte).
    static func filled(_ shape: [Int], dtype: DType, _ fill: (UnsafeMutableRawPointer) throws -> Void) rethrows
        -> Tensor
    {
        let tensor = Tensor.zeros(shape, dtype: dtype)
        try fill(tensor.storage.data)
        return tensor
    }

    /// Divides `count` floating elements at `pointer` by `divisor`, in place (a sum over ranks becomes their mean).
    static func divide(_ pointer: UnsafeMutableRawPointer, count: Int, dtype: DType, by divisor: Int) {
        switch dtype {
        case .float32:
            let elements = pointer.assumingMemoryBound(to: Float.self)
            for i in 0..<count { elements[i] /= Float(divisor) }
        case .float64:
            let elements = pointer.assumingMemoryBound(to: Double.self)
            for i in 0..<count { elements[i] /= Double(divisor) }
        default:
            preconditionFailure("Tensor.divide: \(dtype) is not a floating dtype")
        }
    }
}
