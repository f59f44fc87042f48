using System.Globalization;
using System.Text;
using System.Text.Json;
using Dlnet.Cli.Common;
using Dlnet.Int8;
using Dlnet.ModelFiles;
using Dlnet.Scoring;
using Dlnet.Splits;
using Dlnet.Tests.Reporting;

namespace Dlnet.Tests.CommandLine;

/// <summary><c>dlnet predict</c> on cells written as a user would write them.</summary>
[Collection(RunFolderCollection.Name)]
public sealed class PredictCommandTests(RunFolderFixture run) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Each window's history as a cell of its own, cycles 1..W.</summary>
    private string WriteWindowsAsCells(WindowSet windows, string name)
    {
        var csv = new StringBuilder("cell,cycle,soh\n");
        var history = new double[windows.InputLength];
        for (int i = 0; i < windows.Count; i++)
        {
            windows.CopyInputs(i, 1, history);
            for (int t = 0; t < history.Length; t++)
                csv.Append(CultureInfo.InvariantCulture, $"W{i:D4},{t + 1},{history[t]:R}\n");
        }
        return _temp.Write(name, csv.ToString());
    }

    [Fact]
    public void AModelOfTheSyntheticFleetAppliedToOtherCellsIsAWarning()
    {
        string input = WriteWindowsAsCells(run.Splits["test1"], "cells.csv");
        // the fixture's model was trained on a data folder: no warning
        var r = Cli.Run("predict", "--model", run.StudentFolder, "--input", input, "--json");
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        Assert.DoesNotContain("warning", r.Stderr);

        // the same model, recorded as trained on the built-in synthetic fleet
        string synthetic = Path.Combine(_temp.Path, "synthetic-model");
        Directory.CreateDirectory(synthetic);
        foreach (string file in Directory.GetFiles(run.StudentFolder)) File.Copy(file, Path.Combine(synthetic, Path.GetFileName(file)));
        string modelJson = Path.Combine(synthetic, ModelFile.DescriptionFileName);
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(modelJson))!;
        node["data"]!["source"] = Dlnet.Fleet.FleetSource.BuiltInFleet().Source;
        File.WriteAllText(modelJson, node.ToJsonString());

        r = Cli.Run("predict", "--model", synthetic, "--input", input, "--json");
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        Assert.StartsWith($"warning: {run.Student.Description.Name} was trained on the synthetic fleet (48 cells, seed 1, noise 0, measured artefacts), not on measured cells; its forecasts for {input}", r.Stderr);
        using var forecasts = JsonDocument.Parse(r.Stdout);
        Assert.Equal(run.Splits["test1"].Count, forecasts.RootElement.GetProperty("forecasts").GetArrayLength());
        Assert.Equal("", Cli.Run("predict", "--model", synthetic, "--input", input, "--quiet").Stderr);
    }

    [Fact]
    public void ForecastsOfTestWindowsReproduceTheEvaluationMae()
    {
        var test = run.Splits["test1"];
        string input = WriteWindowsAsCells(test, "test1.csv");
        string output = _temp.File("forecasts.csv");
        var r = Cli.Run("predict", "--model", run.StudentFolder, "--input", input, "--out", output);
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr + r.Stdout);
        Assert.Equal($"wrote {test.Count} forecasts of 100 cycles to {output}\n", r.Stdout);

        string[] lines = File.ReadAllLines(output);
        Assert.Equal("cell,step,cycle,soh_forecast", lines[0]);
        Assert.Equal(test.Count * 100, lines.Length - 1);
        var target = new double[100];
        double sum = 0;
        for (int i = 0; i < test.Count; i++)
        {
            test.CopyTargets(i, 1, target);
            for (int step = 1; step <= 100; step++)
            {
                string[] f = lines[i * 100 + step].Split(',');
                Assert.Equal(($"W{i:D4}", step, 100 + step), (f[0], int.Parse(f[1], CultureInfo.InvariantCulture), int.Parse(f[2], CultureInfo.InvariantCulture)));
                sum += Math.Abs(double.Parse(f[3], CultureInfo.InvariantCulture) - target[step - 1]);
            }
        }
        double mae = sum / (test.Count * 100.0);

        double expected = Evaluator.Evaluate(ModelFile.Load(run.StudentFolder), test).Overall.Mae;
        Assert.Equal(expected, mae, 1e-12);

        string json = _temp.File("eval.json");
        r = Cli.Run("eval", "--model", run.StudentFolder, "--data", run.DataFolder, "--json", json);
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr + r.Stdout);
        var row = EvaluationReport.Parse(File.ReadAllText(json)).Results.Single(x => x.Predictor == RunFolderFixture.StudentName && x.Split == "test1");
        Assert.Equal(test.Count, row.Windows);
        Assert.Equal(row.Mae!.Value, mae, 1e-12);
    }

    [Fact]
    public void PrintsATableOfSelectedStepsOrJson()
    {
        string input = WriteWindowsAsCells(run.Splits["test2"], "test2.csv");
        var r = Cli.Run("predict", "--model", run.StudentFolder, "--input", input);
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr + r.Stdout);
        Assert.Contains($"model {RunFolderFixture.StudentName} (student): last 100 cycles in, next 100 out", r.Stdout);
        foreach (string column in new[] { "cell", "last cycle", "SOH now", "+1", "+10", "+50", "+100" }) Assert.Contains(column, r.Stdout);
        Assert.Contains("W0000", r.Stdout);

        r = Cli.Run("predict", "--model", run.StudentFolder, "--input", input, "--json");
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var forecasts = doc.RootElement.GetProperty("forecasts");
        Assert.Equal(run.Splits["test2"].Count, forecasts.GetArrayLength());
        Assert.Equal(100, forecasts[0].GetProperty("last_cycle").GetInt32());
        Assert.Equal(100, forecasts[0].GetProperty("soh_forecast").GetArrayLength());
        Assert.Equal(100, doc.RootElement.GetProperty("input_length").GetInt32());

        r = Cli.Run("predict", "--model", run.StudentFolder, "--input", input, "--quiet");
        Assert.Equal((ExitCodes.Success, "", ""), (r.ExitCode, r.Stdout, r.Stderr));
    }

    [Fact]
    public void ForecastCyclesFollowTheCellsOwnCycleNumbers()
    {
        var csv = new StringBuilder("cell,cycle,soh\n");
        for (int t = 0; t < 120; t++) csv.Append(CultureInfo.InvariantCulture, $"late,{501 + t},{0.95 - 1e-4 * t:R}\n");
        string output = _temp.File("late.csv");
        var r = Cli.Run("predict", "--model", run.StudentFolder, "--input", _temp.Write("late-in.csv", csv.ToString()), "--out", output);
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        string[] lines = File.ReadAllLines(output);
        Assert.StartsWith("late,1,621,", lines[1]);
        Assert.StartsWith("late,100,720,", lines[100]);
    }

    [Fact]
    public void TooShortHistoriesNameTheCellItsLengthAndTheWindow()
    {
        var csv = new StringBuilder("cell,cycle,soh\n");
        for (int t = 1; t <= 150; t++) csv.Append(CultureInfo.InvariantCulture, $"long,{t},0.99\n");
        for (int t = 1; t <= 40; t++) csv.Append(CultureInfo.InvariantCulture, $"young,{t},0.999\n");
        string output = _temp.File("never.csv");
        var r = Cli.Run("predict", "--model", run.StudentFolder, "--input", _temp.Write("short.csv", csv.ToString()), "--out", output);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("reads the last 100 values of each cell, but young has 40", r.Stderr);
        Assert.DoesNotContain("long", r.Stderr.Replace("the last", ""));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void AMissingModelFolderOrInputIsABadInputError()
    {
        string input = _temp.Write("one.csv", "cell,cycle,soh\nA,1,1.0\n");
        string missing = _temp.File("no-model");
        var r = Cli.Run("predict", "--model", missing, "--input", input);
        Assert.Equal((ExitCodes.BadInput, $"error: {missing}: no such model folder\n"), (r.ExitCode, r.Stderr));

        r = Cli.Run("predict", "--model", run.StudentFolder, "--input", _temp.File("none.csv"));
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("no such file or folder", r.Stderr);
    }

    [Fact]
    public void IntegerForecastsOfTestWindowsReproduceTheIntegerEngine()
    {
        var test = run.Splits["test1"];
        string input = WriteWindowsAsCells(test, "int8.csv");
        string output = _temp.File("int8-forecasts.csv");
        var r = Cli.Run("predict", "--model", run.StudentFolder, "--input", input, "--int8", "--training-data", run.DataFolder, "--out", output);
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr + r.Stdout);

        // The engine calibrated by hand on the protocol's training windows, as the firmware is.
        var engine = new QuantizedForecaster(StudentQuantizer.Quantize(ModelFile.Load(run.StudentFolder), WindowArrays.From(run.Splits.Train)));
        double expected = Evaluator.Evaluate(engine, test).Overall.Mae;
        Assert.Equal(expected, ForecastMae(output, test), 1e-12);
        double floatMae = Evaluator.Evaluate(ModelFile.Load(run.StudentFolder), test).Overall.Mae;
        Assert.NotEqual(floatMae, expected);
    }

    [Fact]
    public void IntegerForecastsNeedTheTrainingDataAndAStudent()
    {
        string input = WriteWindowsAsCells(run.Splits["test2"], "int8-bad.csv");
        var r = Cli.Run("predict", "--model", run.StudentFolder, "--input", input, "--int8", "--training-data", "builtin");
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("not the data " + RunFolderFixture.StudentName + " was trained on", r.Stderr);
        Assert.Contains("give that data with --training-data", r.Stderr);

        r = Cli.Run("predict", "--model", Path.Combine(run.RunFolder, "teacher"), "--input", input, "--int8", "--training-data", run.DataFolder);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("the int8 path knows the student architecture; this model is a 'teacher'", r.Stderr);

        r = Cli.Run("predict", "--model", run.StudentFolder, "--input", input, "--training-data", run.DataFolder);
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
    }

    /// <summary>MAE of a forecast CSV written by predict against the windows' targets.</summary>
    private static double ForecastMae(string csv, WindowSet windows)
    {
        string[] lines = File.ReadAllLines(csv);
        Assert.Equal(windows.Count * windows.Horizon, lines.Length - 1);
        var target = new double[windows.Horizon];
        double sum = 0;
        for (int i = 0; i < windows.Count; i++)
        {
            windows.CopyTargets(i, 1, target);
            for (int step = 1; step <= windows.Horizon; step++)
                sum += Math.Abs(double.Parse(lines[i * windows.Horizon + step].Split(',')[3], CultureInfo.InvariantCulture) - target[step - 1]);
        }
        return sum / (windows.Count * (double)windows.Horizon);
    }
}
