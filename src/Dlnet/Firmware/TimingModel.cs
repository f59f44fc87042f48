using System.Text.RegularExpressions;
using System.Globalization;

namespace Dlnet.Firmware;

/// <summary>
/// Costs a QEMU instruction trace with the Cortex-M4 table. The program marks what to time by calling
/// <see cref="BeginMarker"/> before and <see cref="EndMarker"/> after it; every instruction executed in between,
/// except those of <c>main</c> and the markers, is costed and attributed to the function holding it.
/// </summary>
internal static class TimingModel
{
    public const string BeginMarker = "dlnet_timing_begin";
    public const string EndMarker = "dlnet_timing_end";

    /// <summary>Costs the executed addresses <paramref name="trace"/> (in order) against <paramref name="code"/>.</summary>
    /// <exception cref="InvalidOperationException">An address outside the disassembly, no marked region, or unbalanced markers.</exception>
    public static CycleCount Cost(IEnumerable<uint> trace, ArmDisassembly code, MemoryAssumption memory, double clockHz)
    {
        uint begin = code.EntryOf(BeginMarker) ?? throw new InvalidOperationException($"the program has no {BeginMarker} function to mark the timed region");
        uint end = code.EntryOf(EndMarker) ?? throw new InvalidOperationException($"the program has no {EndMarker} function to mark the timed region");
        var perFunction = new Dictionary<string, (long Instructions, CycleRange Cycles)>(StringComparer.Ordinal);
        var perCaller = new Dictionary<string, (long Instructions, CycleRange Cycles)>(StringComparer.Ordinal);
        var unclassified = new SortedSet<string>(StringComparer.Ordinal);
        var callers = new Stack<string>();
        string owner = "other";
        int windows = 0;
        bool inside = false;
        ArmInstruction? last = null, previous = null;

        // Runs when the address after `i` is known: costs it (taken or not) and follows calls and returns, so that the
        // runtime's shared helpers, C library and compiler support code (64-bit division, memcpy) are also charged to the
        // kernel that called them.
        void Step(ArmInstruction i, uint next)
        {
            bool taken = next != i.Address + (uint)i.Size;
            if (i.Function is not ("main" or BeginMarker or EndMarker))
            {
                var cycles = CortexM4Cycles.Of(i, previous, taken, memory);
                if (!CortexM4Cycles.Knows(i.Operation)) unclassified.Add(i.Operation);
                Add(perFunction, i.Function, cycles);
                Add(perCaller, ChargedToCaller(i.Function) ? owner : i.Function, cycles);
            }
            previous = i;
            if (i.Operation is "bl" or "blx")
            {
                callers.Push(owner);
                string callee = code.At(next)?.Function ?? "";
                if (!ChargedToCaller(callee)) owner = callee;
            }
            else if (taken && IsReturn(i) && callers.Count > 0) owner = callers.Pop();
        }

        foreach (uint pc in trace)
        {
            var instruction = code.At(pc) ?? throw new InvalidOperationException($"the trace executed 0x{pc:x8}, which the disassembly does not hold");
            if (last is not null) { Step(last, pc); last = null; }
            if (pc == begin)
            {
                if (inside) throw new InvalidOperationException($"{BeginMarker} called twice without {EndMarker}");
                inside = true;
                windows++;
                callers.Clear();
                owner = "other";
                previous = null;
                continue;
            }
            if (pc == end)
            {
                if (!inside) throw new InvalidOperationException($"{EndMarker} called before {BeginMarker}");
                inside = false;
                continue;
            }
            if (inside) last = instruction;
            else previous = instruction;
        }
        if (inside) throw new InvalidOperationException($"the trace ended inside the timed region ({EndMarker} never reached)");
        if (windows == 0) throw new InvalidOperationException($"the trace never reached {BeginMarker}");

        var total = perFunction.Values.Aggregate(default(CycleRange), (a, f) => a + f.Cycles) * (1.0 / windows);
        long instructions = perFunction.Values.Sum(f => f.Instructions);
        var breakdown = perFunction
            .Select(f => new FunctionCycles(f.Key, KindOf(f.Key), Per(f.Value.Instructions, windows),
                Round(f.Value.Cycles.Value / windows), Round(f.Value.Cycles.Low / windows), Round(f.Value.Cycles.High / windows)))
            .OrderByDescending(f => f.Cycles).ThenBy(f => f.Function, StringComparer.Ordinal).ToList();
        var byCaller = perCaller
            .Select(f => new FunctionCycles(f.Key, KindOf(f.Key), Per(f.Value.Instructions, windows),
                Round(f.Value.Cycles.Value / windows), Round(f.Value.Cycles.Low / windows), Round(f.Value.Cycles.High / windows)))
            .OrderByDescending(f => f.Cycles).ThenBy(f => f.Function, StringComparer.Ordinal).ToList();
        var assumptions = new List<string>
        {
            "Cortex-M4 TRM (Arm DDI 0439) table 3-1 at zero wait states; loads 2 cycles, 1 pipelined after a load; STR 1; LDM/STM 1+N; multiplies and MACs 1",
            "taken branch 1+P with P = 2 (range 1-3); SDIV/UDIV 7 (range 2-12); IT 1 (0 when folded)",
            $"memory: code from the nRF52840's instruction cache at zero wait states; up to {memory.LoadWaitStatesHigh.ToString(CultureInfo.InvariantCulture)} wait states per load from flash in the upper bound",
        };
        if (unclassified.Count > 0) assumptions.Add("counted at 1 cycle, not in the table: " + string.Join(", ", unclassified));
        double ms = 1e3 / clockHz;
        return new CycleCount(Round(total.Value), Round(total.Low), Round(total.High), Per(instructions, windows), windows, clockHz,
            new TimeRange(Math.Round(total.Value * ms, 4), Math.Round(total.Low * ms, 4), Math.Round(total.High * ms, 4)), breakdown, byCaller, assumptions);
    }

