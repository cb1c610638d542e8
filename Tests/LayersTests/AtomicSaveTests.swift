import Foundation
import Tensor
import TestSupport
import XCTest

@testable import Layers

#if canImport(Glibc)
    import Glibc
#endif

/// Saves killed mid-write leave a temporary file behind; the next save to the same path removes it (issue #11).
final class AtomicSaveTests: XCTestCase {
    func testTemporaryFilesOfKilledSavesDoNotAccumulate() throws {
        let directory = try TestFiles.temporaryDirectory(for: self)
        let url = directory.appendingPathComponent("model.safetensors")
        let other = directory.appendingPathComponent("other.npy")
        for target in [url, url, url, other] {
            let outcome = runInChild {
                try? FileAccess.writeAtomically(to: target) { file in
                    try file.write([UInt8](repeating: 7, count: 4096))
                    _exit(9)  // the process dies mid-write, as under `kill -9`
                }
            }
            XCTAssertFalse(outcome.returned, "\(outcome)")
        }
        // Each killed save removed the one before it: one leftover per path, however many saves were killed.
        let leftovers = try TestFiles.contents(of: directory)
        XCTAssertEqual(leftovers.count, 2, "\(leftovers)")
        for _ in 0..<2 { try Safetensors.save(["w": Tensor([1.0, 2])], to: url) }
        let remaining = try TestFiles.contents(of: directory)
        XCTAssertEqual(remaining.filter { $0.hasPrefix(".model.safetensors.tmp-") }, [])
        XCTAssertEqual(remaining.filter { $0.hasPrefix(".other.npy.tmp-") }.count, 1, "another path's files are left")
        XCTAssertEqual(try Safetensors.load(from: url)["w"]?.toDoubles(), [1, 2])
    }

    func testATemporaryFileOfALiveProcessIsLeftAlone() throws {
        let directory = try TestFiles.temporaryDirectory(for: self)
        let url = directory.appendingPathComponent("a.npy")
        let live = ".a.npy.tmp-\(getpid())-abc123"
        try Data([1, 2, 3]).write(to: directory.appendingPathComponent(live))
        try NumPy.save(Tensor([1.0]), to: url)
        XCTAssertEqual(try TestFiles.contents(of: directory), [live, "a.npy"].sorted())
    }
}
