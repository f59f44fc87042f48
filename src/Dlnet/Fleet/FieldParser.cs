using System.Globalization;

namespace Dlnet.Fleet;

/// <summary>Turns one field of a data file into a number, or into an error that says where and why.</summary>
internal static class FieldParser
{
    /// <summary>
    /// A name (cell id, tag value) as text. Bytes that are not UTF-8 decode to U+FFFD, which would turn one
    /// cell into another that no metadata row names; they are refused at the line instead.
    /// </summary>
    public static ReadOnlySpan<char> Name(ReadOnlySpan<char> text, string what, DataLocation at)
    {
        if (text.Contains('\uFFFD'))
            throw at.Error($"{what} holds bytes that are not UTF-8 text: save the file as UTF-8");
        return text;
    }

    /// <summary>A cycle number: a whole number, 0 or more ("12" or "12.0", as some exporters write it).</summary>
    public static int Cycle(ReadOnlySpan<char> text, DataLocation at)
    {
        text = text.Trim();
        if (text.IsEmpty) throw at.Error("empty cycle value");
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int cycle)
            || (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
                && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue && (cycle = (int)d) == d))
        {
            if (cycle < 0) throw at.Error($"cycle {cycle} is negative: cycles count from 0 or 1");
            return cycle;
        }
        throw at.Error($"cycle '{Shown(text)}' is not a whole number");
    }

    /// <summary>A finite number in invariant notation ('.' as the decimal point).</summary>
    public static double Number(ReadOnlySpan<char> text, string column, DataLocation at)
    {
        text = text.Trim();
        if (text.IsEmpty) throw at.Error($"empty {column} value: fill it or remove the row");
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            string hint = text.Contains(',') ? " (use '.' as the decimal point)" : "";
            throw at.Error($"{column} value '{Shown(text)}' is not a number{hint}");
        }
        return Finite(value, text.ToString(), column, at);
    }

    /// <summary>A field as an error message quotes it: cut short when long, so that the message stays readable.</summary>
    public static string Shown(ReadOnlySpan<char> text) =>
        text.Length <= MaxShown ? text.ToString() : string.Concat(text[..MaxShown], "...");

    private const int MaxShown = 40;

    /// <summary>Rejects NaN and infinities, which a parser accepts but no series can use.</summary>
    public static double Finite(double value, string text, string column, DataLocation at)
    {
        if (double.IsNaN(value)) throw at.Error($"{column} value '{text}' is NaN: remove the row or fill in the value");
        if (double.IsInfinity(value)) throw at.Error($"{column} value '{text}' is infinite");
        return value;
    }
}
