import XCTest

@testable import Tensor

/// The caching allocator behind large tensors: it hands freed buffers out again, never holds more than its capacity,
/// and when full keeps the buffers freed last.
final class BufferCacheTests: XCTestCase {
    let kib = 1 << 10

    func testAFreedBufferIsHandedOutAgain() {
        let cache = BufferCache(capacityBytes: 1 << 20)
        let buffer = cache.allocate(byteCount: 100 * kib)
        cache.release(buffer, byteCount: 100 * kib)
        XCTAssertEqual(cache.cachedCount(byteCount: 100 * kib), 1)
        XCTAssertEqual(cache.allocate(byteCount: 100 * kib), buffer)
        XCTAssertEqual(cache.cachedBytes, 0)
        cache.release(buffer, byteCount: 100 * kib)
    }

    /// Capacity for three buffers of about 300 KiB: freeing sizes a, b, c, then d pushes out a (the oldest); a second b
    /// then pushes out the first b (now the oldest), not c.
    func testAFullCacheDropsTheBuffersFreedLongestAgo() {
        let cache = BufferCache(capacityBytes: 901 * kib)
        let sizes = [300 * kib, 300 * kib + 64, 300 * kib + 128, 300 * kib + 192]
        let buffers = sizes.map { cache.allocate(byteCount: $0) }
        for i in 0..<3 { cache.release(buffers[i], byteCount: sizes[i]) }
        XCTAssertEqual(cache.cachedBytes, sizes[0] + sizes[1] + sizes[2])
        cache.release(buffers[3], byteCount: sizes[3])
        XCTAssertEqual(sizes.map { cache.cachedCount(byteCount: $0) }, [0, 1, 1, 1])
        XCTAssertEqual(cache.cachedBytes, sizes[1] + sizes[2] + sizes[3])

        let again = UnsafeMutableRawPointer.allocate(byteCount: sizes[1], alignment: 64)
        cache.release(again, byteCount: sizes[1])
        XCTAssertEqual(sizes.map { cache.cachedCount(byteCount: $0) }, [0, 1, 1, 1])
        XCTAssertLessThanOrEqual(cache.cachedBytes, cache.capacityBytes)
        // The newer of the two b buffers is the one kept.
        XCTAssertEqual(cache.allocate(byteCount: sizes[1]), again)
        cache.release(again, byteCount: sizes[1])
    }

    func testSmallAndOversizedBuffersAreNotCached() {
        let cache = BufferCache(capacityBytes: 1 << 20)
        let small = cache.allocate(byteCount: 1000)
        cache.release(small, byteCount: 1000)
        let huge = cache.allocate(byteCount: 2 << 20)
        cache.release(huge, byteCount: 2 << 20)
        XCTAssertEqual(cache.cachedBytes, 0)
        XCTAssertEqual(cache.cachedCount(byteCount: 1000), 0)
        XCTAssertEqual(cache.cachedCount(byteCount: 2 << 20), 0)
    }
}