    static void Add(Dictionary<string, (long Instructions, CycleRange Cycles)> sums, string key, CycleRange cycles)
    {
        var (n, c) = sums.GetValueOrDefault(key);
        sums[key] = (n + 1, c + cycles);
    }

    /// <summary>A return: BX LR, or a POP, LDM or LDR that loads the PC.</summary>
    static bool IsReturn(ArmInstruction i) =>
        (i.Operation == "bx" && i.Operands.Trim() == "lr") || (i.Operation is "pop" or "ldm" or "ldmia" or "ldmfd" or "ldr" && i.WritesPc);

    /// <summary>
    /// Kernels are the runtime's entry points (the functions <c>dlnet_runtime.h</c> declares); <c>dlnet_model_*</c> is the
    /// generated model; the runtime's other functions (its inner loops and shared fixed-point helpers) are helpers; the
    /// rest is C library and compiler support.
    /// </summary>
    public static string KindOf(string function) =>
        function.StartsWith("dlnet_model_", StringComparison.Ordinal) ? "model"
        : RuntimeKernels.Value.Contains(function) ? "kernel"
        : function.StartsWith("dlnet_", StringComparison.Ordinal) ? "helper"
        : "other";

    static bool ChargedToCaller(string function) => KindOf(function) is "helper" or "other";

    static readonly Lazy<HashSet<string>> RuntimeKernels = new(() =>
    [
        .. EmbeddedSources.Runtime().Where(f => f.Name == "dlnet_runtime.h")
            .SelectMany(f => Regex.Matches(f.Text, @"\bdlnet_status\s+(dlnet_\w+)\s*\(").Select(m => m.Groups[1].Value)),
    ]);

    static long Round(double v) => (long)Math.Round(v, MidpointRounding.AwayFromZero);

    static long Per(long n, int windows) => (long)Math.Round((double)n / windows, MidpointRounding.AwayFromZero);
}
