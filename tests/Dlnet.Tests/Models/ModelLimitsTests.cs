using System.Text.Json.Nodes;
using Dlnet.Architectures;
using Dlnet.Cli;
using Dlnet.Cli.Common;
using Dlnet.Forecasting;
using Dlnet.IO;
using Dlnet.ModelFiles;

namespace Dlnet.Tests.Models;

/// <summary>
/// Every size model.json declares is checked against <see cref="ModelLimits"/> before anything of that size is
/// allocated: the refusal names the file and the field, and costs next to no memory.
/// </summary>
public sealed class ModelLimitsTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    string Tampered(string name, Action<JsonObject> change)
    {
        string folder = SmallModelFolder.Save(_temp.File(name));
        string json = SmallModelFolder.DescriptionPath(folder);
        var d = JsonNode.Parse(File.ReadAllText(json))!.AsObject();
        change(d);
        File.WriteAllText(json, d.ToJsonString());
        return folder;
    }

    static (T Result, long Bytes) Allocated<T>(Func<T> read)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = read();
        return (result, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData("inputLength", "2000000000")]
    [InlineData("horizon", "100000")]
    [InlineData("parameterCount", "2147483647")]
    [InlineData("options.hidden", "100000")]
    [InlineData("options.rank", "5000")]
    [InlineData("options.layers", "1000")]
    [InlineData("options.steps", "2000000000")]
    [InlineData("options.encoderWidth", "-3")]
    [InlineData("options.decoderWidths[1]", "[256, 5000]")]
    [InlineData("options.hiddenWidths (count)", "[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]")]
    [InlineData("encoding.tailLength", "99999")]
    public void ASizeBeyondItsLimitIsRefusedNamingTheField(string field, string value)
    {
        string key = field.Split(' ', '[')[0];
        string folder = Tampered(key.Replace('.', '-'), d =>
        {
            var parent = key.Contains('.') ? (JsonObject)d[key.Split('.')[0]]! : d;
            parent[key.Split('.')[^1]] = JsonNode.Parse(value);
        });
        var (e, bytes) = Allocated(() => Assert.Throws<DataFormatException>(() => ModelFile.Load(folder)));
        Assert.Equal(SmallModelFolder.DescriptionPath(folder), e.File);
        Assert.StartsWith(field + " ", e.Problem);
        Assert.Contains("docs/model-files.md", e.Problem);
        Assert.InRange(bytes, 0, 4 << 20);
    }

    [Fact]
    public void TheCommandLineGivesExit2AndOneLineAndWritesNothing()
    {
        string folder = Tampered("wide", d => d["options"]!["hidden"] = 100000);
        string onnx = _temp.File("m.onnx");
        var r = Cli.Run("export", "--model", folder, "--out", onnx);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Equal($"error: {SmallModelFolder.DescriptionPath(folder)}: options.hidden 100000 is outside 1 to {ModelLimits.MaxWidth}, " +
            "the sizes this build reads (docs/model-files.md)\n", r.Stderr);
        Assert.False(File.Exists(onnx));
    }

    [Fact]
    public void ANetworkOfAllowedSizesButTooManyParametersIsRefusedBeforeItsMemoryIsTaken()
    {
        // 4 LSTM layers of 1024 units: each size within its limit, some 33 million parameters in all, more than
        // a model file may hold though fewer than a network may have at all (ParameterStore.MaxCount).
        string folder = Tampered("lstm", d =>
        {
            d["architecture"] = "lstm";
            d["options"] = new JsonObject { ["hidden"] = ModelLimits.MaxWidth, ["layers"] = 4 };
        });
        var (e, bytes) = Allocated(() => Assert.Throws<DataFormatException>(() => ModelFile.Load(folder)));
        Assert.Equal(SmallModelFolder.DescriptionPath(folder), e.File);
        Assert.Matches($"^a lstm of these sizes has [0-9]+ parameters, more than the {ModelLimits.MaxParameters} this build reads", e.Problem);
        Assert.InRange(bytes, 0, 16 << 20);
    }

    [Fact]
    public void AModelJsonLargerThanTheLimitIsRefusedAfterReadingNoMoreThanTheLimit()
    {
        string folder = SmallModelFolder.Save(_temp.File("padded"));
        string json = SmallModelFolder.DescriptionPath(folder);
        File.AppendAllText(json, new string(' ', ModelLimits.MaxDescriptionBytes));
        var e = Assert.Throws<DataFormatException>(() => ModelFile.ReadDescription(folder));
        Assert.Equal(json, e.File);
        Assert.Contains($"larger than {ModelLimits.MaxDescriptionBytes:N0} bytes", e.Problem);

        // A file that never ends is refused as well, rather than read until memory runs out.
        File.Delete(json);
        File.CreateSymbolicLink(json, "/dev/zero");
        var (endless, bytes) = Allocated(() => Assert.Throws<DataFormatException>(() => ModelFile.ReadDescription(folder)));
        Assert.Contains("larger than", endless.Problem);
        Assert.InRange(bytes, 0, 8L * ModelLimits.MaxDescriptionBytes);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("architecture")]
    [InlineData("options")]
    [InlineData("encoding")]
    [InlineData("metrics")]
    public void ANullWhereAValueMustBeIsRefused(string field)
    {
        string folder = Tampered("null-" + field, d => d[field] = null);
        var e = Assert.Throws<DataFormatException>(() => ModelFile.ReadDescription(folder));
        Assert.Equal(SmallModelFolder.DescriptionPath(folder), e.File);
        Assert.StartsWith("not a model description", e.Problem);
    }
}
