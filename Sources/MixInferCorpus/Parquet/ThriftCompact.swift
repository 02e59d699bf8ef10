import MixInferSupport
/// A reader of the Thrift compact protocol, the encoding of Parquet's footer and page headers.
///
/// Every length and count is checked against the bytes left, and nesting is limited, so damaged input gives a
/// `ThriftFailure`, never a trap or an allocation larger than the input.
struct ThriftCompactReader {
    enum FieldType: UInt8 {
        case stop = 0, boolTrue = 1, boolFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7
        case binary = 8, list = 9, set = 10, map = 11, structure = 12
    }

    /// Why decoding failed; `truncated` when the bytes ran out (a longer read may succeed).
    struct ThriftFailure: Error {
        var reason: String
        var truncated = false
    }

    static let maximumDepth = 32
    private let bytes: [UInt8]
    private(set) var position: Int
    private let end: Int
    private var depth = 0

    init(_ bytes: [UInt8], from start: Int = 0) {
        self.bytes = bytes
        position = start
        end = bytes.count
    }

    var remaining: Int { end - position }

    /// Reads a struct: calls `field` with each field's id and type; `field` must read or `skip` the value.
    mutating func readStruct(_ field: (inout ThriftCompactReader, Int16, FieldType) throws -> Void) throws {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw ThriftFailure(reason: "structures nested too deeply") }
        var last: Int16 = 0
        while true {
            let header = try byte()
            if header == 0 { return }
            guard let type = FieldType(rawValue: header & 0x0F), type != .stop else {
                throw ThriftFailure(reason: "unknown field type \(header & 0x0F) at byte \(position - 1)")
            }
            let delta = Int16(header >> 4)
            if delta == 0 {
                let id = try zigzag(varint(maximumBits: 16))
                guard let exact = Int16(exactly: id) else { throw ThriftFailure(reason: "field id out of range") }
                last = exact
            } else {
                let (sum, overflow) = last.addingReportingOverflow(delta)
                guard !overflow else { throw ThriftFailure(reason: "field id out of range") }
                last = sum
            }
            try field(&self, last, type)
        }
    }

    mutating func bool(_ type: FieldType) throws -> Bool {
        guard type == .boolTrue || type == .boolFalse else { throw mismatch(type, "bool") }
        return type == .boolTrue
    }

    mutating func i32(_ type: FieldType) throws -> Int32 {
        guard type == .i32 || type == .i16 || type == .byte else { throw mismatch(type, "i32") }
        if type == .byte { return Int32(Int8(bitPattern: try byte())) }
        guard let value = Int32(exactly: try zigzag(varint(maximumBits: 32))) else { throw ThriftFailure(reason: "i32 out of range") }
        return value
    }

    mutating func i64(_ type: FieldType) throws -> Int64 {
        guard type == .i64 || type == .i32 || type == .i16 else { throw mismatch(type, "i64") }
        return try zigzag(varint(maximumBits: 64))
    }

    mutating func binary(_ type: FieldType) throws -> ArraySlice<UInt8> {
        guard type == .binary else { throw mismatch(type, "binary") }
        let length = try varint(maximumBits: 32)
        guard length <= UInt64(remaining) else {
            throw ThriftFailure(reason: "binary of \(length) bytes past the end", truncated: true)
        }
        defer { position += Int(length) }
        return bytes[position..<(position + Int(length))]
    }

    mutating func string(_ type: FieldType) throws -> String {
        String(decoding: try binary(type), as: UTF8.self)
    }

    /// Reads a list header: the element count (at most one per byte left) and type.
    mutating func listHeader(_ type: FieldType) throws -> (count: Int, element: FieldType) {
        guard type == .list || type == .set else { throw mismatch(type, "list") }
        let header = try byte()
        var count = UInt64(header >> 4)
        if count == 15 { count = try varint(maximumBits: 32) }
        guard let element = FieldType(rawValue: header & 0x0F) else { throw ThriftFailure(reason: "unknown list element type") }
        guard count <= UInt64(remaining) else {
            throw ThriftFailure(reason: "list of \(count) elements past the end", truncated: true)
        }
        return (Int(count), element)
    }

    /// Reads a list whose elements `element` reads (given the element type).
    mutating func list<T>(_ type: FieldType, _ element: (inout ThriftCompactReader, FieldType) throws -> T) throws -> [T] {
        let (count, elementType) = try listHeader(type)
        var values: [T] = []
        values.reserveCapacity(min(count, 1024))      // grows with what is actually decoded
        for _ in 0..<count {
            // Booleans inside lists take a byte each.
            if elementType == .boolTrue || elementType == .boolFalse {
                let value = try byte()
                values.append(try element(&self, value == 1 ? .boolTrue : .boolFalse))
            } else {
                values.append(try element(&self, elementType))
            }
        }
        return values
    }

    /// Skips a value of `type`.
    mutating func skip(_ type: FieldType) throws {
        switch type {
        case .stop: throw ThriftFailure(reason: "unexpected stop")
        case .boolTrue, .boolFalse: return
        case .byte: _ = try byte()
        case .i16, .i32, .i64: _ = try varint(maximumBits: 64)
        case .double: try advance(8)
        case .binary: _ = try binary(type)
        case .list, .set: try nested { reader in _ = try reader.list(type) { r, t in try r.skip(t) } }
        case .map: try nested { try $0.skipMap() }
        case .structure: try readStruct { reader, _, fieldType in try reader.skip(fieldType) }
        }
    }

    private mutating func skipMap() throws {
        let count = try varint(maximumBits: 32)
        guard count > 0 else { return }
        guard count <= UInt64(remaining) else { throw ThriftFailure(reason: "map of \(count) entries past the end", truncated: true) }
        let types = try byte()
        guard let key = FieldType(rawValue: types >> 4), let value = FieldType(rawValue: types & 0x0F) else {
            throw ThriftFailure(reason: "unknown map types")
        }
        for _ in 0..<count {
            try skip(key)
            try skip(value)
        }
    }

    private mutating func nested(_ body: (inout ThriftCompactReader) throws -> Void) throws {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw ThriftFailure(reason: "structures nested too deeply") }
        try body(&self)
    }

    private mutating func byte() throws -> UInt8 {
        guard position < end else { throw ThriftFailure(reason: "ends inside a structure", truncated: true) }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func advance(_ count: Int) throws {
        guard count <= remaining else { throw ThriftFailure(reason: "ends inside a value", truncated: true) }
        position += count
    }

    private mutating func varint(maximumBits: Int) throws -> UInt64 {
        do {
            return try ULEB128.decode(maximumBits: maximumBits) { try byte() }
        } catch ULEB128.Failure.tooLong {
            throw ThriftFailure(reason: "varint too long")
        }
    }

    private func zigzag(_ value: UInt64) -> Int64 {
        Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
    }

    private func mismatch(_ type: FieldType, _ expected: String) -> ThriftFailure {
        ThriftFailure(reason: "field of type \(type) where \(expected) was expected")
    }
}
