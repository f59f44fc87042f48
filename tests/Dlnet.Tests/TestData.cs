namespace Dlnet.Tests;

/// <summary>
/// Where the real MIT-Stanford data is: <c>DLNET_DATA</c>, else <c>../shared/data/mit-stanford-soh</c> above the repository;
/// the measured (unsmoothed) series are in <c>mit-stanford-raw</c> beside it.
/// </summary>
public static class TestData
{
    public static string? MitStanford
    {
        get
        {
            string? env = Environment.GetEnvironmentVariable("DLNET_DATA");
            if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "..", "shared", "data", "mit-stanford-soh");
                if (File.Exists(Path.Combine(dir.FullName, "Dlnet.slnx")) && Directory.Exists(candidate))
                    return Path.GetFullPath(candidate);
            }
            return null;
        }
    }

    /// <summary>The real data folder; fails the test (not skips) when it is absent, since CI always has it.</summary>
    public static string RequireMitStanford() =>
        MitStanford ?? throw new InvalidOperationException("real data not found: set DLNET_DATA or place ../shared/data/mit-stanford-soh beside the repository");

    /// <summary>The measured series of the same cells, beside the smoothed ones; fails the test when absent.</summary>
    public static string RequireMitStanfordRaw()
    {
        string raw = Path.GetFullPath(Path.Combine(RequireMitStanford(), "..", "mit-stanford-raw"));
        return Directory.Exists(raw) ? raw : throw new InvalidOperationException($"measured data not found: expected {raw} beside the smoothed data");
    }
}
