namespace Dlnet.Tests;

/// <summary>
/// Where the real MIT-Stanford data is: <c>DLNET_DATA</c> when it is set (and then nowhere else), else
/// <c>../shared/data/mit-stanford-soh</c> beside the repository (the measured
/// series of the same cells in <c>mit-stanford-raw</c> beside it). A fresh clone has neither: the tests
/// that need it are marked <see cref="RealDataFactAttribute"/> and skip (see <see cref="Prerequisites"/>).
/// </summary>
public static class TestData
{
    public const string Variable = "DLNET_DATA";

    public static string? MitStanford
    {
        get
        {
            string? env = Environment.GetEnvironmentVariable(Variable);
            if (!string.IsNullOrEmpty(env)) return HoldsData(env) ? Path.GetFullPath(env) : null;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "..", "shared", "data", "mit-stanford-soh");
                if (File.Exists(Path.Combine(dir.FullName, "Dlnet.slnx")) && HoldsData(candidate))
                    return Path.GetFullPath(candidate);
            }
            return null;
        }
    }

    /// <summary>Why a test of the real data cannot run here, or null when it can (or must: <see cref="Prerequisites.Required"/>).</summary>
    public static string? SkipReason => Prerequisites.SkipUnless(MitStanford is not null,
        $"the MIT-Stanford data is not here: set {Variable} or place ../shared/data/mit-stanford-soh beside the repository");

    /// <summary>The real data folder; fails the test when it is absent (a test that can skip is marked <see cref="RealDataFactAttribute"/>).</summary>
    public static string RequireMitStanford() =>
        MitStanford ?? throw new InvalidOperationException($"real data not found: set {Variable} or place ../shared/data/mit-stanford-soh beside the repository");

    /// <summary>The measured series of the same cells, beside the smoothed ones; fails the test when absent.</summary>
    public static string RequireMitStanfordRaw()
    {
        string raw = Path.GetFullPath(Path.Combine(RequireMitStanford(), "..", "mit-stanford-raw"));
        return Directory.Exists(raw) ? raw : throw new InvalidOperationException($"measured data not found: expected {raw} beside the smoothed data");
    }

    private static bool HoldsData(string folder) => File.Exists(Path.Combine(folder, "cells.csv"));
}

/// <summary>A fact about the real data: skipped with the reason where the data is absent.</summary>
public sealed class RealDataFactAttribute : FactAttribute
{
    public RealDataFactAttribute() => Skip = TestData.SkipReason;
}

/// <summary>A theory about the real data: skipped with the reason where the data is absent.</summary>
public sealed class RealDataTheoryAttribute : TheoryAttribute
{
    public RealDataTheoryAttribute() => Skip = TestData.SkipReason;
}
