namespace Dlnet.Fleet;

/// <summary>A value's type in Thrift's compact protocol, as the low nibble of a field header codes it.</summary>
internal enum ThriftType : byte
{
    True = 1,
    False = 2,
    Byte = 3,
    I16 = 4,
    I32 = 5,
    I64 = 6,
    Double = 7,
    Binary = 8,
    List = 9,
    Set = 10,
    Map = 11,
    Struct = 12,
}

/// <summary>
/// A field's type in a <see cref="ThriftStruct"/>: a scalar, a struct, or a list of <see cref="Element"/> (whose struct,
/// for a list of structs, is <see cref="Struct"/>). A boolean is <see cref="ThriftType.True"/>: its value is in the header.
/// </summary>
internal readonly record struct ThriftField(ThriftType Type, ThriftStruct? Struct = null, ThriftType Element = default)
{
    public static readonly ThriftField Bool = new(ThriftType.True);
    public static readonly ThriftField Byte = new(ThriftType.Byte);
    public static readonly ThriftField I16 = new(ThriftType.I16);
    public static readonly ThriftField I32 = new(ThriftType.I32);
    public static readonly ThriftField I64 = new(ThriftType.I64);
    public static readonly ThriftField Double = new(ThriftType.Double);
    public static readonly ThriftField Binary = new(ThriftType.Binary);

    public static ThriftField Of(ThriftStruct s) => new(ThriftType.Struct, s);

    public static ThriftField ListOf(ThriftField element) => new(ThriftType.List, element.Struct, element.Type);

    /// <summary>What one element of this list is.</summary>
    public ThriftField ElementField => new(Element, Struct);

    /// <summary>Whether a header's <paramref name="type"/> declares this field's type (either boolean code for a boolean).</summary>
    public bool IsDeclaredBy(ThriftType type) => Type == ThriftType.True ? type is ThriftType.True or ThriftType.False : type == Type;
}

/// <summary>A Thrift struct's fields by id; a field not listed is one the reader skips.</summary>
internal sealed class ThriftStruct(string name, Dictionary<short, ThriftField> fields)
{
    public string Name { get; } = name;

    public IReadOnlyDictionary<short, ThriftField> Fields { get; } = fields;

    public static ThriftStruct Empty(string name) => new(name, []);
}

/// <summary>
/// The structs of a Parquet footer (<see cref="FileMetaData"/>) and page header (<see cref="PageHeader"/>), field by field as
/// Parquet.Net 6.1 decodes them (ids and types from parquet.thrift). The library reads a field it knows by the type given
/// here, whatever type the file declares, and skips one it does not know, which is why <see cref="ParquetFooterCheck"/>
/// holds a file to this table rather than to the protocol alone. Upgrading the library means checking this table again.
/// </summary>
internal static class ParquetThrift
{
    private static readonly ThriftField Bool = ThriftField.Bool, Byte = ThriftField.Byte, I16 = ThriftField.I16,
        I32 = ThriftField.I32, I64 = ThriftField.I64, Double = ThriftField.Double, Binary = ThriftField.Binary;

    private static ThriftField Of(ThriftStruct s) => ThriftField.Of(s);

    private static ThriftField ListOf(ThriftField element) => ThriftField.ListOf(element);

    public static readonly ThriftStruct Statistics = new("Statistics", new()
    {
        [1] = Binary, [2] = Binary, [3] = I64, [4] = I64, [5] = Binary, [6] = Binary, [7] = Bool, [8] = Bool,
    });

    private static readonly ThriftStruct KeyValue = new("KeyValue", new() { [1] = Binary, [2] = Binary });

    private static readonly ThriftStruct TimeUnit = new("TimeUnit", new()
    {
        [1] = Of(ThriftStruct.Empty("MilliSeconds")), [2] = Of(ThriftStruct.Empty("MicroSeconds")), [3] = Of(ThriftStruct.Empty("NanoSeconds")),
    });

    private static readonly ThriftStruct LogicalType = new("LogicalType", new()
    {
        [1] = Of(ThriftStruct.Empty("StringType")),
        [2] = Of(ThriftStruct.Empty("MapType")),
        [3] = Of(ThriftStruct.Empty("ListType")),
        [4] = Of(ThriftStruct.Empty("EnumType")),
        [5] = Of(new("DecimalType", new() { [1] = I32, [2] = I32 })),
        [6] = Of(ThriftStruct.Empty("DateType")),
        [7] = Of(new("TimeType", new() { [1] = Bool, [2] = Of(TimeUnit) })),
        [8] = Of(new("TimestampType", new() { [1] = Bool, [2] = Of(TimeUnit) })),
        [10] = Of(new("IntType", new() { [1] = Byte, [2] = Bool })),
        [11] = Of(ThriftStruct.Empty("NullType")),
        [12] = Of(ThriftStruct.Empty("JsonType")),
        [13] = Of(ThriftStruct.Empty("BsonType")),
        [14] = Of(ThriftStruct.Empty("UUIDType")),
        [15] = Of(ThriftStruct.Empty("Float16Type")),
        [16] = Of(new("VariantType", new() { [1] = Byte })),
        [17] = Of(ThriftStruct.Empty("GeometryType")),
        [18] = Of(new("GeographyType", new() { [1] = Binary, [2] = I32 })),
    });

