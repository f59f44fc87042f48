using System.Runtime.InteropServices;
using Dlnet.Int8;
using Dlnet.Splits;

namespace Dlnet.Firmware;

/// <summary>
/// The windows the generated C is checked on, with what the C# integer engine computes for them, in the file
/// format <c>dlnet_verify.c</c> reads (little-endian): "DLV1", W, H, count, then per window the SOH codes [W],
/// the expected forecast [H], the plain entry point's int8 input [W] and expected int8 output [H].
/// </summary>
internal static class VerificationCases
{
    const int Magic = 0x31564C44; // "DLV1"

    /// <summary>Writes the first <paramref name="limit"/> windows of <paramref name="splits"/> (in order); returns how many were written.</summary>
    public static int Write(string path, QuantizedStudent model, IEnumerable<WindowSet> splits, int limit = int.MaxValue)
    {
        int w = model.InputLength, h = model.Horizon;
        var history = new double[w];
        var soh = new short[w];
        var forecast = new short[h];
        var input = new sbyte[w];
        var output = new sbyte[h];
        var windows = splits.SelectMany(s => Enumerable.Range(0, s.Count).Select(i => (Set: s, Index: i))).Take(limit).ToList();
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(Magic);
        writer.Write(w);
        writer.Write(h);
        writer.Write(windows.Count);
        foreach (var (set, index) in windows)
        {
            set.CopyInputs(index, 1, history);
            for (int t = 0; t < w; t++) soh[t] = SohCodes.Encode(history[t]);
            model.Forecast(soh, forecast);
            model.EncodeInput(soh, input);
            model.Run(input, output);
            writer.Write(MemoryMarshal.AsBytes<short>(soh));
            writer.Write(MemoryMarshal.AsBytes<short>(forecast));
            writer.Write(MemoryMarshal.AsBytes<sbyte>(input));
            writer.Write(MemoryMarshal.AsBytes<sbyte>(output));
        }
        return windows.Count;
    }
}
