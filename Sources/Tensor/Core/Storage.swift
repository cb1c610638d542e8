import Foundation

/// A flat, untyped buffer shared by a tensor and its views.
///
/// Small buffers (up to `inlineLimit` bytes) live inside the storage object itself — one allocation per tensor,
/// which matters for the many tiny tensors of scientific ML graphs. Large buffers are 64-byte aligned and come
/// from, and return to, `BufferCache`, so eager code that keeps allocating results of the same sizes does not pay
/// first-touch page faults on every op. Storage is immutable once a tensor is published; the copy-on-write
/// mutators of `Tensor` write only when the storage is uniquely referenced.
public final class TensorStorage: ManagedBuffer<TensorStorage.Header, UInt8> {
    public struct Header {
        /// The first byte.
        let data: UnsafeMutableRawPointer
        /// Size of the buffer in bytes.
        let byteCount: Int
        /// Whether `data` points into this object (else it belongs to `BufferCache`).
        let isInline: Bool
    }

    /// Buffers up to this size are allocated inside the storage object.
    static let inlineLimit = 4096

    /// The first byte.
    public var data: UnsafeMutableRawPointer { header.data }
    /// Size of the buffer in bytes.
    public var byteCount: Int { header.byteCount }

    /// An uninitialized buffer of `byteCount` bytes.
    static func allocate(byteCount: Int) -> TensorStorage {
        let inline = byteCount <= inlineLimit
        let object = create(minimumCapacity: inline ? Swift.max(byteCount, 1) + 15 : 0) { buffer in
            if inline {
                let elements = buffer.withUnsafeMutablePointerToElements { UnsafeMutableRawPointer($0) }
                // Align the inline bytes to 16 (the tail may start at any 8-byte boundary).
                let aligned = UnsafeMutableRawPointer(bitPattern: (Int(bitPattern: elements) + 15) & ~15)!
                return Header(data: aligned, byteCount: byteCount, isInline: true)
            }
            return Header(
                data: BufferCache.shared.allocate(byteCount: byteCount), byteCount: byteCount, isInline: false)
        }
        return unsafeDowncast(object, to: TensorStorage.self)
    }

    /// A zero-filled buffer of `byteCount` bytes.
    static func allocate(zeroedByteCount byteCount: Int) -> TensorStorage {
        let storage = allocate(byteCount: byteCount)
        storage.data.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
        return storage
    }

    deinit {
        if !header.isInline { BufferCache.shared.release(header.data, byteCount: header.byteCount) }
    }
}

/// Keeps freed large buffers, keyed by size, and hands them out again (the idea of PyTorch's caching allocator).
///
/// Buffers under `minimumBytes` go straight to `malloc`, which is fast for small sizes. The cache holds at most
/// `capacityBytes`; beyond that freed buffers are returned to the system.
final class BufferCache: @unchecked Sendable {
    static let shared = BufferCache()

    let minimumBytes = 1 << 16
    let capacityBytes = 1 << 30
    private var free: [Int: [UnsafeMutableRawPointer]] = [:]
    private var cachedBytes = 0
    private let lock = NSLock()

    func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        let size = max(byteCount, 1)
        if size >= minimumBytes {
            lock.lock()
            if let pointer = free[size]?.popLast() {
                cachedBytes -= size
                lock.unlock()
                return pointer
            }
            lock.unlock()
        }
        // Small buffers take malloc's natural alignment (an over-aligned request costs several times more);
        // large ones are aligned to cache lines.
        return UnsafeMutableRawPointer.allocate(byteCount: size, alignment: size >= minimumBytes ? 64 : 16)
    }

    func release(_ pointer: UnsafeMutableRawPointer, byteCount: Int) {
        let size = max(byteCount, 1)
        if size >= minimumBytes {
            lock.lock()
            if cachedBytes + size <= capacityBytes {
                free[size, default: []].append(pointer)
                cachedBytes += size
                lock.unlock()
                return
            }
            lock.unlock()
        }
        pointer.deallocate()
    }
}
