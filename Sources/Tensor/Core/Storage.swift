import Foundation

/// A flat, untyped, 64-byte aligned buffer shared by a tensor and its views.
///
/// Storage is immutable once a tensor is published; the copy-on-write mutators of `Tensor` write only when the
/// storage is uniquely referenced. Large buffers come from, and return to, `BufferCache`, so eager code that keeps
/// allocating results of the same sizes does not pay first-touch page faults on every op.
public final class TensorStorage: @unchecked Sendable {
    /// The first byte.
    public let data: UnsafeMutableRawPointer
    /// Size of the buffer in bytes.
    public let byteCount: Int

    /// An uninitialized buffer of `byteCount` bytes.
    init(byteCount: Int) {
        self.byteCount = byteCount
        self.data = BufferCache.shared.allocate(byteCount: byteCount)
    }

    /// A zero-filled buffer of `byteCount` bytes.
    convenience init(zeroedByteCount byteCount: Int) {
        self.init(byteCount: byteCount)
        data.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
    }

    deinit { BufferCache.shared.release(data, byteCount: byteCount) }
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

    /// Returns every cached buffer to the system.
    func purge() {
        lock.lock()
        for pointers in free.values { for pointer in pointers { pointer.deallocate() } }
        free.removeAll()
        cachedBytes = 0
        lock.unlock()
    }
}
