using Dlnet.Scoring;
using Dlnet.Splits;

namespace Dlnet.Pipeline;

/// <summary>
/// The ablation table of a run: what each step of the method gives on each report split. The chain is the
/// final model's: its compressed candidate (the pruned network before stage 2) and its stage-2 candidate
/// (after distilling again); when the final front prefers a compressed candidate to its own stage-2
/// version, the table still shows both. The best stage-1 student is the one of lowest validation MAE; the
/// classical reference is the extrapolation <see cref="Baselines.BestClassical"/> chose on the validation cells.
/// </summary>
public static class Ablation
{
    public static IReadOnlyList<AblationRow> Rows(ProtocolSplits splits, IReadOnlyList<EvaluationRow> teacher, IReadOnlyList<EvaluationRow> bestClassical,
        IReadOnlyList<CandidateRecord> stage1, IReadOnlyList<CandidateRecord> all, CandidateRecord? final)
    {
        var best = stage1.Where(c => c.ValidationMae is not null).OrderBy(c => c.ValidationMae).FirstOrDefault();
        CandidateRecord? compressed = null, dual = null;
        if (final is not null)
        {
            if (final.Stage == CandidateStages.Stage2)
            {
                dual = final;
                compressed = all.FirstOrDefault(c => c.Name == final.Parent);
            }
            else
            {
                compressed = final;
                dual = all.FirstOrDefault(c => c.Stage == CandidateStages.Stage2 && c.Parent == final.Name);
            }
        }
        static double? Mae(IReadOnlyList<EvaluationRow> rows, string split) => rows.FirstOrDefault(r => r.Split == split)?.Mae;
        return [.. splits.Reports.Select(s => new AblationRow(s.Name, Mae(teacher, s.Name), best?.Mae(s.Name),
            compressed?.Mae(s.Name), dual?.Mae(s.Name), Mae(bestClassical, s.Name)))];
    }
}
