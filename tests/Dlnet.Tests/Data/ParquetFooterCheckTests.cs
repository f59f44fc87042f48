using Dlnet.Fleet;

namespace Dlnet.Tests.Data;

/// <summary>
/// The footer walk holds a footer to what the Parquet library decodes correctly: each byte string below is a footer the
/// protocol allows but the library would misread, past its end, where it loops; and the well-formed ones pass.
/// </summary>
public sealed class ParquetFooterCheckTests
{
    [Fact]
    public void AFooterWrittenByTheLibraryPasses()
    {
        using var dir = new TempFolder();
        string path = dir.File("valid.parquet");
        TestParquet.Write(path, 4, TestParquet.Of("cell", "A", "A", "B"), TestParquet.Of("cycle", 1, 2, 1), TestParquet.Of("soh", 1.0, 0.99, 0.98));
        byte[] file = File.ReadAllBytes(path);
        int footer = BitConverter.ToInt32(file, file.Length - 8);
        Assert.Null(ParquetFooterCheck.Problem(file.AsSpan(file.Length - 8 - footer, footer)));
    }

    [Theory]
    // An unknown field (10) holding an empty struct, an i32, a list of i64 and a list of lists of byte strings: skipped as declared.
    [InlineData(new byte[] { 0xAC, 0x00, 0x00 })]
    [InlineData(new byte[] { 0xA5, 0x02, 0x00 })]
    [InlineData(new byte[] { 0xA9, 0x26, 0x02, 0x04, 0x00 })]
    [InlineData(new byte[] { 0xA9, 0x19, 0x18, 0x01, 0x41, 0x00 })]
    // The version (field 1) as the i32 it is, then the stop byte.
    [InlineData(new byte[] { 0x15, 0x04, 0x00 })]
    public void FieldsTheLibrarySkipsOrReadsAsDeclaredPass(byte[] footer) => Assert.Null(ParquetFooterCheck.Problem(footer));

    [Theory]
    // The version (field 1) declared a byte string: the library reads an i32 there whatever the header says.
    [InlineData(new byte[] { 0x18, 0x01, 0x80, 0x00 }, "field 1 of FileMetaData is declared as Thrift type 8")]
    // The schema (field 2) as a list of i32: the library reads schema elements.
    [InlineData(new byte[] { 0x29, 0x15, 0x02, 0x00 }, "a list of Thrift type 5 where Parquet has type 12")]
    // An unknown field holding a struct with a field: the library skips its field headers but not their values.
    [InlineData(new byte[] { 0xAC, 0x15, 0x02, 0x00, 0x00 }, "field 10 of FileMetaData is of Thrift type 12")]
    // An unknown list of booleans: the library skips each as if it took no byte.
    [InlineData(new byte[] { 0xA9, 0x21, 0x01, 0x01, 0x00 }, "is a list of Thrift type 1")]
    // An unknown map: the library cannot skip one.
    [InlineData(new byte[] { 0xAB, 0x01, 0x55, 0x02, 0x02, 0x00 }, "of Thrift type 11")]
    // An i32 as a 6-byte varint: the library's decoding of it differs from the protocol's.
    [InlineData(new byte[] { 0x15, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x00 }, "a number is cut off by the end or longer than its type allows")]
    // A byte string longer than what is left.
    [InlineData(new byte[] { 0x68, 0x10, 0x41, 0x00 }, "a byte string declares 16 bytes")]
    public void FieldsTheLibraryWouldMisreadAreRefused(byte[] footer, string problem) =>
        Assert.Contains(problem, ParquetFooterCheck.Problem(footer));

    /// <summary>
    /// The first footer the fuzzing found to hang the library: an unknown list of 14 booleans, which the library skips
    /// as none; it then reads the next 14 bytes as fields and runs off the end.
    /// </summary>
    [Fact]
    public void TheFooterWhoseBooleanListHungTheLibraryIsRefused()
    {
        byte[] file = Convert.FromBase64String("UEFSMXkBASUZ4kwVGFxj2qIcDwFKqhyr04AAFwAAAFBBUjE=");
        Assert.Contains("a list of Thrift type 2", ParquetFooterCheck.Problem(file.AsSpan(4, file.Length - 12)));
    }

    [Fact]
    public void ListsNestedDeeplyAreRefusedWithoutRecursingThroughThem()
    {
        byte[] footer = [0xA9, .. Enumerable.Repeat((byte)0x19, 100_000), 0x00];
        Assert.Contains("nests deeper than", ParquetFooterCheck.Problem(footer));
    }

    [Theory]
    // A page header declaring its sizes (fields 2 and 3) as i64: the library reads i32s.
    [InlineData(new byte[] { 0x15, 0x00, 0x16, 0x08, 0x16, 0x08, 0x00 }, "field 2 of PageHeader is declared as Thrift type 6")]
    // A data page header (field 5) whose statistics (field 5 within) hold a map in a field the library does not know.
    [InlineData(new byte[] { 0x15, 0x00, 0x15, 0x08, 0x15, 0x08, 0x2C, 0x5C, 0x9B, 0x00, 0x00, 0x00, 0x00 }, "field 9 of Statistics is of Thrift type 11")]
    public void PageHeadersAreHeldToTheSameRules(byte[] header, string problem) =>
        Assert.Contains(problem, ParquetFooterCheck.PageHeader(header, out _, out _, out _));

    [Fact]
    public void APageHeaderGivesItsLengthAndSizes()
    {
        byte[] header = [0x15, 0x00, 0x15, 0x10, 0x15, 0x08, 0x2C, 0x15, 0x06, 0x00, 0x00, 0xFF];
        Assert.Null(ParquetFooterCheck.PageHeader(header, out int length, out long unpacked, out long packed));
        Assert.Equal((11, 8L, 4L), (length, unpacked, packed));
    }
}
