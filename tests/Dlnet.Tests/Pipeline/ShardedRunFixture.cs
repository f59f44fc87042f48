using System.Text.Json.Nodes;
using Dlnet.Cli.Common;
using Dlnet.Pipeline;

namespace Dlnet.Tests.Pipeline;

/// <summary>
/// The tiny run's config and fleet, and its unsharded run, once for the tests that spread it over processes.
/// Stage 2 trains long enough (a second or two) that a shard can be killed in the middle of it.
/// </summary>
public sealed class ShardedRunFixture : IDisposable
{
    private const string LongerStage2 = """
        {
          "pruning": { "ratios": [0.25, 0.5, 0.6] },
          "stage2": { "training": { "epochs": 30 } }
        }
        """;

    private readonly TempFolder _temp = new();

    public ShardedRunFixture()
    {
        string tiny = _temp.Write("tiny.json", TinyRun.ConfigJson);
        Config = _temp.Write("sharded.json", RunCommandTests.MergeText(tiny, LongerStage2));
        Fleet = TinyRun.WriteFleet(_temp);
        Unsharded = _temp.File("unsharded");
        var run = Cli.Run([.. Args, "--out", Unsharded, "--quiet"]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Stderr);
    }

    public string Config { get; }

    public string Fleet { get; }

    /// <summary>The run folder of the unsharded run of the same config, data, seed and threads.</summary>
    public string Unsharded { get; }

    /// <summary>Every argument of the run but <c>--out</c> and the shard.</summary>
    public string[] Args => ["run", "--config", Config, "--data", Fleet, "--threads", "2", "--plain"];

    public void Dispose() => _temp.Dispose();

    /// <summary>
    /// Asserts that <paramref name="folder"/> holds what the unsharded run holds, byte for byte: every weight file,
    /// candidate record and firmware file. model.json files are compared without their training's wall time,
    /// and summary.json without the run's.
    /// </summary>
    public void AssertSameAsUnsharded(string folder)
    {
        var expected = Files(Unsharded);
        var actual = Files(folder);
        Assert.Equal(expected, actual);
        foreach (string file in expected)
        {
            string a = Path.Combine(Unsharded, file), b = Path.Combine(folder, file);
            if (Path.GetFileName(file) == "model.json")
                Assert.True(WithoutTimes(a) == WithoutTimes(b), $"{file} differs");
            else if (file == RunFolder.SummaryFileName)
                Assert.Equal(PipelineRunnerTests.Comparable(RunSummary.Read(a)), PipelineRunnerTests.Comparable(RunSummary.Read(b)));
            else
                Assert.True(File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b)), $"{file} differs");
        }
        var summary = RunSummary.Read(Path.Combine(folder, RunFolder.SummaryFileName));
        Assert.NotNull(summary.Final);
        Assert.NotNull(summary.Deployment);
    }

    /// <summary>The run's files compared: models, candidates, firmware and summary (not the report, which names the folder and times).</summary>
    private static List<string> Files(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Where(f => !Path.GetFileName(f).StartsWith('.') && !f.StartsWith("plots/", StringComparison.Ordinal) && f != "report.html")
            .Order(StringComparer.Ordinal)];

    /// <summary>A model.json without <c>training.seconds</c>, the only wall-clock figure in a model folder.</summary>
    private static string WithoutTimes(string path)
    {
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        if (json["training"] is JsonObject training) training.Remove("seconds");
        return json.ToJsonString();
    }
}
