namespace Dlnet.Fleet;

/// <summary>
/// Walks a Parquet footer (a Thrift compact-protocol struct) without building anything, to refuse a malformed one
/// before the Parquet library decodes it: every length and element count must fit in the bytes left, nesting stays
/// shallow, and the walk ends exactly at the footer's end. A declared count of billions in a few bytes would
/// otherwise have the decoder loop or allocate on the file's word.
/// </summary>
internal static class ParquetFooterCheck
{
    private const int MaxDepth = 32;

    /// <summary>Null when <paramref name="footer"/> is one well-formed struct, else what is wrong with it.</summary>
    public static string? Problem(ReadOnlySpan<byte> footer)
    {
        var walker = new Walker(footer);
        string? problem = walker.Struct(0);
        if (problem is null && walker.Position != footer.Length)
            problem = $"the footer ends at byte {walker.Position:N0} of {footer.Length:N0}";
        return problem;
    }

    /// <summary>
    /// Walks one page header (a Thrift struct at the start of <paramref name="bytes"/>), returning its length and the page's
    /// declared sizes (fields 2, uncompressed, and 3, compressed); null sizes when the header does not say or is malformed.
    /// </summary>
    public static string? PageHeader(ReadOnlySpan<byte> bytes, out int length, out long uncompressed, out long compressed)
    {
        var walker = new Walker(bytes);
        string? problem = walker.Struct(0, topLevel: true);
        length = walker.Position;
        uncompressed = walker.UncompressedPageSize;
        compressed = walker.CompressedPageSize;
        return problem;
    }

    private ref struct Walker(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;

        public int Position { get; private set; }

        /// <summary>A page header's fields 2 and 3 (i32), when <see cref="Struct"/> walks one at the top level; -1 until read.</summary>
        public long UncompressedPageSize { get; private set; } = -1;

        public long CompressedPageSize { get; private set; } = -1;

        private readonly int Left => _bytes.Length - Position;

        public string? Struct(int depth, bool topLevel = false)
        {
            if (depth > MaxDepth) return $"the footer nests deeper than {MaxDepth} levels";
            long id = 0;
            while (true)
            {
                if (Left < 1) return "the footer ends inside a struct";
                byte header = _bytes[Position++];
                if (header == 0) return null;
                int type = header & 0x0F;
                // A field id delta of 0 means the id follows as a (zigzag) varint.
                if (header >> 4 == 0)
                {
                    if (!Varint(out ulong raw)) return "a field id runs past the footer";
                    id = (long)(raw >> 1) ^ -(long)(raw & 1);
                }
                else id += header >> 4;
                if (topLevel && type == 5 && id is 2 or 3)
                {
                    if (!Varint(out ulong raw)) return "a number runs past the footer";
                    long value = (long)(raw >> 1) ^ -(long)(raw & 1);
                    if (id == 2) UncompressedPageSize = value; else CompressedPageSize = value;
                    continue;
                }
                if (Value(type, depth) is string problem) return problem;
            }
        }

        private string? Value(int type, int depth)
        {
            switch (type)
            {
                case 1 or 2: return null;
                case 3: return Skip(1);
                case 4 or 5 or 6: return Varint(out _) ? null : "a number runs past the footer";
                case 7: return Skip(8);
                case 8:
                    if (!Varint(out ulong length)) return "a length runs past the footer";
                    return length > (ulong)Left ? $"a byte string declares {length:N0} bytes; {Left:N0} are left" : Skip((int)length);
                case 9 or 10: return List(depth);
                case 11: return Map(depth);
                case 12: return Struct(depth + 1);
                // Type 0 is the stop byte alone; with a field id it is malformed.
                default: return $"unknown Thrift type {type}";
            }
        }

        private string? List(int depth)
        {
            if (Left < 1) return "a list header runs past the footer";
            byte header = _bytes[Position++];
            ulong count = (ulong)(header >> 4);
            if (count == 15 && !Varint(out count)) return "a list size runs past the footer";
            int element = header & 0x0F;
            // Every element takes at least one byte (booleans too, in a list).
            if (count > (ulong)Left) return $"a list declares {count:N0} elements; {Left:N0} bytes are left";
            for (ulong i = 0; i < count; i++)
            {
                if (element is 1 or 2) { if (Skip(1) is string p) return p; }
                else if (Value(element, depth + 1) is string problem) return problem;
            }
            return null;
        }

        private string? Map(int depth)
        {
            if (!Varint(out ulong count)) return "a map size runs past the footer";
            if (count == 0) return null;
            if (Left < 1 || count > (ulong)Left) return $"a map declares {count:N0} entries; {Left:N0} bytes are left";
            byte types = _bytes[Position++];
            for (ulong i = 0; i < count; i++)
            {
                foreach (int t in (ReadOnlySpan<int>)[types >> 4, types & 0x0F])
                {
                    if (t is 1 or 2) { if (Skip(1) is string p) return p; }
                    else if (Value(t, depth + 1) is string problem) return problem;
                }
            }
            return null;
        }

        private string? Skip(int count)
        {
            if (count > Left) return "a value runs past the footer";
            Position += count;
            return null;
        }

        private bool Varint(out ulong value)
        {
            value = 0;
            for (int shift = 0; shift < 64 && Position < _bytes.Length; shift += 7)
            {
                byte b = _bytes[Position++];
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0) return true;
            }
            return false;
        }
    }
}
