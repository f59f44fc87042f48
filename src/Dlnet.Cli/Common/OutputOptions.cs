using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using Dlnet.IO;

namespace Dlnet.Cli.Common;

/// <summary>
/// <c>--quiet</c> and <c>--json [file]</c> for commands that print results: quiet prints nothing but
/// errors; <c>--json</c> alone prints the results as JSON on standard output (and nothing else there),
/// <c>--json file</c> writes them to the file (atomically) and prints as usual.
/// </summary>
public sealed class OutputOptions
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "Print nothing but errors." };

    public Option<string?> JsonFile { get; } = new Option<string?>("--json")
    {
        Description = "Results as JSON: on standard output when no file is given (instead of the text), else also written to the file.",
        Arity = ArgumentArity.ZeroOrOne,
        HelpName = "file",
    }.WritesFile();

    public void AddTo(Command command)
    {
        command.Options.Add(Quiet);
        command.Options.Add(JsonFile);
    }

    /// <summary>True when the text output (tables, messages) should be printed.</summary>
    public bool PrintsText(ParseResult parseResult) => !parseResult.GetValue(Quiet) && !JsonToStdout(parseResult);

    /// <summary>True when <c>--json</c> was given without a file.</summary>
    public bool JsonToStdout(ParseResult parseResult) =>
        parseResult.GetResult(JsonFile) is OptionResult { Implicit: false } && parseResult.GetValue(JsonFile) is null;

    /// <summary>Writes <paramref name="results"/> where <c>--json</c> asked for them (nowhere when it was not given).</summary>
    public void WriteJson(ParseResult parseResult, object results) =>
        WriteJsonText(parseResult, JsonSerializer.Serialize(results, results.GetType(), Json));

    /// <summary>
    /// Writes <paramref name="json"/>, results already in the command's own JSON form (such as deploy.json), where
    /// <c>--json</c> asked for them; returns the file written, or null.
    /// </summary>
    public string? WriteJsonText(ParseResult parseResult, string json)
    {
        if (parseResult.GetResult(JsonFile) is not OptionResult { Implicit: false }) return null;
        if (parseResult.GetValue(JsonFile) is string path)
        {
            AtomicFile.WriteAllText(path, json.TrimEnd() + "\n");
            return path;
        }
        parseResult.InvocationConfiguration.Output.WriteLine(json.TrimEnd());
        return null;
    }
}
