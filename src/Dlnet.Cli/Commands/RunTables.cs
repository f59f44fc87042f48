using System.Globalization;
using Dlnet.Deployment;
using Dlnet.Pipeline;
using RunReport = Dlnet.Reporting.RunReport;
using Spectre.Console;

namespace Dlnet.Cli.Commands;

/// <summary>The outcome of a run on the console: every candidate, the ablation table, the final model, its firmware and report, and where the summary is.</summary>
internal static class RunTables
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(RunSummary summary, string folder, TextWriter output, bool brief)
    {
        var console = EvaluationTable.ConsoleFor(output);
        if (!brief)
        {
            console.Write(Candidates(summary));
            console.Write(Ablation(summary));
        }
        output.WriteLine($"classical reference: {summary.BestClassical.Name}, the best extrapolation on the {summary.BestClassical.ChosenOn} cells");
        if (summary.Final is { } f)
            output.WriteLine($"final model: {f.Name} ({f.Folder}), {f.Int8Bytes.ToString(Inv)} int8 bytes, {f.Macs.ToString(Inv)} MACs");
        if (summary.Deployment is { } d)
            output.WriteLine($"firmware: {Path.Combine(folder, FirmwareStep.FolderName)}: " + Firmware(d));
        string report = Path.Combine(folder, RunReport.FileName);
        if (summary.Final is not null && File.Exists(report)) output.WriteLine($"report: {report}");
        output.WriteLine($"wrote {RunFolder.SummaryFileName} ({summary.ElapsedSeconds.ToString("0.0", Inv)} s)");
    }

    private static string Firmware(DeploymentReport r)
    {
        string Checked(WindowComparison? c, string where) =>
            c is null ? $"not checked {where}" : $"{c.WindowsIdentical.ToString(Inv)} of {c.WindowsCompared.ToString(Inv)} windows bit-exact {where}";
        var parts = new List<string>();
        if (r.FlashBytes is long flash && r.RamBytes is long ram) parts.Add($"{flash.ToString(Inv)} B flash, {ram.ToString(Inv)} B static RAM");
        if (r.LatencyMsAt64Mhz is { } l) parts.Add($"{l.Low.ToString("0.00", Inv)}-{l.High.ToString("0.00", Inv)} ms at 64 MHz (QEMU estimate)");
        parts.Add(Checked(r.BitExact.Host, "on the host"));
        parts.Add(Checked(r.BitExact.Emulator, "under QEMU"));
        return string.Join(", ", parts);
    }

    private static Table Candidates(RunSummary summary)
    {
        // Two report splits at most keep the table within a terminal's width.
        var splits = summary.Teacher.Metrics.Select(m => m.Split).Where(s => s is not ("train" or "validation")).Take(2).ToArray();
        // The name says the stage: s1- stage 1, cp- compressed, s2- stage 2.
        var table = new Table().Border(TableBorder.Simple).Title("candidates: * on the front, ! over the budget; flash and RAM in bytes, latency (ms) at the high end");
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
