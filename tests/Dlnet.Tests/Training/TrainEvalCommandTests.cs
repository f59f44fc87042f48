using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Dlnet.Cli.Commands;
using Dlnet.Cli.Common;
using Dlnet.ModelFiles;

namespace Dlnet.Tests.Training;

/// <summary><c>dlnet train</c> then <c>dlnet eval</c> in process, on a small synthetic fleet.</summary>
public sealed class TrainEvalCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dlnet-train-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CommandRunner.Invoke(root, args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Eight gently curving cells of 360 steps, five tagged train and three test1.</summary>
    private string WriteFleet()
    {
        string dir = Path.Combine(_folder, "data");
        Directory.CreateDirectory(dir);
        var rng = new Random(3);
        using (var csv = new StreamWriter(Path.Combine(dir, "cells.csv")))
        {
            csv.WriteLine("cell,cycle,soh");
            for (int c = 0; c < 8; c++)
            {
                double a = 1e-4 * (1 + c % 4), b = 4e-7 * (1 + c % 3);
                for (int t = 0; t < 360; t++)
                    csv.WriteLine(string.Create(CultureInfo.InvariantCulture, $"C{c},{t + 1},{1.01 - a * t - b * t * t + 0.0005 * (rng.NextDouble() - 0.5)}"));
            }
        }
        File.WriteAllLines(Path.Combine(dir, "cells_meta.csv"), ["cell,split", .. Enumerable.Range(0, 8).Select(c => $"C{c},{(c < 5 ? "train" : "test1")}")]);
        return dir;
    }

    private string[] TrainArgs(string data, string output) =>
        ["train", "--model", "mlp", "--hidden", "16", "--layers", "1", "--dropout", "0.1", "--epochs", "3", "--batch", "32", "--lr", "0.003",
         "--seed", "7", "--threads", "2", "--data", data, "--out", output, "--plain"];

    [Fact]
    public void TrainsWritesAModelAndEvaluatesItNextToTheBaselines()
    {
        string data = WriteFleet();
        string model = Path.Combine(_folder, "model");
        var (code, output, error) = Run(TrainArgs(data, model));
        Assert.True(code == ExitCodes.Success, error + output);
        Assert.Contains("epoch 1/3", output);
        Assert.Contains("epoch 3/3", output);
        Assert.True(File.Exists(Path.Combine(model, ModelFile.WeightsFileName)));

        var description = ModelFile.ReadDescription(model);
        Assert.Equal("mlp", description.Architecture);
        Assert.Equal("residual", description.Encoding.Form);
        Assert.Equal(7, description.Seed);
        Assert.Equal(["train", "validation", "test1"], description.Metrics.Keys);
        Assert.StartsWith("sha256:", description.Data!.Fingerprint);
        Assert.Equal(3, description.Training!.EpochsRun);

        string json = Path.Combine(_folder, "eval.json");
        (code, output, error) = Run("eval", "--model", model, "--data", data, "--json", json);
        Assert.True(code == ExitCodes.Success, error + output);
        Assert.Equal("", error);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal("cells", doc.RootElement.GetProperty("protocol").GetString());
        var rows = doc.RootElement.GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("predictor").GetString() + "/" + r.GetProperty("split").GetString());
        string[] predictors = ["mlp", .. Dlnet.Baselines.BaselineFactory.Family];
        Assert.Equal(predictors.SelectMany(p => new[] { $"{p}/validation", $"{p}/test1" }).Order(), rows.Keys.Order());
        // eval rebuilds the model from its files and scores it exactly as training did
        Assert.Equal(description.Metrics["test1"].Mae, rows["mlp/test1"].GetProperty("mae").GetDouble());
        Assert.Equal(description.Metrics["test1"].Windows, rows["mlp/test1"].GetProperty("windows").GetInt32());
        Assert.Equal(description.Metrics["validation"].Mae, rows["mlp/validation"].GetProperty("mae").GetDouble());
        // The classical reference is the family's best on the validation cells.
        string best = doc.RootElement.GetProperty("best_classical").GetProperty("name").GetString()!;
        double least = Dlnet.Baselines.BaselineFactory.Family.Min(p => rows[$"{p}/validation"].GetProperty("mae").GetDouble());
        Assert.Equal(least, rows[$"{best}/validation"].GetProperty("mae").GetDouble());
        Assert.Contains($"best classical: {best} (*), the lowest MAE on the validation split", output);
    }

    /// <summary>Cells of another fleet, written as cells.csv (with cells_meta.csv when <paramref name="tags"/> is given).</summary>
    private string WriteOtherFleet(string name, int cells, Func<int, string>? tags)
    {
        string dir = Path.Combine(_folder, name);
        Directory.CreateDirectory(dir);
        using (var csv = new StreamWriter(Path.Combine(dir, "cells.csv")))
        {
            csv.WriteLine("cell,cycle,soh");
            for (int c = 0; c < cells; c++)
                for (int t = 0; t < 300 + 20 * c; t++)
                    csv.WriteLine(string.Create(CultureInfo.InvariantCulture, $"N{c},{t + 1},{1.0 - 1.5e-4 * t - 3e-7 * (c + 1) * t * t}"));
        }
        if (tags is not null)
            File.WriteAllLines(Path.Combine(dir, "cells_meta.csv"), ["cell,split", .. Enumerable.Range(0, cells).Select(c => $"N{c},{tags(c)}")]);
        return dir;
    }

    [Fact]
    public void AFleetWithoutATrainTagIsScoredOnEveryCell()
    {
        string model = Path.Combine(_folder, "model");
        Assert.Equal(ExitCodes.Success, Run(TrainArgs(WriteFleet(), model)).Code);

        // No tags at all: one split of every cell. 300 + 20c steps give 11 + 2c windows of 200 every 10 steps.
        string untagged = WriteOtherFleet("untagged", 5, null);
        string json = Path.Combine(_folder, "untagged.json");
        var (code, output, error) = Run("eval", "--model", model, "--data", untagged, "--json", json);
        Assert.True(code == ExitCodes.Success, error + output);
        Assert.Equal("", error);
        var report = Dlnet.Scoring.EvaluationReport.Parse(File.ReadAllText(json));
        Assert.Equal("all-cells", report.Protocol);
        Assert.Null(report.BestClassical);
        Assert.Equal(["all"], report.Results.Select(r => r.Split).Distinct());
        Assert.All(report.Results, r => Assert.Equal(Enumerable.Range(0, 5).Sum(c => 11 + 2 * c), r.Windows));
        Assert.Equal(["mlp", .. Dlnet.Baselines.BaselineFactory.Family], report.Results.Select(r => r.Predictor));
        Assert.Contains("every cell of the fleet scored (all 75 windows / 5 cells)", output);
        Assert.Contains("no best classical extrapolation is chosen", output);
        // The model's row is the evaluator's on those windows.
        var fleet = Dlnet.Fleet.FleetLoader.Load(untagged);
        var windows = Dlnet.Splits.WholeFleet.Splits(fleet).Single();
        Assert.Equal(Dlnet.Scoring.Evaluator.Evaluate(ModelFile.Load(model), windows).Overall.Mae, report.Results[0].Mae);

        // Tagged, but none of them train (where the protocol refuses): one split per tag, every cell in one.
        string tagged = WriteOtherFleet("tagged", 4, c => c % 2 == 0 ? "fleet_a" : "fleet_b");
        (code, output, error) = Run("eval", "--model", model, "--data", tagged, "--json", json);
        Assert.True(code == ExitCodes.Success, error + output);
        report = Dlnet.Scoring.EvaluationReport.Parse(File.ReadAllText(json));
        Assert.Equal(["fleet_a", "fleet_b"], report.Results.Select(r => r.Split).Distinct());
        Assert.Equal([11 + 15, 13 + 17], report.Results.Where(r => r.Predictor == "mlp").Select(r => r.Windows));
    }

    [Fact]
    public void AFleetTooShortForAWindowIsABadInput()
    {
        string model = Path.Combine(_folder, "model");
        Assert.Equal(ExitCodes.Success, Run(TrainArgs(WriteFleet(), model)).Code);
        string dir = Path.Combine(_folder, "short");
        Directory.CreateDirectory(dir);
        File.WriteAllLines(Path.Combine(dir, "cells.csv"), ["cell,cycle,soh", .. Enumerable.Range(1, 150).Select(t => $"S,{t},0.99")]);
        var (code, _, error) = Run("eval", "--model", model, "--data", dir);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("none of the 1 cells yields a window of 200 steps", error);
    }

    [Fact]
    public void TrainingSettingsReachTheModelDescription()
    {
        string data = WriteFleet();
        string model = Path.Combine(_folder, "m");
        var (code, output, error) = Run(["train", "--model", "mlp", "--hidden", "8", "--layers", "1", "--epochs", "3", "--warmup", "1",
            "--loss", "huber", "--huber-delta", "0.5", "--form", "minmax", "--batch", "16", "--weight-decay", "0.01", "--patience", "5",
            "--threads", "1", "--seed", "3", "--data", data, "--out", model, "--plain"]);
        Assert.True(code == ExitCodes.Success, error + output);
        var d = ModelFile.ReadDescription(model);
        var s = d.Training!.Settings;
        Assert.Equal((3, 1, "huber", 0.5, 16, 0.01, 5, 1, 3), (s.Epochs, s.WarmupEpochs, s.Loss, s.HuberDelta, s.BatchSize, s.WeightDecay, s.Patience, s.Threads, s.Seed));
        Assert.Equal("minmax", d.Encoding.Form);
        Assert.Equal(new Dlnet.Architectures.NetworkOptions { Hidden = 8, Layers = 1 }, d.Options);
        Assert.Contains("epoch 3/3", output);
    }

    [Fact]
    public void TheSameSeedWritesTheSameWeights()
    {
        string data = WriteFleet();
        string a = Path.Combine(_folder, "a"), b = Path.Combine(_folder, "b");
        Assert.Equal(ExitCodes.Success, Run(TrainArgs(data, a)).Code);
        Assert.Equal(ExitCodes.Success, Run(TrainArgs(data, b)).Code);
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, ModelFile.WeightsFileName)), File.ReadAllBytes(Path.Combine(b, ModelFile.WeightsFileName)));
    }

    [Fact]
    public void ACorruptModelIsABadInputError()
    {
        string data = WriteFleet();
        string model = Path.Combine(_folder, "model");
        Assert.Equal(ExitCodes.Success, Run(TrainArgs(data, model)).Code);
        string weights = Path.Combine(model, ModelFile.WeightsFileName);
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..^10]);
        var (code, _, error) = Run("eval", "--model", model, "--data", data);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith($"error: {weights}: ", error);
        Assert.Contains("truncated", error);
    }

    [Fact]
    public void BadSettingsAreUsageErrorsBeforeAnyDataIsRead()
    {
        var (code, _, error) = Run("train", "--model", "mlp", "--rank", "2", "--data", "/nonexistent", "--out", Path.Combine(_folder, "x"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("rank", error);
        (code, _, error) = Run("train", "--model", "mlp", "--epochs", "0", "--data", "/nonexistent", "--out", Path.Combine(_folder, "x"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("epochs", error);
        Assert.False(Directory.Exists(Path.Combine(_folder, "x")));
    }
}
