namespace Dlnet.Compression;

/// <summary>The widths structured pruning sets in a liquid encoder-decoder (teacher or student).</summary>
/// <param name="EncoderWidth">The first encoder layer (<c>encoder.0</c>).</param>
/// <param name="Hidden">The liquid state (<c>ode</c>).</param>
/// <param name="DecoderWidths">The hidden decoder layers (<c>decoder.0</c>, <c>decoder.1</c>, ...).</param>
public sealed record LiquidWidths(int EncoderWidth, int Hidden, int[] DecoderWidths);
