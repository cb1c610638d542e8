import Foundation
import ZIPFoundation

/// The members of a zip archive, the container of `.npz` files, read from its central directory.
///
/// The container is parsed here, so that every damaged or truncated part is a `DataError` that says what is wrong
/// (ZIPFoundation's archive reader stops silently at a damaged directory entry); deflated members are inflated by
/// ZIPFoundation's zlib binding. Members must be stored or deflated, unencrypted, on one disk and under 4 GiB
/// (no zip64), which covers every archive `numpy.savez` and `numpy.savez_compressed` write below that size.
///
/// The redundant copies of the container's facts must agree, as Python's `zipfile` requires, so that damage is an
/// error rather than a silent loss or renaming: the member count and size in the end record must match the
/// entries that fill the central directory exactly, and each entry's name and compression method must match its
/// local header.
struct ZipArchive {
    struct Member {
        let name: String
        let compressionMethod: Int
        let checksum: UInt32
        let uncompressedSize: Int
        /// Where the stored (possibly deflated) bytes lie in the archive.
        let dataRange: Range<Int>
    }

    let members: [Member]
    private let bytes: [UInt8]
    private let path: String

    init(bytes: [UInt8], path: String) throws {
        self.bytes = bytes
        self.path = path
        let end = try Self.endOfCentralDirectory(in: bytes, path: path)
        func corrupt(_ reason: String) -> DataError { DataError.corrupt(path: path, reason: reason) }
        func unsupported(_ reason: String) -> DataError { DataError.unsupported(path: path, reason: reason) }
        let field = { (offset: Int, size: Int) in Self.littleEndian(bytes, at: offset, size: size) }
        guard field(end + 4, 2) == 0, field(end + 6, 2) == 0 else {
            throw unsupported("a zip archive split over several disks")
        }
        let memberCount = field(end + 10, 2)
        let directorySize = field(end + 12, 4)
        let directoryOffset = field(end + 16, 4)
        guard memberCount != 0xFFFF, directoryOffset != 0xFFFF_FFFF else {
            throw unsupported("a zip64 archive (more than 65535 members or 4 GiB)")
        }
        guard field(end + 8, 2) == memberCount else {
            throw corrupt(
                "the end record counts \(field(end + 8, 2)) members on this disk and \(memberCount) in all")
        }
        guard directoryOffset + directorySize == end else {
            throw corrupt(
                "the central directory at byte \(directoryOffset), \(directorySize) bytes long, does not end where "
                    + "the end record starts (byte \(end))")
        }
        var position = directoryOffset
        var members: [Member] = []
        for index in 0..<memberCount {
            guard position + 46 <= end, field(position, 4) == 0x0201_4b50 else {
                throw corrupt("central directory entry \(index + 1) of \(memberCount) is damaged or missing")
            }
            let nameLength = field(position + 28, 2)
            let nameEnd = position + 46 + nameLength
            guard nameEnd <= end else { throw corrupt("central directory entry \(index + 1) runs past its end") }
            let name = String(decoding: bytes[(position + 46)..<nameEnd], as: UTF8.self)
            guard field(position + 8, 2) & 1 == 0 else { throw unsupported("member '\(name)' is encrypted") }
            let compressedSize = field(position + 20, 4)
            let uncompressedSize = field(position + 24, 4)
            let localHeaderOffset = field(position + 42, 4)
            guard compressedSize != 0xFFFF_FFFF, uncompressedSize != 0xFFFF_FFFF, localHeaderOffset != 0xFFFF_FFFF
            else { throw unsupported("member '\(name)' is a zip64 entry (4 GiB or more)") }
            guard localHeaderOffset + 30 <= directoryOffset, field(localHeaderOffset, 4) == 0x0403_4b50 else {
                throw corrupt("the local header of member '\(name)' is damaged or missing")
            }
            let localNameLength = field(localHeaderOffset + 26, 2)
            let dataStart = localHeaderOffset + 30 + localNameLength + field(localHeaderOffset + 28, 2)
            guard dataStart + compressedSize <= directoryOffset else {
                throw corrupt("member '\(name)' runs past the start of the central directory")
            }
            let localName = bytes[(localHeaderOffset + 30)..<(localHeaderOffset + 30 + localNameLength)]
            guard localName.elementsEqual(bytes[(position + 46)..<nameEnd]) else {
                throw corrupt(
                    "member '\(name)' is named '\(String(decoding: localName, as: UTF8.self))' in its local header")
            }
            let compressionMethod = field(position + 10, 2)
            guard field(localHeaderOffset + 8, 2) == compressionMethod else {
                throw corrupt("member '\(name)' has another compression method in its local header")
            }
            members.append(
                Member(
                    name: name, compressionMethod: compressionMethod, checksum: UInt32(field(position + 16, 4)),
                    uncompressedSize: uncompressedSize, dataRange: dataStart..<(dataStart + compressedSize)))
            position = nameEnd + field(position + 30, 2) + field(position + 32, 2)
        }
        guard position == end else {
            throw corrupt(
                "the end record counts \(memberCount) members, but the central directory holds more than their entries")
        }
        self.members = members
    }

