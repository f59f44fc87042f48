using System.Numerics;
using Dlnet.Architectures;
using static Dlnet.Architectures.OptionChecks;
using Dlnet.Compression;
using Dlnet.Export.Onnx;
using Dlnet.Int8;
using Dlnet.Nn;
using Dlnet.Nn.Networks;
using Dlnet.Selection;

namespace Dlnet.Zoo;

/// <summary>
/// <c>student</c>: the paper's microcontroller student (<see cref="EulerStudent{T}"/>), the teacher's layout
/// with a few explicit Euler steps and a diagonal plus low-rank coupling. Costed, pruned (the rank stays),
/// trained with fake quantisation, exported to ONNX, and the one architecture the integer engine runs.
/// </summary>
internal sealed class StudentArchitecture
    : IArchitecture, ICostedArchitecture, IPrunableArchitecture, IQuantizationAwareArchitecture, IOnnxArchitecture, IIntegerArchitecture
{
    public string Name => "student";

    public INetwork<T> Create<T>(NetworkOptions o, int inputLength, int horizon) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Window(o, inputLength, horizon);
        Refuse(Name, o, layers: true, hiddenWidths: true);
        return new EulerStudent<T>(new EulerStudentOptions(inputLength, horizon,
            Hidden: Positive(o.Hidden ?? 8, "hidden"), Rank: Positive(o.Rank ?? 4, "rank"), Steps: Positive(o.Steps ?? 1, "steps"),
            StepSize: PositiveReal(o.StepSize ?? 0.1, "dt"), EncoderWidth: Positive(o.EncoderWidth ?? 256, "encoder width"),
            DecoderWidths: Widths(o.DecoderWidths, "decoder widths"), Dropout: Probability(o.Dropout ?? 0.1)));
    }

    public NetworkOptions Describe(INetwork<float> network)
    {
        var student = this.NetworkOf<EulerStudent<float>>(network);
        var s = student.Options;
        return new NetworkOptions
        {
            // The rank in use: the student clamps a rank above its hidden size.
            Hidden = s.Hidden, Rank = student.Ode.Options.Rank, Steps = s.Steps, StepSize = s.StepSize,
            EncoderWidth = s.EncoderWidth, DecoderWidths = s.DecoderWidths ?? [256, 128], Dropout = s.Dropout,
        };
    }

    public void Cost<T>(INetwork<T> network, CostSheet sheet) where T : unmanaged, IFloatingPointIeee754<T> =>
        sheet.EncoderDecoder(this.NetworkOf<EulerStudent<T>>(network));

    public PruningTopology<T> Topology<T>(INetwork<T> network) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var student = this.NetworkOf<EulerStudent<T>>(network);
        return PruningTopology<T>.OfLiquid(student, w => new EulerStudent<T>(student.Options with
        {
            EncoderWidth = w.EncoderWidth, Hidden = w.Hidden, DecoderWidths = w.DecoderWidths,
        }));
    }

    public NetworkOptions Resized(NetworkOptions options, INetwork<float> pruned)
    {
        var s = this.NetworkOf<EulerStudent<float>>(pruned).Options;
        return options with
        {
            EncoderWidth = s.EncoderWidth, Hidden = s.Hidden, DecoderWidths = [.. s.DecoderWidths ?? [256, 128]],
            // The student keeps its rank; the pruner never takes the state below it.
            Rank = options.Rank is int r ? Math.Min(r, s.Hidden) : null,
        };
    }

    public FakeQuantizedLayers FakeQuantized(INetwork<float> network) =>
        FakeQuantizedLayers.OfEulerStudent(this.NetworkOf<EulerStudent<float>>(network));

    public string Emit(OnnxGraphBuilder g, INetwork<float> network, string input) =>
        LiquidGraph.Network(g, this.NetworkOf<EulerStudent<float>>(network), input);

    public StudentGraph Lower(INetwork<float> network) => StudentGraph.OfLiquid(this.NetworkOf<EulerStudent<float>>(network));
}
