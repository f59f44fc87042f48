using System.Text.Json;
using Dlnet.Cli.Common;
using Dlnet.ModelFiles;
using Dlnet.Tests.Export;
using Dlnet.Tests.Reporting;
using Xunit.Abstractions;

namespace Dlnet.Tests.CommandLine;

/// <summary><c>dlnet export</c>: the model folder as ONNX, run in ONNX Runtime on the test windows.</summary>
[Collection(RunFolderCollection.Name)]
public sealed class ExportCommandTests(RunFolderFixture run, ITestOutputHelper log) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("student")]
    [InlineData("teacher")]
    public void TheExportedModelForecastsTheTestWindowsAsTheModelFolderDoes(string which)
    {
        string folder = which == "student" ? run.StudentFolder : Path.Combine(run.RunFolder, "teacher");
        string path = _temp.File(which + ".onnx");
        var r = Cli.Run("export", "--model", folder, "--format", "onnx", "--out", path);
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr + r.Stdout);
        Assert.StartsWith($"wrote {path}: ", r.Stdout);

        var test = run.Splits["test1"];
        int n = test.Count, w = test.InputLength, h = test.Horizon;
        var histories = new double[n * w];
        test.CopyInputs(0, n, histories);
        var expected = new double[n * h];
        ModelFile.Load(folder).Forecast(histories, expected, n);

        var onnx = OnnxRuntimeRunner.Run(File.ReadAllBytes(path), [.. histories.Select(v => (float)v)], n, w);
        double max = 0;
        for (int i = 0; i < expected.Length; i++) max = Math.Max(max, Math.Abs(expected[i] - onnx[i]));
        log.WriteLine($"{which}: {n} windows, max |C# - ORT| = {max:E2} SOH");
        Assert.True(max <= 1e-5, $"ONNX Runtime differs from the model folder by {max:E3} SOH");
    }

    [Fact]
    public void JsonDescribesTheFile()
    {
        string path = _temp.File("s.onnx");
        var r = Cli.Run("export", "--model", run.StudentFolder, "--out", path, "--json");
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal((path, "onnx", "window", "forecast"), (root.GetProperty("file").GetString(), root.GetProperty("format").GetString(),
            root.GetProperty("input").GetString(), root.GetProperty("output").GetString()));
        Assert.Equal(new FileInfo(path).Length, root.GetProperty("bytes").GetInt64());
    }

    [Fact]
    public void AnUnknownFormatOrMissingModelIsRefused()
    {
        var r = Cli.Run("export", "--model", run.StudentFolder, "--format", "tflite", "--out", _temp.File("x"));
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("tflite", r.Stderr);
        Assert.False(File.Exists(_temp.File("x")));

        string missing = _temp.File("nothing");
        r = Cli.Run("export", "--model", missing, "--out", _temp.File("y.onnx"));
        Assert.Equal((ExitCodes.BadInput, $"error: {missing}: no such model folder\n"), (r.ExitCode, r.Stderr));
    }
}
