using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Dlnet.Cli.Common;

/// <summary>
/// The examples shown at the end of <c>dlnet --help</c> and of each command's help, and the exit codes on
/// the root's help. Kept in one table, keyed by the command's path, so the command-line reference and the
/// help cannot drift apart command by command.
/// </summary>
public static class HelpExamples
{
    /// <summary>Examples by command path (<c>""</c> for the root, <c>"data synth"</c> for a subcommand).</summary>
    public static IReadOnlyDictionary<string, string[]> ByCommand { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [""] =
        [
            "dlnet run --preset quick --out runs/quick",
            "dlnet data inspect ../shared/data/mit-stanford-soh",
            "dlnet baseline",
            "dlnet train --model student --epochs 40 --out runs/student",
            "dlnet predict --model runs/student --input my_cells.csv",
        ],
        ["data"] = ["dlnet data inspect cells.csv", "dlnet data synth --cells 48 --out data/fleet.csv", "dlnet data artefacts raw.csv --smoothed smooth.csv"],
        ["data inspect"] = ["dlnet data inspect ../shared/data/mit-stanford-soh", "dlnet data inspect cells.csv --json inspect.json"],
        ["data synth"] = ["dlnet data synth --out data/fleet.csv", "dlnet data synth --cells 200 --seed 7 --artefacts none --out data/smooth.csv"],
        ["data artefacts"] = ["dlnet data artefacts ../shared/data/mit-stanford-raw --smoothed ../shared/data/mit-stanford-soh"],
        ["baseline"] = ["dlnet baseline", "dlnet baseline --data ../shared/data/mit-stanford-soh --protocol paper --json baselines.json"],
        ["train"] =
        [
            "dlnet train --model student --hidden 8 --rank 4 --epochs 40 --out runs/student",
            "dlnet train --model teacher --data ../shared/data/mit-stanford-soh --out runs/teacher --seed 2",
        ],
        ["eval"] =
        [
            "dlnet eval --model runs/student",
            "dlnet eval --model runs/student --data ../shared/data/mit-stanford-soh --json eval.json",
            "dlnet eval --model runs/paper/candidates/s2-student-h4-r4-e8-d16-p20 --int8 --data new-fleet.csv --training-data ../shared/data/mit-stanford-soh",
        ],
        ["report"] = ["dlnet report --run runs/quick", "dlnet report --run runs/paper --data ../shared/data/mit-stanford-soh --pareto-split test1"],
        ["predict"] =
        [
            "dlnet predict --model runs/student --input my_cells.csv",
            "dlnet predict --model runs/student --input my_cells.csv --out forecasts.csv",
            "dlnet predict --model runs/student --input my_cells.csv --json",
            "dlnet predict --model runs/student --input my_cells.csv --int8",
        ],
        ["export"] = ["dlnet export --model runs/student --format onnx --out student.onnx"],
        ["run"] =
        [
            "dlnet run --preset quick --out runs/quick",
            "dlnet run --preset paper --data ../shared/data/mit-stanford-soh --out runs/paper",
            "dlnet run --config configs/paper-protocol.json --data ../shared/data/mit-stanford-soh --out runs/paper-protocol",
            "dlnet run --preset paper --data /shared/mit-stanford-soh --threads 4 --out /shared/runs/paper --shard 1/4",
        ],
        ["deploy"] =
        [
            "dlnet deploy --model runs/student --out firmware",
            "dlnet deploy --model runs/paper/candidates/s2-student-h16-r4-e12-d16x16-p60 --data ../shared/data/mit-stanford-soh --out firmware",
        ],
        ["adapt"] =
        [
            "dlnet adapt --run runs/paper --data ../shared/data/mit-stanford-raw --adapt-cells 5 --out runs/paper-raw",
            "dlnet adapt --run runs/paper --data ../shared/data/mit-stanford-raw --cells Bat002,Bat005,Bat011 --out runs/paper-raw",
            "dlnet adapt --model runs/student --data new_fleet.csv --out runs/student-adapted",
        ],
    };

    /// <summary>Makes the help of <paramref name="root"/> and all its commands end with their examples (and, for the root, the exit codes).</summary>
    public static void Install(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        if (help.Action is HelpAction standard) help.Action = new WithExamples(standard, root);
    }

    /// <summary>The path of <paramref name="command"/> below the root: <c>""</c>, <c>"eval"</c>, <c>"data synth"</c>.</summary>
    public static string PathOf(Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null and not RootCommand; c = c.Parents.OfType<Command>().FirstOrDefault())
            names.Insert(0, c.Name);
        return string.Join(' ', names);
    }

    private static void WriteExamples(Command command, RootCommand root, TextWriter output)
    {
        if (ByCommand.TryGetValue(PathOf(command), out var examples))
        {
            output.WriteLine("Examples:");
            foreach (string example in examples) output.WriteLine("  " + example);
            output.WriteLine();
        }
        if (command != root) return;
        output.WriteLine("Exit codes:");
        foreach (var (code, meaning) in ExitCodes.Meanings) output.WriteLine($"  {code,-4} {meaning}");
        output.WriteLine();
    }

    /// <summary>The standard help, then the examples section.</summary>
    private sealed class WithExamples(HelpAction standard, RootCommand root) : SynchronousCommandLineAction
    {
        // Help must print even when required options are missing, as the standard action does.
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            int code = standard.Invoke(parseResult);
            WriteExamples(parseResult.CommandResult.Command, root, parseResult.InvocationConfiguration.Output);
            return code;
        }
    }
}
