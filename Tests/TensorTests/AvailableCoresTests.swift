import Foundation
import XCTest

@testable import Tensor

final class AvailableCoresTests: XCTestCase {
    func testTheAffinityMaskIsCountedBitByBit() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("status-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        for (line, expected) in [
            ("Cpus_allowed:\t3", 2), ("Cpus_allowed:\t1", 1), ("Cpus_allowed:\tffffffff,0000000f", 36),
            ("Cpus_allowed:\t0", nil), ("Cpus_allowed:\txyz", nil), ("Cpus_allowed_list:\t0-1", nil),
        ] as [(String, Int?)] {
            try "Name:\ttest\n\(line)\nMems_allowed:\t1\n".write(to: file, atomically: true, encoding: .utf8)
            XCTAssertEqual(AvailableCores.affinityMaskSize(status: file.path), expected, line)
        }
        XCTAssertNil(AvailableCores.affinityMaskSize(status: file.path + ".missing"))
        XCTAssert((1...ProcessInfo.processInfo.activeProcessorCount).contains(AvailableCores.count))
    }
}
