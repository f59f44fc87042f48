using System.Text.RegularExpressions;
using Dlnet.Architectures;
using Dlnet.Firmware;
using Dlnet.Forecasting;
using Dlnet.Int8;
using Dlnet.ModelFiles;
using Dlnet.Pipeline;
using Dlnet.Selection;
using Dlnet.Splits;
using Dlnet.Tests.Deployment;

namespace Dlnet.Tests.Costs;

/// <summary>
/// The flash selection counts for a student's constants is what the generated C defines: the sum over the arrays
/// declared in model_data.h, for every output form, one and two Euler steps, one and two decoder blocks, odd widths,
/// a line base and the running median.
/// </summary>
public sealed partial class StudentFootprintTests : IDisposable
{
    readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    static readonly Dictionary<string, int> ElementBytes = new() { ["int8_t"] = 1, ["uint8_t"] = 1, ["int16_t"] = 2, ["int32_t"] = 4, ["int64_t"] = 8 };

    [GeneratedRegex(@"^extern const (u?int(?:8|16|32|64)_t) \w+\[(\d+)\];$", RegexOptions.Multiline)]
    private static partial Regex ArrayDeclaration();

    [Theory]
    [InlineData(OutputForm.Residual, 8, 4, 2, new[] { 8 }, 1, null)]
    [InlineData(OutputForm.Residual, 7, 5, 3, new[] { 5, 9 }, 2, 5)]
    [InlineData(OutputForm.Delta, 9, 3, 2, new[] { 6 }, 1, 3)]
    [InlineData(OutputForm.MinMax, 6, 4, 4, new[] { 7, 4 }, 1, null)]
    public void TheFootprintIsTheGeneratedConstants(OutputForm form, int encoder, int hidden, int rank, int[] decoder, int steps, int? median)
    {
        string dir = _folder.File($"{form}-{steps}-{decoder.Length}");
        DeploymentFixtures.TrainStudent(dir, new NetworkOptions { EncoderWidth = encoder, Hidden = hidden, Rank = rank, DecoderWidths = decoder, Steps = steps }, form, epochs: 1, medianWidth: median);
        var model = ModelFile.Load(dir);
        var description = ModelFile.ReadDescription(dir);
        var quantized = StudentQuantizer.Quantize(model, WindowArrays.From(DeploymentFixtures.Splits.Train));
        string header = new ModelSourceGenerator(quantized, ModelProvenance.From(dir, description)).Files()["model_data.h"];

        var arrays = ArrayDeclaration().Matches(header);
        Assert.True(arrays.Count > 20, $"only {arrays.Count} arrays declared: the pattern no longer matches the header");
        long generated = arrays.Sum(m => (long)ElementBytes[m.Groups[1].Value] * long.Parse(m.Groups[2].Value));
        Assert.Equal(generated, StudentFootprint.Of(model.Network, model.Encoding)?.Constants);
    }

    [Fact]
    public void ALineBaseKeepsThreeAnchors()
    {
        string dir = _folder.File("line");
        DeploymentFixtures.TrainStudent(dir, new NetworkOptions { EncoderWidth = 8, Hidden = 4, Rank = 2, DecoderWidths = [8] }, epochs: 1);
        var model = ModelFile.Load(dir);
        var e = model.Encoding;
        var line = new WindowEncoding(e.Form, e.InputLength, e.Horizon, e.Offset, e.InputScale, e.OutputScale, e.TailLength, 1, e.MedianWidth);
        Assert.Equal(StudentFootprint.Of(model.Network, e), StudentFootprint.Of(model.Network, line));
    }

    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(5, FrontEndCost.Median5CodeBytes, 1)]
    [InlineData(0, 0, 2)]
    public void SelectionCountsTheStudentsConstantsAndTheCode(int median, int medianCode, int decoderBlocks)
    {
        string dir = _folder.File($"costed-{median}-{decoderBlocks}");
        DeploymentFixtures.TrainStudent(dir, new NetworkOptions { EncoderWidth = 8, Hidden = 4, Rank = 2, DecoderWidths = [.. Enumerable.Repeat(8, decoderBlocks)] },
            epochs: 1, medianWidth: median);
        var model = ModelFile.Load(dir);
        Assert.Equal(median, model.Encoding.MedianWidth);
        var budget = new BudgetConfig();
        var cost = DeploymentCost.Of(model.Network, budget, model.Encoding);
        long blockCode = (decoderBlocks - 1) * StudentFootprint.DecoderBlockCodeBytes;
        Assert.Equal(StudentFootprint.Of(model.Network, model.Encoding)!.Value.Constants + budget.CodeBytes + medianCode + blockCode, cost.FlashBytes);
        Assert.Equal(cost.FlashBytes - budget.CodeBytes - medianCode - blockCode, cost.ConstantBytes);
        // Without the encoding there is no base to count: the cost model's generic footprint stands in.
        Assert.Equal(cost.Cost.Int8WeightBytes + budget.CodeBytes, DeploymentCost.Of(model.Network, budget).FlashBytes);
    }
}
