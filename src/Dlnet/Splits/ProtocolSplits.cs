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

    /// <summary>The split of that name.</summary>
    public WindowSet this[string name] =>
        All.FirstOrDefault(s => s.Name == name) ?? throw new KeyNotFoundException($"no split '{name}' (have: {string.Join(", ", All.Select(s => s.Name))})");
}
