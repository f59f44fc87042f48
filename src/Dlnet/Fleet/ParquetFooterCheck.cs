namespace Dlnet.Fleet;

/// <summary>
/// Walks a Parquet footer or page header (a Thrift compact-protocol struct) the way the Parquet library will decode it,
/// without building anything, to refuse a malformed one first. The library trusts the file: it reads a field it knows by
/// the type <see cref="ParquetThrift"/> gives, whatever type the file declares; it allocates any count or length as
/// declared; it skips a struct it does not know by its field headers alone and a boolean inside a list as if it had no
/// byte; and past the end of its bytes it reads 0xFF forever, so one misplaced byte can have it loop for good. The walk
/// holds the bytes to what the library reads correctly: a known field of its own type, every count and length within
/// the bytes left, varints of at most 5 (10 for i64) bytes, unknown fields only of types it skips correctly, nesting
/// kept shallow, and a footer ending exactly at its last byte.
/// </summary>
internal static class ParquetFooterCheck
{
    private const int MaxDepth = 32;

    /// <summary>Null when <paramref name="footer"/> is one well-formed <see cref="ParquetThrift.FileMetaData"/>, else what is wrong with it.</summary>
    public static string? Problem(ReadOnlySpan<byte> footer)
    {
        var walker = new Walker(footer);
        string? problem = walker.Struct(ParquetThrift.FileMetaData, 0);
        if (problem is null && walker.Position != footer.Length)
            problem = $"the footer ends at byte {walker.Position:N0} of {footer.Length:N0}";
        return problem;
    }

    /// <summary>
    /// Walks one <see cref="ParquetThrift.PageHeader"/> at the start of <paramref name="bytes"/>, returning its length and the
    /// page's declared sizes (unpacked and stored); -1 for a size the header does not give.
    /// </summary>
    public static string? PageHeader(ReadOnlySpan<byte> bytes, out int length, out long uncompressed, out long compressed)
    {
        var walker = new Walker(bytes);
        string? problem = walker.Struct(ParquetThrift.PageHeader, 0);
        length = walker.Position;
        uncompressed = walker.UncompressedPageSize;
        compressed = walker.CompressedPageSize;
        return problem;
    }

