import Tensor

extension Checkpoint {
    /// What restoring a checkpoint into a module matched, loaded and left out.
    public struct LoadReport: Equatable, Sendable, CustomStringConvertible {
        /// A stored parameter whose shape (or non-floating dtype) does not fit the module's parameter.
        public struct Mismatch: Equatable, Sendable, CustomStringConvertible {
            public let name: String
            public let moduleShape: [Int]
            public let moduleDType: DType
            public let checkpointShape: [Int]
            public let checkpointDType: DType

            public var description: String {
                "\(name): module \(moduleShape) \(moduleDType), checkpoint \(checkpointShape) \(checkpointDType)"
            }
        }

        /// Parameters that were (or, for a strict failure, would have been) loaded, in module order.
        public var loaded: [String]
        /// Module parameters the checkpoint has no value for, in module order.
        public var missing: [String]
        /// Stored parameters the module does not have, sorted.
        public var unexpected: [String]
        /// Stored parameters that do not fit, in module order.
        public var mismatched: [Mismatch]

        /// Whether every parameter was loaded and every stored parameter used.
        public var isComplete: Bool { missing.isEmpty && unexpected.isEmpty && mismatched.isEmpty }

        /// One line per kind of problem, naming every key.
        public var problems: String {
            var lines: [String] = []
            if !missing.isEmpty { lines.append("  missing: " + missing.joined(separator: ", ")) }
            if !unexpected.isEmpty { lines.append("  unexpected: " + unexpected.joined(separator: ", ")) }
            if !mismatched.isEmpty {
                lines.append("  mis-shaped: " + mismatched.map(\.description).joined(separator: "; "))
            }
            return lines.joined(separator: "\n")
        }

        public var description: String {
            "loaded \(loaded.count) parameters" + (isComplete ? "" : "\n" + problems)
        }
    }
}
