namespace Dlnet.Tests;

/// <summary>
/// Tests that need what a fresh clone lacks (the real data, a browser) are skipped with the reason where
/// it is absent, so the test command passes on a bare machine. <c>DLNET_REQUIRE_ALL=1</c> (set by
/// .ci/run) turns every such skip into a run, so a missing prerequisite fails instead of hiding.
/// </summary>
public static class Prerequisites
{
    public const string Variable = "DLNET_REQUIRE_ALL";

    /// <summary>True when every test must run, whatever is missing.</summary>
    public static bool Required => Environment.GetEnvironmentVariable(Variable) == "1";

    /// <summary>Null (run) when the prerequisite is <paramref name="present"/> or required; else the skip reason.</summary>
    public static string? SkipUnless(bool present, string reason) =>
        present || Required ? null : $"{reason} ({Variable}=1 makes this a failure)";
}
