using System.Buffers.Binary;
using System.Text;
using Dlnet.Architectures;
using Dlnet.Cli;
using Dlnet.Cli.Common;
using Dlnet.Forecasting;
using Dlnet.IO;
using Dlnet.ModelFiles;
using Dlnet.Nn;

namespace Dlnet.Tests.Models;

/// <summary>
/// Weights files of 60 MB, 1 GB and 3 GB, made in a temporary folder as sparse files (the length set, the bytes never
/// written): each is refused from its length or its header, before any tensor is read, with the file named and
/// next to no memory used.
/// </summary>
public sealed class LargeWeightsFileTests : IDisposable
{
    const long Gigabyte = 1L << 30;

    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A file of <paramref name="length"/> bytes that starts with a safetensors header of <paramref name="header"/> and is sparse after it.</summary>
    static void Sparse(string path, string header, long length)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        using var f = new FileStream(path, FileMode.Create, FileAccess.Write);
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)json.Length);
        f.Write(prefix);
        f.Write(json);
        f.SetLength(length);
    }

    static (T Result, long Bytes) Allocated<T>(Func<T> read)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = read();
        return (result, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void AFileOfGigabytesIsRefusedFromItsLengthNamingIt(int gigabytes)
    {
        long length = gigabytes * Gigabyte;
        string path = _temp.File("big.safetensors");
        Sparse(path, "{}", length);
        var (e, bytes) = Allocated(() => Assert.Throws<DataFormatException>(() => SafeTensors.Load(path)));
        Assert.Equal(path, e.File);
        Assert.Equal($"{length:N0} bytes, more than the {ModelLimits.MaxWeightsBytes:N0} of the largest weights file this build reads (docs/model-files.md)", e.Problem);
        Assert.InRange(bytes, 0, 64 << 10);
    }

    [Fact]
    public void TheCommandLineNamesA3GigabyteWeightsFileAndExitsWith2()
    {
        string folder = SmallModelFolder.Save(_temp.File("model"));
        string weights = SmallModelFolder.WeightsPath(folder);
        File.Delete(weights);
        Sparse(weights, "{}", 3 * Gigabyte);
        string onnx = _temp.File("m.onnx");
        var r = Cli.Run("export", "--model", folder, "--out", onnx);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.StartsWith($"error: {weights}: {3 * Gigabyte:N0} bytes, more than", r.Stderr);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        Assert.False(File.Exists(onnx));
    }

    [Fact]
    public void AHeaderThatDoesNotMatchTheNetworkIsRefusedBeforeAnyTensorIsRead()
    {
        // Within the size limit, but its one 60 MB tensor is none of the network's.
        const long data = 60_000_000;
        string path = _temp.File("w.safetensors");
        string header = $"{{\"x\":{{\"dtype\":\"F32\",\"shape\":[{data / 4}],\"data_offsets\":[0,{data}]}}}}";
        Sparse(path, header, 8 + header.Length + data);
        var store = new ParameterStore<float>();
        store.Add("layer.0.weight", 8, 20);
        var (e, bytes) = Allocated(() => Assert.Throws<DataFormatException>(() => ModelWeights.Load(path, store)));
        Assert.Equal(path, e.File);
        Assert.Contains("'layer.0.weight' missing", e.Problem);
        Assert.InRange(bytes, 0, 256 << 10);
    }

    [Fact]
    public void TensorsAreReadByOffsetWhateverTheirOrderInTheHeader()
    {
        // The second tensor's bytes come first in the file.
        string header = """{"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""";
        var bytes = new List<byte>();
        var prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        bytes.AddRange(prefix);
        bytes.AddRange(Encoding.UTF8.GetBytes(header));
        bytes.AddRange(BitConverter.GetBytes(1.5f));
        bytes.AddRange(BitConverter.GetBytes(-2f));
        string path = _temp.File("order.safetensors");
        File.WriteAllBytes(path, [.. bytes]);
        var (tensors, _) = SafeTensors.Load(path);
        Assert.Equal(["b", "a"], tensors.Select(t => t.Name));
        Assert.Equal([-2f], tensors[0].Data);
        Assert.Equal([1.5f], tensors[1].Data);
    }
}
