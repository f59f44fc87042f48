namespace Dlnet.Tests.Native;

/// <summary>
/// The committed kernel vectors (runtime/tests/kernel_cases.bin) cannot drift from the C# twins: every expectation in
/// them is what the twin computes today, and the generator reproduces the file byte for byte. After a deliberate change
/// of a twin or of the generator, rewrite the file with
/// <c>DLNET_WRITE_KERNEL_VECTORS=1 dotnet test --filter GeneratorWritesTheCommittedVectors</c>.
/// </summary>
public sealed class KernelVectorTests
{
    [Fact]
    public void CommittedExpectationsAreWhatTheTwinsCompute()
    {
        var cases = KernelCaseWriter.Read(NativeToolchain.CommittedCases);
        for (int i = 0; i < cases.Count; i++)
        {
            var (c, stored) = cases[i];
            Assert.True(SameValues(stored, c.Expected()), $"case {i} ({c.Op}): the committed expectation is not what the C# twin computes");
        }
        Assert.Equal(Enum.GetValues<KernelOp>().Order(), cases.Select(c => c.Case.Op).Distinct().Order());
    }

    [Fact]
    public void GeneratorWritesTheCommittedVectors()
    {
        using var generated = new MemoryStream();
        KernelCaseWriter.Write(generated, KernelCases.Committed());
        if (Environment.GetEnvironmentVariable("DLNET_WRITE_KERNEL_VECTORS") == "1")
            File.WriteAllBytes(NativeToolchain.CommittedCases, generated.ToArray());
        Assert.True(generated.ToArray().AsSpan().SequenceEqual(File.ReadAllBytes(NativeToolchain.CommittedCases)),
            "runtime/tests/kernel_cases.bin is not what KernelCases.Committed() writes: rewrite it (see KernelVectorTests)");
    }

    static bool SameValues(Array a, Array b) => a.GetType() == b.GetType() && a.Length == b.Length &&
        Enumerable.Range(0, a.Length).All(i => Equals(a.GetValue(i), b.GetValue(i)));
}