    /// The uncompressed bytes of `member`, checked against the size and CRC-32 the directory records.
    func contents(of member: Member) throws -> [UInt8] {
        func corrupt(_ reason: String) -> DataError {
            DataError.corrupt(path: path, reason: "member '\(member.name)': \(reason)")
        }
        var contents: [UInt8]
        switch member.compressionMethod {
        case 0:
            contents = Array(bytes[member.dataRange])
        case 8:
            contents = []
            contents.reserveCapacity(member.uncompressedSize)
            do {
                _ = try Data.decompress(
                    size: Int64(member.dataRange.count), bufferSize: 1 << 16, skipCRC32: true,
                    provider: { position, size in
                        // zlib is told each chunk holds `size` bytes, so the last one is padded with zeros (which
                        // a damaged stream then fails on) rather than read past.
                        let start = member.dataRange.lowerBound + Int(position)
                        guard start < member.dataRange.upperBound else { throw corrupt("the deflated data ends early") }
                        let end = min(start + size, member.dataRange.upperBound)
                        return Data(bytes[start..<end]) + Data(count: size - (end - start))
                    },
                    consumer: { chunk in
                        guard contents.count + chunk.count <= member.uncompressedSize else {
                            throw corrupt("inflates to more than the \(member.uncompressedSize) bytes recorded")
                        }
                        contents.append(contentsOf: chunk)
                    })
            } catch let error as DataError {
                throw error
            } catch {
                throw corrupt("the deflated data is damaged (\(error))")
            }
        default:
            throw DataError.unsupported(
                path: path, reason: "member '\(member.name)' uses compression method \(member.compressionMethod)")
        }
        guard contents.count == member.uncompressedSize else {
            throw corrupt("\(contents.count) bytes, the directory records \(member.uncompressedSize)")
        }
        guard Data(contents).crc32(checksum: 0) == member.checksum else {
            throw corrupt("CRC-32 mismatch: the data is damaged")
        }
        return contents
    }

    /// The offset of the end-of-central-directory record: the last 22-byte record with its signature whose
    /// comment reaches exactly to the end of the file.
    private static func endOfCentralDirectory(in bytes: [UInt8], path: String) throws -> Int {
        var offset = bytes.count - 22
        while offset >= max(0, bytes.count - 22 - 0xFFFF) {
            if littleEndian(bytes, at: offset, size: 4) == 0x0605_4b50
                && offset + 22 + littleEndian(bytes, at: offset + 20, size: 2) == bytes.count
            {
                return offset
            }
            offset -= 1
        }
        throw DataError.corrupt(
            path: path, reason: "no end-of-central-directory record: not a zip archive, or a truncated one")
    }

    private static func littleEndian(_ bytes: [UInt8], at offset: Int, size: Int) -> Int {
        (0..<size).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
    }
}
