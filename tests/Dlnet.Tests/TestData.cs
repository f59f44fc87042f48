namespace Dlnet.Tests;

/// <summary>Where the real MIT-Stanford data is: <c>DLNET_DATA</c>, else <c>../shared/data/mit-stanford-soh</c> above the repository.</summary>
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
}
