namespace Dlnet.Firmware;

/// <summary>Cycles of one executed instruction: the modelled value and the range the table and memory allow.</summary>
internal readonly record struct CycleRange(double Low, double Value, double High)
{
    public static CycleRange Exactly(double cycles) => new(cycles, cycles, cycles);

    public static CycleRange operator +(CycleRange a, CycleRange b) => new(a.Low + b.Low, a.Value + b.Value, a.High + b.High);

    public static CycleRange operator *(CycleRange a, double k) => new(a.Low * k, a.Value * k, a.High * k);
}

/// <summary>What the memory system adds to the instruction table, which assumes zero wait states.</summary>
/// <param name="LoadWaitStatesHigh">Wait states per load at the upper bound (a read of constants from flash, which the nRF52840's instruction cache does not hold).</param>
internal sealed record MemoryAssumption(double LoadWaitStatesHigh)
{
    /// <summary>
    /// The nRF52840 at 64 MHz with its NVMC instruction cache on: code is fetched from the cache at zero wait states once a
    /// forecast's loops are in it (value and lower bound); a load may read weights from flash, which the instruction cache
    /// does not serve, and the product specification gives no wait-state figure, so the upper bound adds two per load.
    /// </summary>
    public static MemoryAssumption Nrf52840 { get; } = new(2);

    /// <summary>Zero wait states everywhere, as the table is written: the hand-checked sequences use this.</summary>
    public static MemoryAssumption ZeroWaitStates { get; } = new(0);
}

/// <summary>
/// The Cortex-M4 cycle table (Arm DDI 0439, Technical Reference Manual, 3.3 "Instruction set summary", table 3-1 and the
/// load/store pipelining rules of 3.3.2), at zero wait states. P, the pipeline refill of a taken branch, is 1 to 3
/// (alignment and width of the target, and whether the address was speculated): 2 is the value, 1 and 3 the range.
/// SDIV/UDIV take 2 to 12 cycles by operand size, which the trace does not see: 7 is the value, 2 and 12 the range.
/// </summary>
internal static class CortexM4Cycles
{
    static readonly CycleRange Refill = new(1, 2, 3);

    static readonly HashSet<string> SingleLoads = ["ldr", "ldrb", "ldrh", "ldrsb", "ldrsh", "ldrex", "ldrexb", "ldrexh", "ldrt", "ldrbt", "ldrht", "ldrsbt", "ldrsht"];
    static readonly HashSet<string> SingleStores = ["str", "strb", "strh", "strex", "strexb", "strexh", "strt", "strbt", "strht"];
    static readonly HashSet<string> LoadMultiple = ["ldm", "ldmia", "ldmfd", "ldmdb", "ldmea", "pop"];
    static readonly HashSet<string> StoreMultiple = ["stm", "stmia", "stmea", "stmdb", "stmfd", "push"];
    static readonly HashSet<string> VfpMultiple = ["vldm", "vldmia", "vldmdb", "vstm", "vstmia", "vstmdb", "vpush", "vpop"];
    static readonly HashSet<string> Branches = ["b", "bl", "bx", "blx", "cbz", "cbnz"];
    static readonly HashSet<string> Divides = ["sdiv", "udiv"];
    static readonly HashSet<string> VfpThree = ["vmla", "vmls", "vnmla", "vnmls", "vfma", "vfms", "vfnma", "vfnms"];
    static readonly HashSet<string> VfpFourteen = ["vdiv", "vsqrt"];
    static readonly HashSet<string> VfpMemory = ["vldr", "vstr"];

    /// <summary>Single-cycle operations: data processing, shifts, extends, bit fields, saturation, SIMD, every multiply
    /// (the M4's single-cycle MAC: MUL, MLA, MLS, SMULL, UMULL, SMLAL, UMLAL, SMLAD, SMLALD, ...), and the one-cycle VFP ops.</summary>
    static readonly HashSet<string> SingleCycle =
    [
        "mov", "movw", "movt", "mvn", "add", "addw", "adc", "sub", "subw", "sbc", "rsb", "adr", "and", "orr", "orn", "eor", "bic",
        "cmp", "cmn", "tst", "teq", "lsl", "lsr", "asr", "ror", "rrx", "neg",
        "sxtb", "sxth", "uxtb", "uxth", "sxtab", "sxtah", "uxtab", "uxtah", "sxtb16", "uxtb16", "sxtab16", "uxtab16",
        "bfi", "bfc", "ubfx", "sbfx", "clz", "rbit", "rev", "rev16", "revsh", "pkhbt", "pkhtb", "sel", "usad8", "usada8",
        "ssat", "usat", "ssat16", "usat16", "qadd", "qsub", "qdadd", "qdsub", "qadd16", "qsub16", "qadd8", "qsub8", "qasx", "qsax",
        "sadd16", "ssub16", "sadd8", "ssub8", "uadd16", "usub16", "uadd8", "usub8", "sasx", "ssax", "uasx", "usax",
        "shadd16", "shsub16", "uhadd16", "uhsub16", "shadd8", "shsub8", "uhadd8", "uhsub8", "uqadd16", "uqsub16", "uqadd8", "uqsub8",
        "mul", "mla", "mls", "smull", "umull", "smlal", "umlal", "umaal", "smlad", "smladx", "smlsd", "smlsdx", "smlald", "smlaldx",
        "smlsld", "smlsldx", "smuad", "smuadx", "smusd", "smusdx", "smmul", "smmulr", "smmla", "smmlar", "smmls", "smmlsr",
        "smulbb", "smulbt", "smultb", "smultt", "smulwb", "smulwt", "smlabb", "smlabt", "smlatb", "smlatt", "smlawb", "smlawt",
        "smlalbb", "smlalbt", "smlaltb", "smlaltt",
        "nop", "dmb", "dsb", "mrs", "msr", "cpsie", "cpsid",
        "vadd", "vsub", "vmul", "vnmul", "vneg", "vabs", "vcvt", "vcvtr", "vcmp", "vcmpe", "vmov", "vmrs", "vmsr",
    ];

