using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Dlnet.Cli.Common;

/// <summary>
/// Numeric option values: read in invariant notation and held to the option's documented range (docs/cli.md,
/// "Limits") while the command line is parsed, so that a bad value stops the command before any data is read,
/// with one line naming the option, the value and what it takes: <c>--threads: 100000 is not between 1 and 256</c>,
/// <c>--seed: 'x' is not a whole number</c>.
/// </summary>
public static class OptionValues
{
    private static readonly ConditionalWeakTable<Option, string> Ranges = new();

    /// <summary>Whole numbers from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Option<int> Between(this Option<int> option, int min, int max)
    {
        option.CustomParser = r => WholeNumber(r, min, max) ?? default;
        return Register(option, Describe(min, max));
    }

    /// <inheritdoc cref="Between(Option{int}, int, int)"/>
    public static Option<int?> Between(this Option<int?> option, int min, int max)
    {
        option.CustomParser = r => WholeNumber(r, min, max);
        return Register(option, Describe(min, max));
    }

    /// <summary>Finite numbers from <paramref name="low"/> to <paramref name="high"/>, each end excluded when its flag says so.</summary>
    public static Option<double> Within(this Option<double> option, double low, double high, bool excludeLow = false, bool excludeHigh = false)
    {
        var range = new Interval(low, high, excludeLow, excludeHigh);
        option.CustomParser = r => Number(r, range) ?? default;
        return Register(option, range.ToString());
    }

    /// <inheritdoc cref="Within(Option{double}, double, double, bool, bool)"/>
    public static Option<double?> Within(this Option<double?> option, double low, double high, bool excludeLow = false, bool excludeHigh = false)
    {
        var range = new Interval(low, high, excludeLow, excludeHigh);
        option.CustomParser = r => Number(r, range);
        return Register(option, range.ToString());
    }

    /// <summary>The values <paramref name="option"/> takes, as docs/cli.md lists them; null for an option that is not a number.</summary>
    public static string? RangeOf(Option option) => Ranges.TryGetValue(option, out string? range) ? range : null;

    /// <summary>
    /// Gives every numeric option under <paramref name="command"/> that has no range yet the whole range of its
    /// type (seeds take any whole number), so that no value fails with the parser's own wording.
    /// </summary>
    public static void Install(Command command)
    {
        foreach (var option in command.Options)
        {
            if (RangeOf(option) is not null) continue;
            switch (option)
            {
                case Option<int> o: o.Between(int.MinValue, int.MaxValue); break;
                case Option<int?> o: o.Between(int.MinValue, int.MaxValue); break;
                case Option<double> o: o.Within(double.MinValue, double.MaxValue); break;
                case Option<double?> o: o.Within(double.MinValue, double.MaxValue); break;
            }
        }
        foreach (var sub in command.Subcommands) Install(sub);
    }

    private static T Register<T>(T option, string range) where T : Option
    {
        Ranges.AddOrUpdate(option, range);
        return option;
    }

    private static string Describe(int min, int max) =>
        (min, max) == (int.MinValue, int.MaxValue) ? "any whole number" : $"{min} to {max}";

    private static int? WholeNumber(ArgumentResult result, int min, int max)
    {
        if (result.Tokens.Count == 0) return null;
        string text = result.Tokens[0].Value;
        string name = OptionName(result);
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            // Digits too many for 64 bits are still a whole number, just far out of range.
            bool digits = text.TrimStart('-', '+').Length > 0 && text.TrimStart('-', '+').All(char.IsAsciiDigit);
            result.AddError(digits ? $"{name}: {text} is not between {min} and {max}" : $"{name}: '{text}' is not a whole number");
            return null;
        }
        if (value < min || value > max)
        {
            result.AddError($"{name}: {text} is not between {min} and {max}");
            return null;
        }
        return (int)value;
    }

    private static double? Number(ArgumentResult result, Interval range)
    {
        if (result.Tokens.Count == 0) return null;
        string text = result.Tokens[0].Value;
        string name = OptionName(result);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            string hint = text.Contains(',') ? " (use '.' as the decimal point)" : "";
            result.AddError($"{name}: '{text}' is not a number{hint}");
            return null;
        }
        if (!double.IsFinite(value))
        {
            result.AddError($"{name}: '{text}' is not a finite number");
            return null;
        }
        if (!range.Contains(value))
        {
            result.AddError($"{name}: {text} is not in {range}");
            return null;
        }
        return value;
    }

    private static string OptionName(ArgumentResult result) =>
        result.Parent is OptionResult o ? o.Option.Name : result.Argument.Name;

    /// <summary>An interval of the real line, written as in mathematics: <c>[0, 1)</c>, <c>(0, 10]</c>.</summary>
    private readonly record struct Interval(double Low, double High, bool ExcludeLow, bool ExcludeHigh)
    {
        public bool Contains(double x) =>
            (ExcludeLow ? x > Low : x >= Low) && (ExcludeHigh ? x < High : x <= High);

        public override string ToString() => (Low, High) == (double.MinValue, double.MaxValue)
            ? "any number"
            : $"{(ExcludeLow ? '(' : '[')}{N(Low)}, {N(High)}{(ExcludeHigh ? ')' : ']')}";

        private static string N(double x) => x.ToString("0.######", CultureInfo.InvariantCulture);
    }
}