    private static readonly ThriftStruct SchemaElement = new("SchemaElement", new()
    {
        [1] = I32, [2] = I32, [3] = I32, [4] = Binary, [5] = I32, [6] = I32, [7] = I32, [8] = I32, [9] = I32, [10] = Of(LogicalType),
    });

    private static readonly ThriftStruct ColumnMetaData = new("ColumnMetaData", new()
    {
        [1] = I32,
        [2] = ListOf(I32),
        [3] = ListOf(Binary),
        [4] = I32,
        [5] = I64,
        [6] = I64,
        [7] = I64,
        [8] = ListOf(Of(KeyValue)),
        [9] = I64,
        [10] = I64,
        [11] = I64,
        [12] = Of(Statistics),
        [13] = ListOf(Of(new("PageEncodingStats", new() { [1] = I32, [2] = I32, [3] = I32 }))),
        [14] = I64,
        [15] = I32,
        [16] = Of(new("SizeStatistics", new() { [1] = I64, [2] = ListOf(I64), [3] = ListOf(I64) })),
        [17] = Of(new("GeospatialStatistics", new()
        {
            [1] = Of(new("BoundingBox", new()
            {
                [1] = Double, [2] = Double, [3] = Double, [4] = Double, [5] = Double, [6] = Double, [7] = Double, [8] = Double,
            })),
            [2] = ListOf(I32),
        })),
    });

    private static readonly ThriftStruct ColumnChunk = new("ColumnChunk", new()
    {
        [1] = Binary,
        [2] = I64,
        [3] = Of(ColumnMetaData),
        [4] = I64,
        [5] = I32,
        [6] = I64,
        [7] = I32,
        [8] = Of(new("ColumnCryptoMetaData", new()
        {
            [1] = Of(ThriftStruct.Empty("EncryptionWithFooterKey")),
            [2] = Of(new("EncryptionWithColumnKey", new() { [1] = ListOf(Binary), [2] = Binary })),
        })),
        [9] = Binary,
    });

    private static readonly ThriftStruct RowGroup = new("RowGroup", new()
    {
        [1] = ListOf(Of(ColumnChunk)),
        [2] = I64,
        [3] = I64,
        [4] = ListOf(Of(new("SortingColumn", new() { [1] = I32, [2] = Bool, [3] = Bool }))),
        [5] = I64,
        [6] = I64,
        [7] = I16,
    });

    public static readonly ThriftStruct FileMetaData = new("FileMetaData", new()
    {
        [1] = I32,
        [2] = ListOf(Of(SchemaElement)),
        [3] = I64,
        [4] = ListOf(Of(RowGroup)),
        [5] = ListOf(Of(KeyValue)),
        [6] = Binary,
        [7] = ListOf(Of(new("ColumnOrder", new() { [1] = Of(ThriftStruct.Empty("TypeDefinedOrder")) }))),
        [8] = Of(new("EncryptionAlgorithm", new()
        {
            [1] = Of(new("AesGcmV1", new() { [1] = Binary, [2] = Binary, [3] = Bool })),
            [2] = Of(new("AesGcmCtrV1", new() { [1] = Binary, [2] = Binary, [3] = Bool })),
        })),
        [9] = Binary,
    });

    /// <summary>Field ids of <see cref="PageHeader"/>'s sizes: unpacked and stored bytes.</summary>
    public const short UncompressedPageSize = 2, CompressedPageSize = 3;

    public static readonly ThriftStruct PageHeader = new("PageHeader", new()
    {
        [1] = I32,
        [UncompressedPageSize] = I32,
        [CompressedPageSize] = I32,
        [4] = I32,
        [5] = Of(new("DataPageHeader", new() { [1] = I32, [2] = I32, [3] = I32, [4] = I32, [5] = Of(Statistics) })),
        [6] = Of(ThriftStruct.Empty("IndexPageHeader")),
        [7] = Of(new("DictionaryPageHeader", new() { [1] = I32, [2] = I32, [3] = Bool })),
        [8] = Of(new("DataPageHeaderV2", new()
        {
            [1] = I32, [2] = I32, [3] = I32, [4] = I32, [5] = I32, [6] = I32, [7] = Bool, [8] = Of(Statistics),
        })),
    });
}
