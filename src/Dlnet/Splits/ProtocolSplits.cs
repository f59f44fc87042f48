using Dlnet.IO;

namespace Dlnet.Splits;

/// <summary>
/// What an evaluation protocol produces: windows to fit on (<see cref="Train"/>), windows to choose
/// checkpoints and settings on (<see cref="Validation"/>), the splits that results are reported on
/// (<see cref="Reports"/>), and the scaler fitted on the training windows.
/// </summary>
public sealed class ProtocolSplits
{
    public ProtocolSplits(string protocol, WindowSet train, WindowSet validation, IReadOnlyList<WindowSet> reports, MinMaxScaler scaler)
    {
        Protocol = protocol;
        Train = train;
        Validation = validation;
        Reports = reports;
        Scaler = scaler;
        var names = All.Select(s => s.Name).ToArray();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
            throw new ArgumentException($"split names must be unique: {string.Join(", ", names)}", nameof(reports));
    }

    /// <summary><c>cells</c> or <c>paper</c>.</summary>
    public string Protocol { get; }

    public WindowSet Train { get; }

    public WindowSet Validation { get; }

    /// <summary>Splits reported on, in a fixed order (for example <c>test1</c>, <c>test2</c>, <c>paper16</c>, <c>paper16_test</c>).</summary>
    public IReadOnlyList<WindowSet> Reports { get; }

    /// <summary>Fitted on <see cref="Train"/> only.</summary>
    public MinMaxScaler Scaler { get; }

    /// <summary>Train, validation, then the report splits.</summary>
    public IEnumerable<WindowSet> All => new[] { Train, Validation }.Concat(Reports);

    /// <summary>
    /// Refuses splits without validation windows: training stops early and keeps its best epoch by the
    /// validation MAE, and the pipeline chooses models by it, so without them neither means anything.
    /// </summary>
    /// <exception cref="DataFormatException">No validation window; the message says why and what data would do.</exception>
    public void RequireValidation()
    {
        if (Validation.Count > 0) return;
        var series = Train.Series;
        int heldOut = Validation.SeriesIndices.Count;
        string why = Protocol != CellsProtocol.Name
            ? $"each series gives a fifth of its windows to test and a fifth of the rest to validation, and {Train.SeriesIndices.Count} series with {Train.Count} training windows leave none: give longer series or more of them"
            : heldOut > 0
                ? $"its {heldOut} validation cell(s) ({string.Join(", ", Validation.SeriesIndices.Take(5).Select(i => series[i].Id))}) yield no window of {Train.InputLength + Train.Horizon} cycles within the SOH range: give longer cells or more of them"
                : series.Splits.Count > 0
                    ? $"a fifth of the cells tagged train is held out whole for validation, and {Train.SeriesIndices.Count} cell(s) tagged train leave none: tag at least 2 cells train"
                    : $"cells without split tags are split 60/20/20 at random into train, validation and test, and {series.Count} cell(s) leave no validation cell: give at least 3 cells, or tag them train and test";
        throw new DataFormatException(series.Source, null, $"the {Protocol} protocol leaves no validation windows, which training needs to stop early and to choose models: {why}");
    }

    /// <summary>The split of that name.</summary>
    public WindowSet this[string name] =>
        All.FirstOrDefault(s => s.Name == name) ?? throw new KeyNotFoundException($"no split '{name}' (have: {string.Join(", ", All.Select(s => s.Name))})");
}
