using System.Globalization;
using Dlnet.Optimization;
using Spectre.Console;

namespace Dlnet.Cli.Commands;

/// <summary>
/// Shows training as it happens: a live Spectre progress bar on a terminal, or one line per epoch
/// (for logs and redirected output). Reports arrive on the training thread, in epoch order.
/// </summary>
internal static class TrainingProgressView
{
    /// <summary>Runs <paramref name="train"/> with a live display on <paramref name="console"/>.</summary>
    public static T Live<T>(IAnsiConsole console, int epochs, Func<IProgress<EpochReport>, T> train)
    {
        return console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("starting", maxValue: epochs);
                var result = train(new EpochProgress(report =>
                {
                    task.Value = report.Epoch;
                    task.Description = Markup.Escape(Line(report));
                }));
                task.StopTask();
                return result;
            });
    }

    /// <summary>One line per epoch on <paramref name="output"/>.</summary>
    public static IProgress<EpochReport> Plain(TextWriter output) => new EpochProgress(report =>
    {
        output.WriteLine(Line(report));
        output.Flush();
    });

    /// <summary><c>epoch  12/200  loss 0.041234  val MAE 0.004321 *  lr 9.8e-04  1m02s, ~16m left</c>; * marks a new best.</summary>
    public static string Line(EpochReport r)
    {
        var c = CultureInfo.InvariantCulture;
        int width = r.Epochs.ToString(c).Length;
        string mae = double.IsNaN(r.ValidationMae) ? "-" : r.ValidationMae.ToString("F6", c);
        return string.Create(c,
            $"epoch {r.Epoch.ToString(c).PadLeft(width)}/{r.Epochs}  loss {r.TrainLoss:F6}  val MAE {mae}{(r.IsBest ? " *" : "  ")}  lr {r.LearningRate:0.0e+00}  {Duration(r.Elapsed)}, ~{Duration(r.Remaining)} left");
    }

    private static string Duration(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m" :
        t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s" :
        string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.0}s");
}
