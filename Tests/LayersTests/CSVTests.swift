import Foundation
import Tensor
import XCTest

@testable import Layers

final class CSVTests: XCTestCase {
    func parse(_ text: String, header: CSV.Header = .automatic, dtype: DType = .float64) throws -> CSV.Table {
        try CSV.parse(Array(text.utf8), path: "data.csv", header: header, delimiter: ",", dtype: dtype)
    }

    func testReadsAHeaderAndNumericColumns() throws {
        let table = try parse("x, t ,u\n0,0,1\n0.5,1e-3,-2.5\n")
        XCTAssertEqual(table.columnNames, ["x", "t", "u"])
        XCTAssertEqual(table.values.shape, [2, 3])
        XCTAssertEqual(table.values.scalars(as: Double.self), [0, 0, 1, 0.5, 1e-3, -2.5])
    }

    func testHeaderIsOptional() throws {
        let table = try parse("1,2\n3,4")
        XCTAssertNil(table.columnNames)
        XCTAssertEqual(table.values.scalars(as: Double.self), [1, 2, 3, 4])
        let forced = try parse("1,2\n3,4", header: .present)
        XCTAssertEqual(forced.columnNames, ["1", "2"])
        XCTAssertEqual(forced.values.shape, [1, 2])
        assertThrows(try parse("a,b\n1,2", header: .absent), containing: ["line 1, column 1: 'a' is not a number"])
    }

    func testToleratesWindowsLineEndsBlankLinesQuotesAndAByteOrderMark() throws {
        let table = try parse("\u{FEFF}\"a\",\"b, c\"\r\n\r\n\"1.5\", 2 \r\n\n  \n3,nan\r\n")
        XCTAssertEqual(table.columnNames, ["a", "b, c"])
        let values = table.values.scalars(as: Double.self)
        XCTAssertEqual(Array(values[0..<3]), [1.5, 2, 3])
        XCTAssertTrue(values[3].isNaN)
    }

    func testOtherDelimitersAndDTypes() throws {
        let tabs = try CSV.parse(
            Array("1\t2\n3\t4\n".utf8), path: "t.tsv", header: .automatic, delimiter: "\t", dtype: .float32)
        XCTAssertEqual(tabs.values.dtype, .float32)
        XCTAssertEqual(tabs.values.scalars(as: Float.self), [1, 2, 3, 4])
        let integers = try parse("id,count\n1,9007199254740993\n", dtype: .int64)
        XCTAssertEqual(integers.values.scalars(as: Int64.self), [1, 9_007_199_254_740_993])
        assertThrows(
            try parse("id,count\n1,2.5\n", dtype: .int64),
            containing: ["line 2, column 2 (count): '2.5' is not an integer"])
    }

    func testBadValuesNameTheLineAndColumn() {
        assertThrows(
            try parse("x,pressure\n1,2\n\n3,n/a\n"),
            containing: ["data.csv, line 4, column 2 (pressure): 'n/a' is not a number"])
        assertThrows(try parse("1,2\n3,\n"), containing: ["line 2, column 2: '' is not a number"])
        XCTAssertThrowsError(try parse("1,2\n3,oops\n")) { error in
            XCTAssertEqual(
                error as? DataError,
                .invalidValue(path: "data.csv", line: 2, column: 2, columnName: nil, text: "oops", expected: "a number")
            )
        }
    }

    func testRaggedRowsAreErrors() {
        assertThrows(try parse("a,b,c\n1,2,3\n4,5\n"), containing: ["line 3: 2 fields, expected 3"])
    }

    func testEmptyInputsGiveEmptyTables() throws {
        XCTAssertEqual(try parse("").values.shape, [0, 0])
        let headerOnly = try parse("a,b\n")
        XCTAssertEqual(headerOnly.columnNames, ["a", "b"])
        XCTAssertEqual(headerOnly.values.shape, [0, 2])
    }

    func testLoadsFromAFile() throws {
        let url = try TestFiles.temporaryDirectory(for: self).appendingPathComponent("samples.csv")
        try Data("x,y\n1,2\n".utf8).write(to: url)
        let table = try CSV.load(from: url)
        XCTAssertEqual(table.values.dtype, .float32)
        XCTAssertEqual(table.values.scalars(as: Float.self), [1, 2])
        assertThrows(try CSV.load(from: url.appendingPathExtension("missing")), containing: ["could not open"])
    }
}
