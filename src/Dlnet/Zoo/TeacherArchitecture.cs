using System.Numerics;
using Dlnet.Architectures;
using static Dlnet.Architectures.OptionChecks;
using Dlnet.Compression;
using Dlnet.Export.Onnx;
using Dlnet.Int8;
using Dlnet.Nn;
using Dlnet.Nn.Liquid;
using Dlnet.Nn.Networks;
using Dlnet.Selection;

namespace Dlnet.Zoo;

/// <summary>
/// <c>teacher</c>: the paper's teacher (<see cref="PaperTeacher{T}"/>), a dense liquid block between an MLP
/// encoder and decoder, 155,749 parameters at the published sizes. Costed, pruned (first encoder layer,
/// liquid state, hidden decoder layers), trained with fake quantisation and exported to ONNX; its dense
/// coupling has no integer form.
/// </summary>
internal sealed class TeacherArchitecture : IArchitecture, ICostedArchitecture, IPrunableArchitecture, IQuantizationAwareArchitecture, IOnnxArchitecture
{
    public string Name => "teacher";

    public INetwork<T> Create<T>(NetworkOptions o, int inputLength, int horizon) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Window(o, inputLength, horizon);
        Refuse(Name, o, rank: true, layers: true, stepSize: true, hiddenWidths: true);
        return new PaperTeacher<T>(new PaperTeacherOptions(inputLength, horizon,
            EncoderWidth: Positive(o.EncoderWidth ?? 256, "encoder width"), Hidden: Positive(o.Hidden ?? 128, "hidden"),
            DecoderWidths: Widths(o.DecoderWidths, "decoder widths"), Dropout: Probability(o.Dropout ?? 0.1),
            Steps: Positive(o.Steps ?? 9, "steps")));
    }

    public NetworkOptions Describe(INetwork<float> network)
    {
        var t = this.NetworkOf<PaperTeacher<float>>(network).Options;
        if (t.Solver != OdeSolver.Euler)
            throw new ArgumentException($"a teacher solved with {t.Solver} has no options form (the options build Euler teachers)", nameof(network));
        return new NetworkOptions
        {
            Hidden = t.Hidden, Steps = t.Steps, EncoderWidth = t.EncoderWidth,
            DecoderWidths = t.DecoderWidths ?? [256, 128], Dropout = t.Dropout,
        };
    }

    public void Cost<T>(INetwork<T> network, CostSheet sheet) where T : unmanaged, IFloatingPointIeee754<T> =>
        sheet.EncoderDecoder(this.NetworkOf<PaperTeacher<T>>(network));

    public PruningTopology<T> Topology<T>(INetwork<T> network) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var teacher = this.NetworkOf<PaperTeacher<T>>(network);
        return PruningTopology<T>.OfLiquid(teacher, w => new PaperTeacher<T>(teacher.Options with
        {
            EncoderWidth = w.EncoderWidth, Hidden = w.Hidden, DecoderWidths = w.DecoderWidths,
        }));
    }

    public NetworkOptions Resized(NetworkOptions options, INetwork<float> pruned)
    {
        var t = this.NetworkOf<PaperTeacher<float>>(pruned).Options;
        return options with { EncoderWidth = t.EncoderWidth, Hidden = t.Hidden, DecoderWidths = [.. t.DecoderWidths ?? [256, 128]] };
    }

    public FakeQuantizedLayers FakeQuantized(INetwork<float> network) =>
        FakeQuantizedLayers.OfLiquid(this.NetworkOf<PaperTeacher<float>>(network));

    public string Emit(OnnxGraphBuilder g, INetwork<float> network, string input) =>
        LiquidGraph.Network(g, this.NetworkOf<PaperTeacher<float>>(network), input);
}
