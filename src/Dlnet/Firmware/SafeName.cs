using System.Text;
using Dlnet.IO;

namespace Dlnet.Firmware;

/// <summary>
/// A string from outside the generator (a model file, a folder name, a data file) cleared to appear in generated
/// C, the sketch and the firmware README: 1 to <see cref="MaxLength"/> of the characters <c>A-Z a-z 0-9 _ . -</c>.
/// Nothing else can close a comment, splice a line (<c>\</c> or the trigraph <c>??/</c>), open a string or start a
/// directive, so generated files take outside text only as this type; numbers are formatted by the generator.
/// </summary>
public sealed class SafeName
{
    public const int MaxLength = 64;

    const string Allowed = "letters, digits, '_', '.' and '-'";

    SafeName(string value) => Value = value;

    public string Value { get; }

    public override string ToString() => Value;

    public static bool IsSafe(string? value) =>
        value is { Length: > 0 and <= MaxLength } && value.All(IsSafe);

    /// <summary>The value as it is, or a refusal naming the file and field it came from.</summary>
    /// <exception cref="DataFormatException">The value holds anything but the allowed characters, or is empty or too long.</exception>
    public static SafeName Require(string? value, string file, string field)
    {
        if (IsSafe(value)) return new SafeName(value!);
        string problem = value is null or { Length: 0 } ? "is empty"
            : value.Any(c => !IsSafe(c)) ? $"holds {Describe(value.First(c => !IsSafe(c)))}"
            : $"has {value.Length} characters (at most {MaxLength})";
        throw new DataFormatException(file, null,
            $"{field} {Quote(value ?? "")} {problem}; it is written into the generated C, so it may hold only {Allowed}");
    }

    /// <summary>
    /// The value with every other character replaced by '_' and cut to <see cref="MaxLength"/>, for text that only
    /// labels (a folder name, a split tag): what it names stays recognisable and nothing else gets through.
    /// </summary>
    public static SafeName Neutralise(string? value)
    {
        if (string.IsNullOrEmpty(value)) return new SafeName("_");
        var s = new StringBuilder(Math.Min(value.Length, MaxLength));
        foreach (char c in value.Take(MaxLength)) s.Append(IsSafe(c) ? c : '_');
        return new SafeName(s.ToString());
    }

    static bool IsSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';

    static string Describe(char c) => c is > ' ' and <= '~' ? $"the character '{c}'" : c == ' ' ? "a space" : $"the character U+{(int)c:X4}";

    /// <summary>The value quoted for an error message on one line: anything but printable ASCII as \uXXXX, long values cut.</summary>
    static string Quote(string value)
    {
        const int shown = 40;
        var s = new StringBuilder("'");
        foreach (char c in value.Take(shown)) s.Append(c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}");
        return s.Append(value.Length > shown ? "...'" : "'").ToString();
    }
}
