using System.Numerics;
using Dlnet.Nn;
using Dlnet.Nn.Networks;
using Dlnet.Nn.Recurrent;

namespace Dlnet.Selection;

/// <summary>
/// Counts what a candidate network costs per inference on the microcontroller: parameters, int8 flash
/// bytes, MACs, element-wise ops, kernel calls and peak activation memory (block by block, as listed in
/// <see cref="Int8Footprint"/>), and a latency range from a <see cref="LatencyModel"/>. Counts follow
/// the network's shape, not its values, except <see cref="CandidateCost.NonZeroParameters"/>.
/// </summary>
public static class CostModel
{
    public static CandidateCost Estimate<T>(INetwork<T> network, LatencyModel? latency = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sheet = new CostSheet();
        int steps = 1;
        long macsPerStep;
        switch (network)
        {
            case LiquidEncoderDecoder<T> liquid:
                // The drive u = mean of the window, taken before the encoder while the window is live.
                sheet.Add(elementwise: liquid.InputSize, live: liquid.InputSize);
                foreach (var layer in liquid.Encoder.Layers) sheet.Layer(layer);
                sheet.Liquid(liquid.Ode.Options);
                // x = x_T + r*x0: the int16 x_T and int8 x0 in, an int8 latent out.
                sheet.Add(elementwise: liquid.Hidden, live: 4L * liquid.Hidden);
                foreach (var layer in liquid.Decoder.Layers) sheet.Layer(layer);
                macsPerStep = sheet.Macs;
                break;
            case MlpNetwork<T> mlp:
                int width = mlp.InputSize;
                foreach (int hidden in mlp.Options.HiddenWidths)
                {
                    sheet.Dense(width, hidden);
                    sheet.Activation(mlp.Options.Activation, hidden);
                    width = hidden;
                }
                sheet.Dense(width, mlp.OutputSize);
                macsPerStep = sheet.Macs;
                break;
            case RecurrentNetwork<T> recurrent:
                steps = recurrent.Steps;
                macsPerStep = Recurrent(sheet, recurrent);
                break;
            default:
                throw new NotSupportedException($"no cost model for the '{network.Architecture}' architecture");
        }

        long nonZero = 0;
        foreach (T v in network.Parameters.Values) if (v != T.Zero) nonZero++;
        return new CandidateCost(network.Architecture, network.Parameters.Count, nonZero, sheet.Bytes, sheet.Macs,
            sheet.Elementwise, sheet.Lookups, sheet.Calls, sheet.PeakLive, steps, macsPerStep,
            (latency ?? LatencyModel.CortexM4F64MHz).Estimate(sheet.Macs, sheet.Elementwise, sheet.Calls));
    }

    /// <summary>
    /// Every cell over every step, then the head. Weights: matrices int8 with per-row requantisation,
    /// vectors int32; sigmoid/tanh tables of 256 bytes. Per step and cell of h units:
    /// LSTM 4h(in+h) MACs, 5h lookups (three gates, g, tanh c), 4h requantisations and 3h for the cell
    /// and output updates; GRU 3h(in+h) MACs, 3h lookups, 6h requantisations, 3h updates; CfC its
    /// backbone and head products, a LeCun tanh per backbone unit, tanh/tanh/sigmoid heads (pure: one
    /// exp per unit) and 3h updates; LTC per unfold three MACs and one sigmoid per recurrent synapse and
    /// one update per neuron, the sensory synapses once per step. Live: the window and, per cell, its
    /// int8 output, int16 memory and int16 gate (or int32 sum) buffers. Returns the cells' MACs per step.
    /// </summary>
    private static long Recurrent<T>(CostSheet sheet, RecurrentNetwork<T> network) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var store = network.Parameters;
        foreach (var tensor in store.Tensors)
            sheet.Add(tensor.Shape.Length == 2
                ? tensor.Length + (long)tensor.Shape[0] * Int8Footprint.RequantBytes
                : 4L * tensor.Length, calls: 0);

        int steps = network.Steps;
        long macsPerStep = 0, live = network.InputSize;
        foreach (var cell in network.Layers)
        {
            long h = cell.StateSize, x = cell.InputSize;
            long macs, lookups, other, calls, tables, cellLive;
            switch (cell)
            {
                case LstmCell<T>:
                    (macs, lookups, other, calls, tables, cellLive) = (4 * h * (x + h), 5 * h, 7 * h, 3, 3, h + 2 * h + 8 * h);
                    break;
                case GruCell<T>:
                    (macs, lookups, other, calls, tables, cellLive) = (3 * h * (x + h), 3 * h, 9 * h, 3, 2, h + 12 * h);
                    break;
                case CfcCell<T> cfc:
                {
                    long units = cfc.BackboneUnits, layers = cfc.BackboneLayers;
                    long heads = cfc.Mode == CfcMode.Pure ? h : 4 * h;
                    long backbone = layers == 0 ? 0 : (x + h) * units + (layers - 1) * units * units;
                    macs = backbone + heads * units;
                    lookups = layers * units + (cfc.Mode == CfcMode.Pure ? h : 3 * h);
                    other = layers * units + heads + 3 * h;
                    (calls, tables) = (layers + 2, 4);
                    cellLive = (x + h) + 2 * units + 2 * heads;
                    break;
                }
                case LtcCell<T> ltc:
                {
                    long n = ltc.Wiring.Neurons, unfolds = ltc.Unfolds;
                    long recurrent = ltc.Wiring.RecurrentSynapses, sensory = ltc.Wiring.SensorySynapses;
                    macs = 3 * sensory + unfolds * 3 * recurrent;
                    lookups = sensory + unfolds * recurrent;
                    other = x + unfolds * n + ltc.Wiring.Motor;
                    (calls, tables) = (2 * unfolds + 2, 1);
                    cellLive = 2 * 2 * n + 2 * 4 * n + 2 * 4 * n;
                    break;
                }
                default:
                    throw new NotSupportedException($"no cost model for the recurrent cell {cell.GetType().Name}");
            }
            sheet.Add(tables * Int8Footprint.Int8TableBytes, steps * macs, steps * (lookups + other), steps * lookups, steps * calls, 0);
            macsPerStep += macs;
            live += cellLive;
        }
        sheet.Add(live: live, calls: 0);
        long readout = network.ReadoutSize, outputs = network.OutputSize;
        // Head: its bytes are already in the tensor walk above; only its work and buffers here.
        sheet.Add(macs: readout * outputs, elementwise: outputs, live: readout + outputs);
        return macsPerStep;
    }
}