    private ref struct Walker(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;

        public int Position { get; private set; }

        /// <summary>The sizes of a top-level <see cref="ParquetThrift.PageHeader"/>; -1 until read.</summary>
        public long UncompressedPageSize { get; private set; } = -1;

        public long CompressedPageSize { get; private set; } = -1;

        private readonly int Left => _bytes.Length - Position;

        public string? Struct(ThriftStruct schema, int depth)
        {
            if (depth > MaxDepth) return $"the footer nests deeper than {MaxDepth} levels";
            short id = 0;
            while (true)
            {
                if (Left < 1) return "the footer ends inside a struct";
                byte header = _bytes[Position++];
                if (header == 0) return null;
                var type = (ThriftType)(header & 0x0F);
                // A field id delta of 0 means the id follows as a zigzag varint; the reader keeps ids as 16-bit numbers.
                if (header >> 4 == 0)
                {
                    if (!Varint(5, out ulong raw)) return $"a field id {CutOrLong}";
                    id = (short)ZigZag(raw);
                }
                else id = (short)(id + (header >> 4));
                string? problem;
                if (!schema.Fields.TryGetValue(id, out var field)) problem = Unknown(type, schema, id, depth);
                else if (!field.IsDeclaredBy(type)) problem = $"field {id} of {schema.Name} is declared as Thrift type {(int)type}; Parquet gives it type {(int)field.Type}";
                else if (depth == 0 && ReferenceEquals(schema, ParquetThrift.PageHeader) && id is ParquetThrift.UncompressedPageSize or ParquetThrift.CompressedPageSize)
                {
                    if (!Varint(5, out ulong raw)) return $"a number {CutOrLong}";
                    if (id == ParquetThrift.UncompressedPageSize) UncompressedPageSize = ZigZag(raw); else CompressedPageSize = ZigZag(raw);
                    problem = null;
                }
                else problem = Known(field, depth);
                if (problem is not null) return problem;
            }
        }

        /// <summary>A field the reader knows, read as <paramref name="field"/>'s type.</summary>
        private string? Known(ThriftField field, int depth)
        {
            switch (field.Type)
            {
                case ThriftType.True: return null;
                case ThriftType.Struct: return Struct(field.Struct!, depth + 1);
                case ThriftType.List:
                    if (!ListHeader(out ulong count, out var element)) return $"a list header {CutOrLong}";
                    if (count > 0 && element != field.Element) return $"a list of Thrift type {(int)element} where Parquet has type {(int)field.Element}";
                    // Every element takes at least one byte.
                    if (count > (ulong)Left) return $"a list declares {count:N0} elements; {Left:N0} bytes are left";
                    for (ulong i = 0; i < count; i++)
                        if (Known(field.ElementField, depth + 1) is string problem) return problem;
                    return null;
                default: return Scalar(field.Type);
            }
        }

        /// <summary>
        /// A field the reader does not know, which it skips by its declared type: correctly for scalars and lists of them,
        /// by its headers alone for a struct (so only an empty one is skipped right), not at all for sets and maps.
        /// </summary>
        private string? Unknown(ThriftType type, ThriftStruct schema, short id, int depth)
        {
            switch (type)
            {
                case ThriftType.True or ThriftType.False: return null;
                case ThriftType.Struct when Left > 0 && _bytes[Position] == 0:
                    Position++;
                    return null;
                case ThriftType.List: return UnknownList(schema, id, depth + 1);
                case var scalar when IsScalar(scalar): return Scalar(scalar);
                default: return $"field {id} of {schema.Name} is of Thrift type {(int)type}, which the Parquet reader cannot skip";
            }
        }

        private string? UnknownList(ThriftStruct schema, short id, int depth)
        {
            if (depth > MaxDepth) return $"the footer nests deeper than {MaxDepth} levels";
            if (!ListHeader(out ulong count, out var element)) return $"a list header {CutOrLong}";
            if (count == 0) return null;
            if (!IsScalar(element) && element != ThriftType.List)
                return $"field {id} of {schema.Name} is a list of Thrift type {(int)element}, which the Parquet reader cannot skip";
            if (count > (ulong)Left) return $"a list declares {count:N0} elements; {Left:N0} bytes are left";
            for (ulong i = 0; i < count; i++)
            {
                string? problem = element == ThriftType.List ? UnknownList(schema, id, depth + 1) : Scalar(element);
                if (problem is not null) return problem;
            }
            return null;
        }

        /// <summary>A value of one type besides the booleans, which take no bytes of their own.</summary>
        private static bool IsScalar(ThriftType type) =>
            type is ThriftType.Byte or ThriftType.I16 or ThriftType.I32 or ThriftType.I64 or ThriftType.Double or ThriftType.Binary;

        private string? Scalar(ThriftType type) => type switch
        {
            ThriftType.Byte => Skip(1),
            ThriftType.I16 or ThriftType.I32 => Varint(5, out _) ? null : $"a number {CutOrLong}",
            ThriftType.I64 => Varint(10, out _) ? null : $"a number {CutOrLong}",
            ThriftType.Double => Skip(8),
            ThriftType.Binary => !Varint(5, out ulong length) ? $"a length {CutOrLong}"
                : length > (ulong)Left ? $"a byte string declares {length:N0} bytes; {Left:N0} are left" : Skip((int)length),
            _ => $"unknown Thrift type {(int)type}",
        };

        private bool ListHeader(out ulong count, out ThriftType element)
        {
            count = 0;
            element = default;
            if (Left < 1) return false;
            byte header = _bytes[Position++];
            element = (ThriftType)(header & 0x0F);
            count = (ulong)(header >> 4);
            return count != 15 || Varint(5, out count);
        }

        private const string CutOrLong = "is cut off by the end or longer than its type allows";

        private string? Skip(int count)
        {
            if (count > Left) return "a value runs past the footer";
            Position += count;
            return null;
        }

        /// <summary>A varint of at most <paramref name="maxBytes"/> bytes, all within the bytes left.</summary>
        private bool Varint(int maxBytes, out ulong value)
        {
            value = 0;
            for (int i = 0; i < maxBytes && Position < _bytes.Length; i++)
            {
                byte b = _bytes[Position++];
                value |= (ulong)(b & 0x7F) << (7 * i);
                if ((b & 0x80) == 0) return true;
            }
            return false;
        }

        // The reader decodes 32-bit zigzag values from the low 32 bits of the varint.
        private static int ZigZag(ulong raw) => (int)((uint)raw >> 1) ^ -(int)((uint)raw & 1);
    }
}