    /// <summary>Every operation the table knows, for splitting mnemonics.</summary>
    public static IReadOnlySet<string> Operations { get; } = new HashSet<string>(
        SingleLoads.Concat(SingleStores).Concat(LoadMultiple).Concat(StoreMultiple).Concat(VfpMultiple).Concat(Branches).Concat(Divides)
            .Concat(VfpThree).Concat(VfpFourteen).Concat(VfpMemory).Concat(SingleCycle).Concat(["ldrd", "strd", "tbb", "tbh", "it", "ite", "itt", "itee", "itet", "itte", "ittt", "iteee", "iteet", "itete", "itett", "ittee", "ittet", "ittte", "itttt", "isb", "bkpt", "svc", "udf", "wfi", "wfe", "sev", "yield"]));

    /// <summary>True for an operation the table costs; others are counted as one cycle and reported as unclassified.</summary>
    public static bool Knows(string operation) => Operations.Contains(operation);

    /// <summary>
    /// Cycles of <paramref name="current"/>, executed after <paramref name="previous"/> (null at the start), where
    /// <paramref name="taken"/> says the next executed instruction is not the one that follows it in memory.
    /// </summary>
    public static CycleRange Of(ArmInstruction current, ArmInstruction? previous, bool taken, MemoryAssumption memory)
    {
        string op = current.Operation;
        var waitStates = new CycleRange(0, 0, memory.LoadWaitStatesHigh);
        if (Branches.Contains(op)) return taken ? CycleRange.Exactly(1) + Refill : CycleRange.Exactly(1);
        if (op is "tbb" or "tbh") return CycleRange.Exactly(2) + Refill + waitStates;
        if (op.StartsWith("it", StringComparison.Ordinal) && op.Length <= 5 && op.Skip(2).All(c => c is 't' or 'e'))
            return new CycleRange(0, 1, 1); // an IT can fold onto a preceding 16-bit instruction
        if (SingleLoads.Contains(op))
        {
            if (current.WritesPc) return CycleRange.Exactly(2) + Refill + waitStates;
            var cost = PipelinedAfterLoad(current, previous) ? CycleRange.Exactly(1) : CycleRange.Exactly(2);
            // A literal load may contend with the instruction fetch for one cycle (3.3.2).
            if (current.AddressRegisters.Contains("pc")) cost += new CycleRange(0, 0, 1);
            return cost + AddressStall(current, previous) + waitStates;
        }
        if (SingleStores.Contains(op))
            // STR with an immediate offset is one cycle (its data phase overlaps the next instruction); with a register
            // offset it is two, one when it pipelines after a load.
            return current.RegisterOffset && !PipelinedAfterLoad(current, previous) ? CycleRange.Exactly(2) : CycleRange.Exactly(1) + AddressStall(current, previous);
        if (op is "ldrd") return CycleRange.Exactly(3) + waitStates * 2; // 1 + N, never pipelined
        if (op is "strd") return CycleRange.Exactly(3);
        if (LoadMultiple.Contains(op))
        {
            int n = current.ListLength;
            return CycleRange.Exactly(1 + n) + waitStates * n + (current.WritesPc ? Refill : default);
        }
        if (StoreMultiple.Contains(op) || VfpMultiple.Contains(op)) return CycleRange.Exactly(1 + current.ListLength);
        if (Divides.Contains(op)) return new CycleRange(2, 7, 12);
        if (VfpThree.Contains(op)) return CycleRange.Exactly(3);
        if (VfpFourteen.Contains(op)) return CycleRange.Exactly(14);
        if (VfpMemory.Contains(op)) return CycleRange.Exactly(2);
        // MOV PC / ADD PC: the refill of a jump.
        if (SingleCycle.Contains(op) && current.Operands.Split(',')[0].Trim() == "pc") return CycleRange.Exactly(1) + Refill;
        return CycleRange.Exactly(1);
    }

    /// <summary>3.3.2: a load or register-offset store costs one cycle less right after a single load whose destination does not form its address.</summary>
    static bool PipelinedAfterLoad(ArmInstruction current, ArmInstruction? previous) =>
        previous is not null && SingleLoads.Contains(previous.Operation) && !previous.WritesPc
        && !previous.TransferRegisters.Any(current.AddressRegisters.Contains);

    /// <summary>
    /// An address formed from the result of the instruction just before stalls a cycle while the register bank is updated
    /// (the Cortex-M3 TRM's load/store notes; the M4 table does not repeat it): upper bound only.
    /// </summary>
    static CycleRange AddressStall(ArmInstruction current, ArmInstruction? previous)
    {
        if (previous is null || !SingleCycle.Contains(previous.Operation) || previous.Operation is "cmp" or "cmn" or "tst" or "teq" or "nop") return default;
        string written = ArmInstruction.Registers(previous.Operands).FirstOrDefault() ?? "";
        return current.AddressRegisters.Contains(written) ? new CycleRange(0, 0, 1) : default;
    }
}
