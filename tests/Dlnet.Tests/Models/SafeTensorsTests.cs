using System.Buffers.Binary;
using System.Text;
using Dlnet.IO;
using Dlnet.ModelFiles;

namespace Dlnet.Tests.Models;

public class SafeTensorsTests
{
    private static byte[] FileOf(string header, byte[] data, long? declaredLength = null)
    {
        var h = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + h.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)(declaredLength ?? h.Length));
        h.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + h.Length);
        return bytes;
    }

    private static byte[] Floats(params float[] values)
    {
        var b = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(i * 4), values[i]);
        return b;
    }

    private static string Problem(byte[] file)
    {
        var e = Assert.Throws<DataFormatException>(() => SafeTensors.Parse("w.safetensors", file));
        Assert.Equal("w.safetensors", e.File);
        return e.Problem;
    }

    [Fact]
    public void RoundTripsTensorsAndMetadata()
    {
        SafeTensor[] tensors =
        [
            new("a.weight", [2, 3], [1f, -2f, 3.5f, float.Epsilon, -0f, 1e30f]),
            new("a.bias", [3], [0.1f, 0.2f, 0.3f]),
        ];
        var stream = new MemoryStream();
        SafeTensors.Write(stream, tensors, new Dictionary<string, string> { ["format"] = "dlnet-model" });
        var bytes = stream.ToArray();
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, headerLength % 8);

        var (read, metadata) = SafeTensors.Parse("w", bytes);
        Assert.Equal("dlnet-model", metadata["format"]);
        Assert.Equal(2, read.Count);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(tensors[i].Name, read[i].Name);
            Assert.Equal(tensors[i].Shape, read[i].Shape);
            Assert.Equal(tensors[i].Data.Select(BitConverter.SingleToInt32Bits), read[i].Data.Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Fact]
    public void ReadsAFileWrittenByTheFormatsDescription()
    {
        // Built by hand from the format's description, not by our writer.
        var file = FileOf("""{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"__metadata__":{"k":"v"}}""", Floats(1.5f, -3f));
        var (tensors, metadata) = SafeTensors.Parse("w", file);
        Assert.Equal([1.5f, -3f], tensors.Single().Data);
        Assert.Equal("v", metadata["k"]);
    }

    [Fact]
    public void TooShortForTheHeaderLength() =>
        Assert.Contains("truncated", Problem([1, 2, 3]));

    [Fact]
    public void HeaderLengthBeyondTheFile() =>
        Assert.Contains("beyond the end of the file", Problem(FileOf("""{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", Floats(1f), declaredLength: 4000)));

    [Fact]
    public void AbsurdHeaderLength() =>
        Assert.Contains("exceeds the limit", Problem(FileOf("{}", [], declaredLength: long.MaxValue)));

    [Fact]
    public void TruncatedData() =>
        Assert.Contains("run beyond the data", Problem(FileOf("""{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}}""", Floats(1f, 2f))));

    [Fact]
    public void TrailingBytes() =>
        Assert.Contains("oversized", Problem(FileOf("""{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", Floats(1f, 2f))));

    [Fact]
    public void OverlappingTensors() =>
        Assert.Contains("overlap", Problem(FileOf(
            """{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"y":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", Floats(1f, 2f, 3f))));

    [Fact]
    public void GapBetweenTensors() =>
        Assert.Contains("unused bytes", Problem(FileOf(
            """{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"y":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", Floats(1f, 2f, 3f))));

    [Fact]
    public void ShapeDisagreesWithOffsets() =>
        Assert.Contains("needs 12 bytes", Problem(FileOf("""{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", Floats(1f, 2f))));

    [Fact]
    public void UnknownDtype() =>
        Assert.Contains("dtype 'F16'", Problem(FileOf("""{"x":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}""", Floats(1f))));

    [Fact]
    public void HeaderNotJson() =>
        Assert.Contains("not valid JSON", Problem(FileOf("{\"x\": [", [])));

    [Fact]
    public void NegativeOrReversedOffsets() =>
        Assert.Contains("invalid data_offsets", Problem(FileOf("""{"x":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}}""", Floats(1f, 2f, 3f))));

    [Fact]
    public void NonFiniteValue() =>
        Assert.Contains("non-finite", Problem(FileOf("""{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", Floats(1f, float.NaN))));

    [Fact]
    public void MissingFileNamesThePath()
    {
        var e = Assert.Throws<DataFormatException>(() => SafeTensors.Load("/nonexistent/model.safetensors"));
        Assert.Equal("/nonexistent/model.safetensors", e.File);
    }
}
