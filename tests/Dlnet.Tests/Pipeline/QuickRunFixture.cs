using Dlnet.Cli;
using Dlnet.Cli.Common;

namespace Dlnet.Tests.Pipeline;

/// <summary>
/// The README's main job, run once for the tests that read its outcome: <c>dlnet run --preset quick</c> on the
/// built-in fleet into a temporary folder, with what it printed.
/// </summary>
public sealed class QuickRunFixture : IDisposable
{
    private readonly TempFolder _temp = new();

    public QuickRunFixture()
    {
        Folder = _temp.File("quick");
        Result = Tests.Cli.Run("run", "--preset", "quick", "--out", Folder, "--plain");
    }

    public string Folder { get; }

    public Tests.Cli.Result Result { get; }

    /// <summary>Fails the calling test with what the run printed unless it succeeded.</summary>
    public void AssertSucceeded() => Assert.True(Result.ExitCode == ExitCodes.Success, Result.Stderr + Result.Stdout);

    public void Dispose() => _temp.Dispose();
}

[CollectionDefinition(Name)]
public sealed class QuickRunCollection : ICollectionFixture<QuickRunFixture>
{
    public const string Name = "quick run";
}
