using System.Globalization;
using System.Text;

namespace Dlnet.Firmware;

/// <summary>
/// Appends C99 text: constant arrays with their exact integer values (so the generated model and the C# engine
/// hold the same bits), macros and comments. Output is deterministic: the same model gives the same file.
/// </summary>
internal sealed class CSourceWriter
{
    const int ValuesPerLine = 16;
    readonly StringBuilder _text = new();

    public CSourceWriter Line(string line = "")
    {
        _text.Append(line).Append('\n');
        return this;
    }

    /// <summary>A block comment of one or more lines.</summary>
    public CSourceWriter Comment(params string[] lines)
    {
        foreach (string l in lines) CheckCommentText(l);
        if (lines.Length == 1) return Line($"/* {lines[0]} */");
        Line("/*");
        foreach (string l in lines) Line(l.Length == 0 ? " *" : " * " + l);
        return Line(" */");
    }

    public CSourceWriter Define(string name, long value, string? comment = null) =>
        Line($"#define {name} {(value < 0 ? $"({Literal(value)})" : Literal(value))}" + TrailingComment(comment));

    public CSourceWriter Define(string name, double value, string? comment = null)
    {
        if (!double.IsFinite(value)) throw new InvalidOperationException($"{name} is {value}, which C has no literal for");
        return Line($"#define {name} {value.ToString("R", CultureInfo.InvariantCulture)}" + TrailingComment(comment));
    }

    static string TrailingComment(string? comment) => comment is null ? "" : $" /* {CheckCommentText(comment)} */";

    /// <summary>
    /// The last guard before text lands in a comment: printable ASCII without a comment end, a backslash (which
    /// splices the next line in) or a trigraph. Outside text reaches here only as a <see cref="SafeName"/>, so
    /// a failure is a bug of the generator.
    /// </summary>
    internal static string CheckCommentText(string text)
    {
        if (text.Any(c => c is < ' ' or > '~' or '\\') || text.Contains("*/", StringComparison.Ordinal) || text.Contains("/*", StringComparison.Ordinal)
            || text.Contains("??", StringComparison.Ordinal))
            throw new InvalidOperationException($"comment text '{text}' could change the meaning of the generated C");
        return text;
    }

    /// <summary><c>const type name[n] = {...};</c> (<paramref name="storage"/> "static" for file scope, "" for external linkage).</summary>
    public CSourceWriter Array<T>(string type, string name, ReadOnlySpan<T> values, string storage = "") where T : struct, IConvertible
    {
        string prefix = storage.Length == 0 ? "" : storage + " ";
        _text.Append($"{prefix}const {type} {name}[{Math.Max(values.Length, 1)}] = {{");
        if (values.Length == 0)
        {
            _text.Append("0};\n"); // C99 has no empty arrays; the length passed alongside is 0
            return this;
        }
        for (int i = 0; i < values.Length; i++)
        {
            if (i % ValuesPerLine == 0) _text.Append("\n    ");
            _text.Append(Literal(values[i].ToInt64(CultureInfo.InvariantCulture), type == "int64_t"));
            if (i + 1 < values.Length) _text.Append(i % ValuesPerLine == ValuesPerLine - 1 ? "," : ", ");
        }
        _text.Append("\n};\n");
        return this;
    }

    /// <summary><c>extern const type name[n];</c></summary>
    public CSourceWriter Extern(string type, string name, int length) => Line($"extern const {type} {name}[{Math.Max(length, 1)}];");

    /// <summary>
    /// An integer literal valid in C99 for its type: INT32_MIN and INT64_MIN are not literals (the minus applies
    /// to a number that does not fit), so they are written as expressions; 64-bit values use INT64_C.
    /// </summary>
    public static string Literal(long value, bool wide = false)
    {
        if (wide || value < int.MinValue || value > int.MaxValue)
            return value == long.MinValue ? "(INT64_C(-9223372036854775807) - 1)" : $"INT64_C({value.ToString(CultureInfo.InvariantCulture)})";
        return value == int.MinValue ? "(-2147483647 - 1)" : value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A double literal: round-trip digits, always with a decimal point or an exponent, so that C reads a double.</summary>
    public static string Literal(double value)
    {
        if (!double.IsFinite(value)) throw new InvalidOperationException($"{value} has no C literal");
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }

    public override string ToString() => _text.ToString();
}
