using System.Text.RegularExpressions;

namespace Dlnet.Firmware;

/// <summary>
/// One Thumb-2 instruction as <c>arm-none-eabi-objdump -d</c> prints it: address, size, the mnemonic split into its
/// operation, flag-setting suffix and condition, the operands, and the function (symbol) it belongs to.
/// </summary>
internal sealed partial record ArmInstruction(uint Address, int Size, string Operation, bool SetsFlags, string? Condition, string Operands, string Function)
{
    static readonly string[] Conditions = ["eq", "ne", "cs", "hs", "cc", "lo", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le", "al"];

    /// <summary>Operations that take an <c>s</c> suffix (data processing); branches and loads never do, which keeps <c>bls</c> a branch.</summary>
    static readonly HashSet<string> FlagSetting =
    [
        "mov", "mvn", "neg", "add", "adc", "sub", "sbc", "rsb", "and", "orr", "orn", "eor", "bic", "lsl", "lsr", "asr", "ror", "rrx",
        "mul", "mla", "smull", "umull", "smlal", "umlal",
    ];

    /// <summary>Splits an objdump mnemonic (<c>adds.w</c>, <c>ldrbeq</c>, <c>bls.n</c>) into operation, <c>s</c> and condition.</summary>
    public static (string Operation, bool SetsFlags, string? Condition) Split(string mnemonic, IReadOnlySet<string> operations)
    {
        string m = mnemonic.ToLowerInvariant();
        int dot = m.IndexOf('.', StringComparison.Ordinal);
        // .n/.w are encodings; .f32/.s32 (VFP types) stay part of the operation's name only for the lookup below.
        string stem = dot >= 0 && (m[dot..] is ".n" or ".w") ? m[..dot] : (dot >= 0 ? m[..dot] : m);
        if (operations.Contains(stem)) return (stem, false, null);
        foreach (string c in Conditions)
        {
            if (!stem.EndsWith(c, StringComparison.Ordinal)) continue;
            string rest = stem[..^c.Length];
            if (operations.Contains(rest)) return (rest, false, c);
            if (rest.EndsWith('s') && FlagSetting.Contains(rest[..^1])) return (rest[..^1], true, c);
        }
        if (stem.EndsWith('s') && FlagSetting.Contains(stem[..^1])) return (stem[..^1], true, null);
        return (stem, false, null);
    }

    /// <summary>Registers named in the operands, in order (r0-r12, sp, lr, pc; s/d VFP registers are left out).</summary>
    public static IEnumerable<string> Registers(string text) => Register().Matches(text).Select(m => m.Value);

    /// <summary>The registers before the memory operand: a load's destinations, a store's sources.</summary>
    public IReadOnlyList<string> TransferRegisters
    {
        get
        {
            int bracket = Operands.IndexOf('[', StringComparison.Ordinal);
            return [.. Registers(bracket < 0 ? Operands : Operands[..bracket])];
        }
    }

    /// <summary>Registers inside the memory operand's brackets: those that form the address.</summary>
    public IReadOnlyList<string> AddressRegisters
    {
        get
        {
            int open = Operands.IndexOf('[', StringComparison.Ordinal), close = Operands.IndexOf(']', StringComparison.Ordinal);
            return open < 0 || close < open ? [] : [.. Registers(Operands[(open + 1)..close])];
        }
    }

    /// <summary>A memory operand with a register offset (<c>[r0, r1]</c>, <c>[r0, r1, lsl #1]</c>).</summary>
    public bool RegisterOffset => AddressRegisters.Count > 1;

    /// <summary>Registers in a <c>{...}</c> list (LDM, STM, PUSH, POP, VPUSH, VLDM), counting a VFP double register as two words.</summary>
    public int ListLength
    {
        get
        {
            int open = Operands.IndexOf('{', StringComparison.Ordinal), close = Operands.IndexOf('}', StringComparison.Ordinal);
            if (open < 0 || close < open) return 0;
            int n = 0;
            foreach (string part in Operands[(open + 1)..close].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var range = RegisterRange().Match(part);
                int words = part.StartsWith('d') ? 2 : 1;
                n += range.Success ? words * (int.Parse(range.Groups[3].Value) - int.Parse(range.Groups[2].Value) + 1) : words;
            }
            return n;
        }
    }

    /// <summary>The list or the destination names the program counter (a return by POP or LDR).</summary>
    public bool WritesPc => Registers(Operands.Contains('{') ? Operands[Operands.IndexOf('{')..] : Operands.Split(',')[0]).Contains("pc");

    [GeneratedRegex(@"\b(r1[0-2]|r[0-9]|sp|lr|pc|ip|fp|sl|sb)\b")]
    private static partial Regex Register();

    [GeneratedRegex(@"^([rsd])(\d+)\s*-\s*[rsd](\d+)$")]
    private static partial Regex RegisterRange();
}
