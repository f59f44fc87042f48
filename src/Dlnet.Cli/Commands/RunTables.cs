using System.Globalization;
using Dlnet.Firmware;
using Dlnet.Pipeline;

using ReportNumbers = Dlnet.Reporting.ReportNumbers;
using RunReport = Dlnet.Reporting.RunReport;
using Spectre.Console;

namespace Dlnet.Cli.Commands;

/// <summary>
/// The outcome of a run on the console: every candidate, the ablation table, the final model against the best classical extrapolation
/// and the teacher, its firmware with each figure marked measured or estimated, and last what to open and what
/// to flash.
/// </summary>
internal static class RunTables
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(RunSummary summary, string folder, TextWriter output)
    {
        var console = EvaluationTable.ConsoleFor(output);
        console.Write(Candidates(summary));
        console.Write(Ablation(summary));
        output.WriteLine($"classical reference: {summary.BestClassical.Name}, the best extrapolation on the {summary.BestClassical.ChosenOn} cells");
        if (summary.Final is { } f)
        {
            var candidate = summary.Candidates.FirstOrDefault(c => c.Name == f.Name);
            output.WriteLine($"final model: {f.Name} ({f.Folder})" + (candidate is null ? "" : $", {candidate.Parameters.ToString("N0", Inv)} parameters"));
            if (Comparison(summary) is string compared) output.WriteLine("  " + compared);
        }
        string firmware = Path.Combine(folder, FirmwareStep.FolderName);
        if (summary.Deployment is { } d)
        {
            output.WriteLine($"firmware: {firmware}");
            foreach (string line in Firmware(d, summary.Candidates.FirstOrDefault(c => c.Name == summary.Final?.Name))) output.WriteLine("  " + line);
        }
        output.WriteLine($"wrote {Path.Combine(folder, RunFolder.SummaryFileName)} ({summary.ElapsedSeconds.ToString("0.0", Inv)} s)");

        string report = Path.Combine(folder, RunReport.FileName);
        bool hasReport = summary.Final is not null && File.Exists(report);
        if (!hasReport && summary.Deployment is null) return;
        output.WriteLine();
        output.WriteLine("next:");
        if (hasReport) output.WriteLine($"  open the report   {report}");
        if (summary.Deployment is not null)
            output.WriteLine($"  flash the board   {Path.Combine(firmware, FirmwareStep.SketchFolderName)} (Arduino IDE, board core \"Arduino Mbed OS Nano Boards\"); " +
                $"steps in {Path.Combine(firmware, "README.md")}");
    }

    /// <summary>"int8 MAE: test1 0.000338 (huberquadratic100 0.000867, teacher 0.000194), ..." on the report splits; null without metrics.</summary>
    private static string? Comparison(RunSummary summary)
    {
        bool int8 = summary.Deployment is { Int8Metrics.Count: > 0 };
        var rows = (int8 ? summary.Deployment!.Int8Metrics : summary.Final!.Metrics).Where(r => r.Split is not ("train" or "validation") && r.Mae is not null).ToArray();
        if (rows.Length == 0) return null;
        static string Mae(double? v) => ReportNumbers.Significant(v);
        var parts = rows.Select(r =>
        {
            var ablation = summary.Ablation.FirstOrDefault(a => a.Split == r.Split);
            return $"{r.Split} {Mae(r.Mae)} ({summary.BestClassical.Name} {Mae(ablation?.BestClassical)}, teacher {Mae(ablation?.Teacher)})";
        });
        return (int8 ? "int8 MAE: " : "float MAE (not deployed): ") + string.Join(", ", parts);
    }

    /// <summary>The firmware's figures: what was measured, what is estimated, and how they differ from the candidates table's.</summary>
    private static IEnumerable<string> Firmware(DeploymentReport r, CandidateRecord? candidate)
    {
        string Checked(WindowComparison? c, string where) =>
            c is null ? $"not checked {where}" : $"{c.WindowsIdentical.ToString("N0", Inv)} of {c.WindowsCompared.ToString("N0", Inv)} windows bit-exact {where}";
        var measured = new List<string>();
        if (r.FlashBytes is long flash && r.RamBytes is long ram)
            measured.Add($"{flash.ToString("N0", Inv)} B flash, {ram.ToString("N0", Inv)} B static RAM (arm-none-eabi-gcc -Os build)");
        measured.Add(Checked(r.BitExact.Host, "on the host"));
        measured.Add(Checked(r.BitExact.Emulator, "under QEMU"));
        yield return "measured:  " + string.Join(", ", measured);
        if (r.CyclesPerForecast is { } c)
            yield return $"modelled:  {c.Value.ToString("N0", Inv)} cycles per forecast ({c.Low.ToString("N0", Inv)}-{c.High.ToString("N0", Inv)}), " +
                $"{c.Milliseconds.Value.ToString("0.000", Inv)} ms at 64 MHz (Cortex-M4 cycle table on QEMU's trace of {c.Instructions.ToString("N0", Inv)} instructions)";
        else if (r.LatencyMsAt64Mhz is { } l && r.InstructionsPerInference is long n)
            yield return $"estimated: {l.Low.ToString("0.00", Inv)}-{l.High.ToString("0.00", Inv)} ms at 64 MHz ({n.ToString("N0", Inv)} instructions under QEMU at 1 to 2 cycles each)";
        if (candidate is not null)
            yield return $"the candidates table gives the cost model's estimates for it: {candidate.FlashBytes.ToString("N0", Inv)} B flash, " +
                $"{candidate.RamBytes.ToString("N0", Inv)} B RAM, up to {candidate.LatencyMsHigh.ToString("0.00", Inv)} ms";
    }

    private static Table Candidates(RunSummary summary)
    {
        // Two report splits at most keep the table within a terminal's width.
        var splits = summary.Teacher.Metrics.Select(m => m.Split).Where(s => s is not ("train" or "validation")).Take(2).ToArray();
        // The name says the stage: s1- stage 1, cp- compressed, s2- stage 2.
        var table = new Table().Border(TableBorder.Simple).Title("candidates: * on the front, ! over the budget; flash and RAM (bytes) and latency (ms, high end) are cost-model estimates");
        table.AddColumn(new TableColumn("candidate").NoWrap());
        foreach (string c in new[] { "params", "flash", "RAM", "ms", "val MAE" }.Concat(splits.Select(s => s + " MAE")))
            table.AddColumn(new TableColumn(c).RightAligned().NoWrap());
        table.AddColumn(new TableColumn("").NoWrap());
        foreach (var c in summary.Candidates)
        {
            string mark = (c.OnFront ? "*" : "") + (c.WithinBudget ? "" : "!") + (c.Name == summary.Final?.Name ? " final" : "");
            table.AddRow([Markup.Escape(c.Name), c.Parameters.ToString(Inv), c.FlashBytes.ToString(Inv), c.RamBytes.ToString(Inv),
                c.LatencyMsHigh.ToString("0.000", Inv), Number(c.ValidationMae, "F6"), .. splits.Select(s => Number(c.Mae(s))), mark]);
        }
        return table;
    }

    private static Table Ablation(RunSummary summary)
    {
        var best = summary.BestClassical;
        var table = new Table().Border(TableBorder.Simple)
            .Title("ablation: test MAE of each step");
        table.AddColumn(new TableColumn("split").NoWrap());
        foreach (string c in new[] { "teacher", "best stage 1", "compressed", "dual stage", best.Name })
            table.AddColumn(new TableColumn(Markup.Escape(c)).RightAligned().NoWrap());
        foreach (var r in summary.Ablation)
            table.AddRow(r.Split, Number(r.Teacher), Number(r.BestStage1), Number(r.Compressed), Number(r.DualStage), Number(r.BestClassical));
        return table;
    }

    private static string Number(double? value, string format = "F5") => value is double v ? v.ToString(format, Inv) : "-";
}
