using System.Globalization;
using Dlnet.Scoring;
using Spectre.Console;

namespace Dlnet.Cli.Commands;

/// <summary>Rows of an <see cref="EvaluationReport"/> as a console table, one row per predictor and split.</summary>
internal static class EvaluationTable
{
    /// <summary>A Spectre console writing to <paramref name="output"/>: styled on a terminal, plain text otherwise.</summary>
    public static IAnsiConsole ConsoleFor(TextWriter output)
    {
        bool terminal = output == Console.Out && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        // Redirected output reports a narrow width; a table of names and numbers must not wrap.
        console.Profile.Width = Math.Max(console.Profile.Width, 120);
        return console;
    }

    public static void Write(IReadOnlyList<EvaluationRow> rows, TextWriter output)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("predictor").NoWrap());
        table.AddColumn(new TableColumn("split").NoWrap());
        foreach (string column in new[] { "windows", "MAE", "RMSE", "MAPE %", "MAE@10", "MAE@100" })
            table.AddColumn(new TableColumn(column).RightAligned().NoWrap());
        foreach (var r in rows)
        {
            table.AddRow(r.Predictor, r.Split, r.Windows.ToString(CultureInfo.InvariantCulture),
                Number(r.Mae, "F5"), Number(r.Rmse, "F5"), Number(r.Mape, "F3"), Number(r.MaeAt10, "F5"), Number(r.MaeAt100, "F5"));
        }
        ConsoleFor(output).Write(table);
    }

    /// <summary>
    /// One row per predictor, its MAE on each split (windows in brackets) as a column, in the order the rows come; the classical
    /// reference <paramref name="chosen"/>, when there is one, is marked <c>*</c>.
    /// </summary>
    public static void WriteMae(IReadOnlyList<EvaluationRow> rows, TextWriter output, string title, string? chosen)
    {
        string[] splits = [.. rows.Select(r => r.Split).Distinct()];
        var table = new Table().Border(TableBorder.Simple).Title(Markup.Escape(title));
        table.AddColumn(new TableColumn("predictor").NoWrap());
        foreach (string split in splits)
        {
            string windows = rows.First(r => r.Split == split).Windows.ToString(CultureInfo.InvariantCulture);
            table.AddColumn(new TableColumn(Markup.Escape($"{split} ({windows})")).RightAligned().NoWrap());
        }
        table.AddColumn(new TableColumn("").NoWrap());
        foreach (string predictor in rows.Select(r => r.Predictor).Distinct())
        {
            var cells = splits.Select(s => Number(rows.FirstOrDefault(r => r.Predictor == predictor && r.Split == s)?.Mae, "F5"));
            table.AddRow([Markup.Escape(predictor), .. cells, predictor == chosen ? "*" : ""]);
        }
        ConsoleFor(output).Write(table);
    }

    private static string Number(double? value, string format) =>
        value is double v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
}
