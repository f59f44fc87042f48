using System.Reflection;

namespace Dlnet.Tests.Structure;

/// <summary>
/// The folders (namespaces) of the product form layers: no folder uses a folder that uses it back,
/// directly or through others. Read from the compiled assemblies, not from the using lines.
/// </summary>
public class FolderLayeringTests
{
    private static readonly Assembly[] Product =
    [
        typeof(Dlnet.Series.TimeSeries).Assembly,
        typeof(Dlnet.Reporting.ReportStep).Assembly,
        typeof(Dlnet.Cli.CliApp).Assembly,
    ];

    [Fact]
    public void NoFolderUsesAFolderThatUsesItBack()
    {
        var edges = NamespaceGraph.Of(Product, "Dlnet.");
        var cycles = NamespaceGraph.Cycles(edges);
        Assert.True(cycles.Count == 0,
            "namespaces that use each other: " + string.Join("; ", cycles.Select(c => string.Join(" <-> ", c))));
    }

    [Fact]
    public void ArchitecturesSitOnTheNetworksAloneAndTheZooIsUsedByNoFolder()
    {
        var edges = NamespaceGraph.Of(Product, "Dlnet.");
        Assert.All(edges["Dlnet.Architectures"], used => Assert.StartsWith("Dlnet.Nn", used, StringComparison.Ordinal));
        Assert.Empty(edges.Where(e => !e.Key.StartsWith("Dlnet.Zoo", StringComparison.Ordinal) && e.Value.Any(u => u.StartsWith("Dlnet.Zoo", StringComparison.Ordinal))).Select(e => e.Key));
        // The capability folders reach the architectures through the registry, not the other way round.
        foreach (string capability in new[] { "Dlnet.Selection", "Dlnet.Compression", "Dlnet.Int8", "Dlnet.Export.Onnx" })
            Assert.Contains("Dlnet.Architectures", edges[capability]);
    }

    [Fact]
    public void TheGraphSeesDependenciesInMethodBodies()
    {
        // A cycle planted in this test's own namespaces must be found, or the check above proves nothing.
        var edges = NamespaceGraph.Of([typeof(FolderLayeringTests).Assembly], "Dlnet.Tests.Structure.");
        Assert.Contains(NamespaceGraph.Cycles(edges), c => c.SequenceEqual(["Dlnet.Tests.Structure.Lower", "Dlnet.Tests.Structure.Upper"]));
    }

    [Fact]
    public void TheFoldersOfTheDataPathAreTheirNamespaces()
    {
        var namespaces = Product[0].GetTypes().Select(t => t.Namespace).OfType<string>().ToHashSet();
        foreach (var folder in new[] { "Fleet", "Splits", "Scoring", "Baselines", "Nn", "Architectures", "Zoo", "Forecasting",
                     "Optimization", "ModelFiles", "Training", "Compression", "Int8", "Selection", "Firmware", "Pipeline" })
            Assert.Contains("Dlnet." + folder, namespaces);
    }
}
