using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using Dlnet.Architectures;
using Dlnet.Forecasting;
using Dlnet.IO;
using Dlnet.ModelFiles;
using Dlnet.Nn;

namespace Dlnet.Tests.Models;

/// <summary>
/// The readers of a model folder under random bytes and random edits of valid files: each input either loads or is
/// refused with a <see cref="DataFormatException"/> (exit code 2); no other exception escapes, no call allocates
/// more than a bound, and every run finishes within its deadline.
/// </summary>
public sealed partial class ModelFilesFuzzTests : IDisposable
{
    /// <summary>Wall-clock deadline of one fuzz test: a reader that hangs fails it instead of stalling the suite.</summary>
    const int DeadlineSeconds = 60;

    readonly TempFolder _temp = new();
    readonly string _valid;
    readonly byte[] _weights;
    readonly string _description;

    public ModelFilesFuzzTests()
    {
        _valid = SmallModelFolder.Save(_temp.File("valid"));
        _weights = File.ReadAllBytes(SmallModelFolder.WeightsPath(_valid));
        _description = File.ReadAllText(SmallModelFolder.DescriptionPath(_valid));
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>Runs <paramref name="read"/>: loading or a <see cref="DataFormatException"/> are fine; anything else, or more than <paramref name="maxBytes"/> allocated, fails.</summary>
    static void ReadsOrRefuses(Action read, long maxBytes)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        try { read(); }
        catch (DataFormatException e) when (!e.Message.Contains('\n')) { }
        long used = GC.GetAllocatedBytesForCurrentThread() - before;
        if (used > maxBytes) throw new InvalidOperationException($"allocated {used:N0} bytes, more than the bound of {maxBytes:N0}");
    }

    static void WithinDeadline(Action fuzz) =>
        Assert.True(Task.Run(fuzz).Wait(TimeSpan.FromSeconds(DeadlineSeconds)), $"not finished within {DeadlineSeconds} s: a reader hangs");

