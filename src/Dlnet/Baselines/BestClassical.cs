using Dlnet.Forecasting;
using Dlnet.Scoring;
using Dlnet.Splits;

namespace Dlnet.Baselines;

/// <summary>
/// The classical family scored on a protocol's splits, and the member every model is compared with: the
/// one of lowest MAE on <see cref="ChosenOn"/>.
/// </summary>
/// <param name="Chosen">Name of the chosen member.</param>
/// <param name="ChosenOn">The split it was chosen on: <c>validation</c>, or <c>train</c> when the protocol holds no validation windows.</param>
/// <param name="Rows">Every member on every split scored, in family order, then split order.</param>
public sealed record ClassicalReference(string Chosen, string ChosenOn, IReadOnlyList<EvaluationRow> Rows)
{
    /// <summary>The choice as the run summary and the JSON reports record it.</summary>
    public ClassicalChoice Choice => new(Chosen, ChosenOn);

    /// <summary>The chosen member's rows, one per split.</summary>
    public IReadOnlyList<EvaluationRow> ChosenRows => [.. Rows.Where(r => r.Predictor == Chosen)];

    /// <summary>The chosen member's MAE on <paramref name="split"/>, or null when that split was not scored.</summary>
    public double? Mae(string split) => Rows.FirstOrDefault(r => r.Predictor == Chosen && r.Split == split)?.Mae;
}

/// <summary>
/// Decides which classical extrapolation is the reference, for every comparison the project makes (run
/// summary, ablation, report, firmware record, console tables): the member of <see cref="BaselineFactory.Family"/>
/// of lowest MAE on the validation cells. Never the report cells: on noisy data the best extrapolation
/// changes (a quadratic through 50 values on smoothed series, one through 100 on measured ones), and
/// choosing it on test would flatter the reference as much as choosing a model on test flatters the model.
/// </summary>
public static class BestClassical
{
    /// <summary>The split the reference is chosen on.</summary>
    public const string ChosenOn = "validation";

    /// <summary>Where it is chosen when the protocol holds no validation windows: the classical fits learn nothing from them.</summary>
    public const string Fallback = "train";

    /// <summary>MAEs closer than this are rounding apart (exact fits differ by 1e-17), not better or worse.</summary>
    public const double Tie = 1e-12;

    /// <summary>
    /// Scores the family on the validation and report splits of <paramref name="splits"/> (and on train when
    /// validation is empty, to choose on) and chooses the reference.
    /// </summary>
    /// <exception cref="ArgumentException">Neither validation nor train holds a window to choose on.</exception>
    public static ClassicalReference Score(ProtocolSplits splits, IReadOnlyList<IForecaster>? family = null)
    {
        family ??= BaselineFactory.CreateFamily(splits.Train.InputLength, splits.Train.Horizon);
        var scored = splits.Validation.Count > 0
            ? [splits.Validation, .. splits.Reports]
            : new[] { splits.Train, splits.Validation }.Concat(splits.Reports).ToArray();
        var rows = family.SelectMany(f => scored.Select(s => EvaluationRow.From(Evaluator.Evaluate(f, s)))).ToArray();
        return Choose(rows);
    }

    /// <summary>
    /// The reference among scored rows: lowest MAE on validation, else on train when no validation window was
    /// scored; ties (within <see cref="Tie"/>) go to the member listed first (the simpler extrapolation, in family order).
    /// </summary>
    /// <exception cref="ArgumentException">No row of validation or train has an MAE.</exception>
    public static ClassicalReference Choose(IReadOnlyList<EvaluationRow> rows)
    {
        foreach (string split in new[] { ChosenOn, Fallback })
        {
            var scored = rows.Where(r => r.Split == split && r.Windows > 0 && r.Mae is not null).ToArray();
            if (scored.Length == 0) continue;
            double least = scored.Min(r => r.Mae!.Value);
            var first = scored.First(r => r.Mae!.Value <= least + Tie);
            return new ClassicalReference(first.Predictor, split, rows);
        }
        throw new ArgumentException($"no classical extrapolation was scored on a {ChosenOn} or {Fallback} window, so none can be chosen", nameof(rows));
    }
}
