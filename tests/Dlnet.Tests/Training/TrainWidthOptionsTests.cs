using Dlnet.Cli.Common;
using Dlnet.ModelFiles;
using Dlnet.Tests.Deployment;

namespace Dlnet.Tests.Training;

/// <summary><c>dlnet train --encoder-width --decoder-widths</c>: small students for the microcontroller.</summary>
public sealed class TrainWidthOptionsTests
{
    [Fact]
    public void WidthsReachTheNetworkAndTheModelFile()
    {
        using var folder = new TempFolder();
        var r = Cli.Run("train", "--model", "student", "--hidden", "4", "--rank", "2", "--encoder-width", "6", "--decoder-widths", "5, 7",
            "--epochs", "1", "--threads", "1", "--data", DeploymentFixtures.Csv, "--out", folder.File("m"), "--plain");
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr + r.Stdout);
        var d = ModelFile.ReadDescription(folder.File("m"));
        Assert.Equal(6, d.Options.EncoderWidth);
        Assert.Equal([5, 7], d.Options.DecoderWidths!);
        var network = ModelFile.Load(folder.File("m")).Network;
        Assert.Equal([6, 100], network.Parameters.Find("encoder.0.weight").Shape);
        Assert.Equal([7, 5], network.Parameters.Find("decoder.1.weight").Shape);
        Assert.Equal([100, 7], network.Parameters.Find("decoder.2.weight").Shape);
    }

    [Theory]
    [InlineData("--decoder-widths", "5,x")]
    [InlineData("--decoder-widths", "0")]
    [InlineData("--decoder-widths", ",")]
    [InlineData("--encoder-width", "0")]
    public void BadWidthsAreUsageErrors(string option, string value)
    {
        using var folder = new TempFolder();
        var r = Cli.Run("train", "--model", "student", option, value, "--epochs", "1", "--data", DeploymentFixtures.Csv, "--out", folder.File("m"), "--plain");
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.StartsWith("error:", r.Stderr);
        Assert.False(Directory.Exists(folder.File("m")));
    }

    [Fact]
    public void ArchitecturesWithoutAnEncoderRefuseWidths()
    {
        using var folder = new TempFolder();
        var r = Cli.Run("train", "--model", "lstm", "--decoder-widths", "8", "--epochs", "1", "--data", DeploymentFixtures.Csv, "--out", folder.File("m"), "--plain");
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("encoder or decoder widths", r.Stderr);
    }
}
