using System.Numerics;
using Dlnet.Architectures;
using static Dlnet.Architectures.OptionChecks;
using Dlnet.Export.Onnx;
using Dlnet.Nn;
using Dlnet.Nn.Recurrent;
using Dlnet.Selection;

namespace Dlnet.Zoo;

/// <summary>
/// <c>cfc</c>: a closed-form continuous-time cell over the window and a linear head
/// (<see cref="CfcNetwork{T}"/>), 32 units with one backbone layer of 32 by default. Costed and exported
/// to ONNX (one step as the body of a Scan).
/// </summary>
internal sealed class CfcArchitecture : IArchitecture, ICostedArchitecture, IOnnxArchitecture
{
    private const int BackboneUnits = 32, BackboneLayers = 1;

    public string Name => "cfc";

    public INetwork<T> Create<T>(NetworkOptions o, int inputLength, int horizon) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Window(o, inputLength, horizon);
        Refuse(Name, o, rank: true, layers: true, dropout: true, stepSize: true, steps: true, encoder: true, hiddenWidths: true);
        return new CfcNetwork<T>(inputLength, horizon, Positive(o.Hidden ?? 32, "hidden"), CfcMode.Default, BackboneUnits, BackboneLayers);
    }

    public NetworkOptions Describe(INetwork<float> network)
    {
        var cfc = this.NetworkOf<CfcNetwork<float>>(network);
        var cell = cfc.Cell;
        if (cfc.Features != 1 || cell.Mode != CfcMode.Default || cell.BackboneUnits != BackboneUnits || cell.BackboneLayers != BackboneLayers || cell.TimeStep != 1.0)
            throw new ArgumentException("a cfc other than the default mode, backbone, time step and one feature per step has no options form", nameof(network));
        return new NetworkOptions { Hidden = cfc.HiddenSize };
    }

    /// <summary>
    /// Per step: the backbone's and the heads' products, a LeCun tanh per backbone unit, tanh/tanh/sigmoid
    /// heads (pure: one exp per unit) and 3h updates; four tables; live: the int8 [x, h] and two bytes per
    /// backbone unit and head row.
    /// </summary>
    public void Cost<T>(INetwork<T> network, CostSheet sheet) where T : unmanaged, IFloatingPointIeee754<T> =>
        sheet.Recurrent(this.NetworkOf<CfcNetwork<T>>(network), layer =>
        {
            var cfc = (CfcCell<T>)layer;
            long h = cfc.StateSize, x = cfc.InputSize;
            long units = cfc.BackboneUnits, layers = cfc.BackboneLayers;
            long heads = cfc.Mode == CfcMode.Pure ? h : 4 * h;
            long backbone = layers == 0 ? 0 : (x + h) * units + (layers - 1) * units * units;
            return new CellCost(
                Macs: backbone + heads * units,
                Lookups: layers * units + (cfc.Mode == CfcMode.Pure ? h : 3 * h),
                Other: layers * units + heads + 3 * h,
                Calls: layers + 2, Tables: 4,
                Live: (x + h) + 2 * units + 2 * heads);
        });

    public string Emit(OnnxGraphBuilder g, INetwork<float> network, string input)
    {
        var cfc = this.NetworkOf<CfcNetwork<float>>(network);
        return RecurrentGraph.Head(g, cfc,
            CfcGraph.Readout(g, cfc.Parameters, cfc.Cell, RecurrentGraph.Sequence(g, cfc, input), g.Zeros(input, cfc.Cell.StateSize)));
    }
}