    /// <summary>1 to 4 edits of <paramref name="valid"/>: a bit flipped, a byte overwritten, bytes inserted, a range deleted, or the end cut off.</summary>
    static Gen<byte[]> Edited(byte[] valid) =>
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, int.MaxValue], Gen.Byte, Gen.Int[1, 16]).Array[1, 4].Select(edits =>
        {
            var bytes = new List<byte>(valid);
            foreach (var (kind, at, value, count) in edits)
            {
                int i = bytes.Count == 0 ? 0 : at % bytes.Count;
                switch (kind)
                {
                    case 0 when bytes.Count > 0: bytes[i] ^= (byte)(1 << (value & 7)); break;
                    case 1 when bytes.Count > 0: bytes[i] = value; break;
                    case 2: bytes.InsertRange(i, Enumerable.Repeat(value, count)); break;
                    case 3 when bytes.Count > 0: bytes.RemoveRange(i, Math.Min(count, bytes.Count - i)); break;
                    case 4: bytes.RemoveRange(i, bytes.Count - i); break;
                }
            }
            return bytes.ToArray();
        });

    // Numbers at the edges of every type and limit.
    static readonly string[] HostileNumbers =
    [
        "0", "-1", "1", "3", "16", "17", "32", "33", "1024", "1025", "16777217", "2147483647", "2147483648", "-2147483648",
        "9223372036854775807", "2e9", "1e400", "-0", "1.5", "\"NaN\"", "\"Infinity\"",
    ];

    // Values of the wrong kind, names the readers know, and text built to end a C comment.
    static readonly string[] HostileValues =
    [
        "null", "true", "\"\"", "\"x\"", "[]", "{}", "[1,2,3]", "[1024,1024,1024]", "\"residual\"", "\"minmax\"", "\"student\"",
        "\"lstm\"", "\"teacher\"", "\"m *\\\\\\n/ #error x\"",
    ];

    // A value of a JSON text: a number, a string that is not a key, or a literal.
    [GeneratedRegex("""(?<=[:\[,]\s*)(-?[0-9][0-9.eE+-]*|"(?:[^"\\]|\\.)*"(?!\s*:)|true|false|null)""")]
    private static partial Regex JsonValue();

    [Fact]
    public void SafeTensorsOfRandomBytes() => WithinDeadline(() =>
        Gen.Byte.Array[0, 300].Sample(bytes => ReadsOrRefuses(() => SafeTensors.Parse("w.safetensors", bytes), 1 << 20), iter: 20_000));

    [Fact]
    public void SafeTensorsWithRandomHeaders() => WithinDeadline(() =>
    {
        // Well-formed JSON whose every claim is random: dtypes, shapes, offsets at the edges of long, short data.
        var number = Gen.Frequency((6, (IGen<long>)Gen.Long[-1, 24]), (1, Gen.Long),
            (1, Gen.OneOf<long>(int.MaxValue, 1L << 31, 1L << 32, long.MaxValue, long.MaxValue / 4, 1L << 40, 1L << 62)));
        var name = Gen.Frequency((8, (IGen<string>)Gen.OneOf<string>("a", "b", "c")), (1, Gen.OneOf<string>("__metadata__", "a\n*/")));
        var dtype = Gen.Frequency((8, (IGen<string>)Gen.Const("F32")), (1, Gen.OneOf<string>("F16", "", "f32")));
        var offsets = Gen.Frequency((6, (IGen<long[]>)Gen.Long[0, 256].Array[2]), (1, number.Array[0, 3]));
        var tensor = Gen.Select(name, dtype, number.Array[0, 4], offsets);
        Gen.Select(tensor.Array[0, 4], Gen.Int[0, 256]).Sample((tensors, dataLength) =>
        {
            var json = new StringBuilder("{");
            json.AppendJoin(',', tensors.Select(t =>
                $"\"{t.Item1.Replace("\n", "\\n")}\":{{\"dtype\":\"{t.Item2}\",\"shape\":[{string.Join(',', t.Item3)}],\"data_offsets\":[{string.Join(',', t.Item4)}]}}"));
            json.Append('}');
            byte[] header = Encoding.UTF8.GetBytes(json.ToString());
            var bytes = new byte[8 + header.Length + dataLength];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
            header.CopyTo(bytes, 8);
            ReadsOrRefuses(() => SafeTensors.Parse("w.safetensors", bytes), 1 << 20);
        }, iter: 20_000);
    });

    [Fact]
    public void EditedWeightsFilesIntoTheNetwork() => WithinDeadline(() =>
    {
        var folders = new ThreadLocal<string>(() => _temp.File("w-" + Environment.CurrentManagedThreadId));
        Edited(_weights).Sample(bytes =>
        {
            string path = folders.Value! + ".safetensors";
            File.WriteAllBytes(path, bytes);
            var store = ArchitectureRegistry.Named("mlp").Create<float>(new NetworkOptions { Hidden = 8, Layers = 1 }, 20, 6).Parameters;
            ReadsOrRefuses(() => ModelWeights.Load(path, store), 1 << 20);
        }, iter: 2_500);
    });

    [Fact]
    public void ModelJsonOfRandomBytes() => WithinDeadline(() =>
    {
        var folders = new ThreadLocal<string>(() => SmallModelFolder.Save(_temp.File("r-" + Environment.CurrentManagedThreadId)));
        // Random bytes, and random text of the characters JSON is made of.
        var json = Gen.Char["{}[]\":, 0123456789-.eEnultrfas"].Array[0, 300].Select(c => Encoding.UTF8.GetBytes(c));
        Gen.OneOf(Gen.Byte.Array[0, 300], json).Sample(bytes =>
        {
            File.WriteAllBytes(SmallModelFolder.DescriptionPath(folders.Value!), bytes);
            ReadsOrRefuses(() => ModelFile.Load(folders.Value!), 1 << 20);
        }, iter: 2_000);
    });

    [Fact]
    public void EditedModelJson() => WithinDeadline(() =>
    {
        var folders = new ThreadLocal<string>(() => SmallModelFolder.Save(_temp.File("e-" + Environment.CurrentManagedThreadId)));
        var values = JsonValue().Matches(_description).ToArray();
        Assert.True(values.Length > 20, $"only {values.Length} values in the valid model.json");
        // Values swapped for hostile ones (the edits that reach the size checks), then some byte edits on top.
        // A number mostly becomes another number, so that most edits get past the JSON reader to the size checks.
        var replacement = Gen.Frequency((4, (IGen<string>)Gen.OneOf(HostileNumbers)), (1, Gen.OneOf(HostileValues)));
        var valueEdits = Gen.Select(Gen.Int[0, values.Length - 1], replacement).Array[1, 4].Select(edits =>
        {
            var text = new StringBuilder(_description);
            foreach (var (v, value) in edits.DistinctBy(e => e.Item1).OrderByDescending(e => values[e.Item1].Index))
                text.Remove(values[v].Index, values[v].Length).Insert(values[v].Index, value);
            return Encoding.UTF8.GetBytes(text.ToString());
        });
        Gen.Frequency((4, (IGen<byte[]>)valueEdits), (1, valueEdits.SelectMany(Edited))).Sample(bytes =>
        {
            File.WriteAllBytes(SmallModelFolder.DescriptionPath(folders.Value!), bytes);
            ReadsOrRefuses(() => ModelFile.Load(folders.Value!), 16 << 20);
        }, iter: 2_500);
    });
}
