using System.Globalization;

namespace Dlnet.Reporting;

/// <summary>How the report writes numbers: errors to three significant digits in plain decimals, never in E notation.</summary>
public static class ReportNumbers
{
    /// <summary><paramref name="value"/> to <paramref name="digits"/> significant digits: 0.000330, 0.00870, 0.0237, 1.23; "-" when undefined.</summary>
    public static string Significant(double? value, int digits = 3)
    {
        if (value is not double v || !double.IsFinite(v)) return "-";
        if (v == 0) return "0";
        int decimals = Math.Max(0, digits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(v))));
        // Rounding can carry into the next decade (0.0009996 -> 0.00100): one decimal fewer then.
        double rounded = Math.Round(v, Math.Min(decimals, 15));
        if (rounded != 0 && (int)Math.Floor(Math.Log10(Math.Abs(rounded))) > (int)Math.Floor(Math.Log10(Math.Abs(v)))) decimals = Math.Max(0, decimals - 1);
        return v.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>A relative change as a signed whole percent: "-62%", "+74%".</summary>
    public static string Percent(double change) =>
        (change >= 0 ? "+" : "\u2212") + Math.Abs(change * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    /// <summary>
    /// Tick labels for an axis whose ticks are <paramref name="spacing"/> apart: every label with the same
    /// number of decimals, enough to tell neighbouring ticks apart.
    /// </summary>
    public static Func<double, string> TickLabels(double spacing)
    {
        int decimals = spacing > 0 && double.IsFinite(spacing) ? Math.Clamp((int)Math.Ceiling(-Math.Log10(spacing) - 1e-9), 0, 10) : 2;
        string format = "F" + decimals.ToString(CultureInfo.InvariantCulture);
        return v => (Math.Abs(v) < spacing * 1e-6 ? 0 : v).ToString(format, CultureInfo.InvariantCulture);
    }
}
