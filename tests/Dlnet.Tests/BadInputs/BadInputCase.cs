namespace Dlnet.Tests.BadInputs;

/// <summary>One row of the bad-input corpus manifest (cases.tsv, whose header comment says what each column holds).</summary>
public sealed record BadInputCase(string Id, int Exit, IReadOnlyList<string> Arguments, IReadOnlyList<string> Message)
{
    public const string ManifestName = "cases.tsv";

    /// <summary>The cases of a manifest, skipping blank lines and # comments.</summary>
    public static IReadOnlyList<BadInputCase> Read(string path) =>
        File.ReadLines(path)
            .Select((line, index) => (Line: line.TrimEnd('\r'), Number: index + 1))
            .Where(l => l.Line.Length > 0 && !l.Line.StartsWith('#'))
            .Select(l => Parse(l.Line, l.Number))
            .ToArray();

    private static BadInputCase Parse(string line, int number)
    {
        string[] columns = line.Split('\t');
        if (columns.Length != 4 || !int.TryParse(columns[1], out int exit))
            throw new FormatException($"{ManifestName}:{number}: expected id, exit, command and message separated by tabs");
        return new BadInputCase(columns[0], exit, columns[2].Split(' ', StringSplitOptions.RemoveEmptyEntries), columns[3].Split('|'));
    }
}
