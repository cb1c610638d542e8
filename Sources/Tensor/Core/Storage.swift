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
/// `capacityBytes`: a buffer freed into a full cache pushes out the buffers freed longest ago, so the sizes a loop
/// keeps using stay cached when earlier work has left buffers of other sizes behind. (Dropping the newly freed one
/// instead made every step of `lsm.darcy32.train` allocate afresh after the benchmarks before it had filled the
/// cache: 106–126 ms a step against 92 with room for both.) Allocation takes the most recently freed buffer of the
/// size, the one most likely still in the caches.
final class BufferCache: @unchecked Sendable {
    static let shared = BufferCache()

    let minimumBytes = 1 << 16
    let capacityBytes: Int
    /// Buffers of at least this size are backed by transparent huge pages where the system offers them
    /// (`madvise`), so that streaming a large tensor does not miss the TLB every 4 KiB.
    let hugePageBytes = 1 << 21
    /// Free buffers by size, each list in the order they were freed (oldest first), with the tick of the free.
    private var free: [Int: [(pointer: UnsafeMutableRawPointer, tick: UInt64)]] = [:]
    private var ticks: UInt64 = 0
    private(set) var cachedBytes = 0
    private let lock = NSLock()

    init(capacityBytes: Int = 1 << 30) {
        self.capacityBytes = capacityBytes
    }

    deinit {
        for buffers in free.values { for buffer in buffers { buffer.pointer.deallocate() } }
    }

    func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        let size = max(byteCount, 1)
        if size >= minimumBytes {
            lock.lock()
            if let pointer = free[size]?.popLast()?.pointer {
                if free[size]!.isEmpty { free[size] = nil }
                cachedBytes -= size
                lock.unlock()
                return pointer
            }
            lock.unlock()
        }
        // Small buffers take malloc's natural alignment (an over-aligned request costs several times more);
        // large ones are aligned to cache lines, and those of at least a huge page to huge pages.
        if size >= hugePageBytes {
            let pointer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: hugePageBytes)
            madvise(pointer, (size + 4095) & ~4095, MADV_HUGEPAGE)
            return pointer
        }
        return UnsafeMutableRawPointer.allocate(byteCount: size, alignment: size >= minimumBytes ? 64 : 16)
    }

    func release(_ pointer: UnsafeMutableRawPointer, byteCount: Int) {
        let size = max(byteCount, 1)
        guard size >= minimumBytes, size <= capacityBytes else {
            pointer.deallocate()
            return
        }
        var evicted: [UnsafeMutableRawPointer] = []
        lock.lock()
        ticks &+= 1
        free[size, default: []].append((pointer, ticks))
        cachedBytes += size
        while cachedBytes > capacityBytes {
            // The oldest buffer is the first of some size's list.
            let (oldestSize, _) = free.min { $0.value[0].tick < $1.value[0].tick }!
            evicted.append(free[oldestSize]!.removeFirst().pointer)
            if free[oldestSize]!.isEmpty { free[oldestSize] = nil }
            cachedBytes -= oldestSize
        }
        lock.unlock()
        for buffer in evicted { buffer.deallocate() }
    }

    /// How many free buffers of `byteCount` bytes the cache holds.
    func cachedCount(byteCount: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return free[byteCount]?.count ?? 0
    }
}
