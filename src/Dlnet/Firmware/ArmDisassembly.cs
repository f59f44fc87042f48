using System.Globalization;
using System.Text.RegularExpressions;

namespace Dlnet.Firmware;

/// <summary>The instructions of an ELF by address, from one <c>arm-none-eabi-objdump -d</c>, each with the function it lies in.</summary>
internal sealed partial class ArmDisassembly
{
    readonly Dictionary<uint, ArmInstruction> _byAddress;

    ArmDisassembly(Dictionary<uint, ArmInstruction> byAddress) => _byAddress = byAddress;

    public int Count => _byAddress.Count;

    /// <summary>The instruction at <paramref name="address"/>, or null where the disassembly has none.</summary>
    public ArmInstruction? At(uint address) => _byAddress.GetValueOrDefault(address);

    /// <summary>The entry address of <paramref name="function"/>, or null when the ELF has no such symbol.</summary>
    public uint? EntryOf(string function) =>
        _byAddress.Values.Where(i => i.Function == function).Select(i => (uint?)i.Address).Min();

    /// <summary>Disassembles <paramref name="elf"/> with <paramref name="objdump"/>.</summary>
    public static ArmDisassembly Of(string objdump, string elf, string workingDirectory, TimeSpan timeout)
    {
        var r = ToolProcess.Run(objdump, ["-d", "-M", "reg-names-std", elf], workingDirectory, timeout);
        if (r.ExitCode != 0) throw new InvalidOperationException($"{Path.GetFileName(objdump)} could not disassemble {Path.GetFileName(elf)}:\n{r.Output.Trim()}");
        return Parse(r.Output);
    }

    /// <summary>Reads objdump's listing: <c>00000100 &lt;name&gt;:</c> opens a function, <c> 10e:\tfb02 4403 \tmla\tr4, r2, r3, r4</c>
/// is an instruction (its halfwords give its size).</summary>
    public static ArmDisassembly Parse(string listing)
    {
        var byAddress = new Dictionary<uint, ArmInstruction>();
        string function = "";
        foreach (string raw in listing.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            var header = FunctionHeader().Match(line);
            if (header.Success) { function = header.Groups["name"].Value; continue; }
            var m = InstructionLine().Match(line);
            if (!m.Success) continue;
            string mnemonic = m.Groups["mnemonic"].Value;
            if (mnemonic.StartsWith('.')) continue; // literal pools: .word, .short
            uint address = uint.Parse(m.Groups["address"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            string operands = m.Groups["operands"].Value;
            int comment = operands.IndexOf('@', StringComparison.Ordinal);
            if (comment >= 0) operands = operands[..comment];
            var (operation, sets, condition) = ArmInstruction.Split(mnemonic, CortexM4Cycles.Operations);
            int size = m.Groups["raw"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Sum(h => h.Length / 2);
            byAddress[address] = new ArmInstruction(address, size, operation, sets, condition, operands.Trim(), function);
        }
        return new ArmDisassembly(byAddress);
    }

    [GeneratedRegex(@"^[0-9a-fA-F]+ <(?<name>[^>]+)>:$")]
    private static partial Regex FunctionHeader();

    [GeneratedRegex(@"^\s*(?<address>[0-9a-fA-F]+):\t(?<raw>[0-9a-fA-F]+(?: [0-9a-fA-F]+)*)\s*\t(?<mnemonic>[a-zA-Z.][a-zA-Z0-9.]*)(?:\s+(?<operands>.*))?$")]
    private static partial Regex InstructionLine();
}
