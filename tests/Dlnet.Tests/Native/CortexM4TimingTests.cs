using Dlnet.Firmware;

namespace Dlnet.Tests.Native;

/// <summary>
/// The timing model on hand-written Thumb-2 sequences, assembled with arm-none-eabi-as and traced under QEMU through the
/// firmware step's own path (<see cref="InstructionTrace"/>, <see cref="ArmDisassembly"/>, <see cref="TimingModel"/>).
/// Each expected count is the Cortex-M4 TRM's table 3-1 (Arm DDI 0439) at zero wait states, summed by hand in the comments:
/// value with the refill P = 2 and SDIV/UDIV 7, low with P = 1 and divides 2, high with P = 3 and divides 12.
/// <c>main</c> calls <c>kernel</c> between the two marks, so each sum ends with kernel's return, BX LR = 1 + P.
/// </summary>
public sealed class CortexM4TimingTests
{
    [ArmToolchainFact]
    public void LoadChainIsNotPipelined()
    {
        // r0 points at a word holding its own address, so each load's address is the previous load's result.
        var c = Time("""
            ldr r1, [r0]      @ 2 (after a branch: nothing to pipeline with)
            ldr r2, [r1]      @ 2 (its address is the previous load's destination)
            ldr r3, [r2]      @ 2
            bx lr             @ 1 + P
            """);
        Assert.Equal((4, 6 + 3, 6 + 2, 6 + 4), (c.Instructions, c.Value, c.Low, c.High));
    }

    [ArmToolchainFact]
    public void IndependentLoadsPipeline()
    {
        var c = Time("""
            ldr r1, [r0]      @ 2
            ldr r2, [r0, #4]  @ 1 (pipelined: r1 does not form the address)
            ldrh r3, [r0, #8] @ 1
            ldrsb r4, [r0, #9] @ 1
            str r4, [r0, #12] @ 1 (a store after a load)
            ldr r5, [r0, #12] @ 2 (nothing pipelines after a store)
            bx lr             @ 1 + P
            """);
        Assert.Equal((7, 8 + 3, 8 + 2, 8 + 4), (c.Instructions, c.Value, c.Low, c.High));
    }

    [ArmToolchainFact]
    public void TakenBranchesPayTheRefill()
    {
        var c = Time("""
            movs r1, #4       @ 1
            1:  subs r1, #1   @ 1, four times
            bne 1b            @ taken three times at 1 + P, not taken once at 1
            bx lr             @ 1 + P
            """);
        // value 1 + 4 + 3*3 + 1 + 3 = 18; low 1 + 4 + 3*2 + 1 + 2 = 14; high 1 + 4 + 3*4 + 1 + 4 = 22
        Assert.Equal((10, 18, 14, 22), (c.Instructions, c.Value, c.Low, c.High));
    }

    [ArmToolchainFact]
    public void MultipliesAndDualMacsTakeOneCycle()
    {
        var c = Time("""
            mul r2, r0, r1          @ 1
            mla r2, r0, r1, r2      @ 1
            smlad r3, r0, r1, r3    @ 1
            smull r4, r5, r0, r1    @ 1
            smlal r4, r5, r0, r1    @ 1
            smlald r4, r5, r0, r1   @ 1
            sxtb16 r6, r0           @ 1
            bx lr                   @ 1 + P
            """);
        Assert.Equal((8, 7 + 3, 7 + 2, 7 + 4), (c.Instructions, c.Value, c.Low, c.High));
    }

    [ArmToolchainFact]
    public void DividesSpanTwoToTwelveCycles()
    {
        var c = Time("""
            movs r1, #3             @ 1
            sdiv r2, r0, r1         @ 2-12, 7
            udiv r3, r0, r1         @ 2-12, 7
            bx lr                   @ 1 + P
            """);
        // value 1 + 7 + 7 + 3 = 18; low 1 + 2 + 2 + 2 = 7; high 1 + 12 + 12 + 4 = 29
        Assert.Equal((4, 18, 7, 29), (c.Instructions, c.Value, c.Low, c.High));
    }

    [ArmToolchainFact]
    public void LoadAndStoreMultipleCostOnePlusN()
    {
        var c = Time("""
            push {r4, r5, lr}       @ 1 + 3
            ldm r0, {r1, r2, r3}    @ 1 + 3
            stmia r0!, {r1, r2}     @ 1 + 2
            pop {r4, r5, pc}        @ 1 + 3 + P (the return)
            """);
        Assert.Equal((4, 4 + 4 + 3 + 6, 4 + 4 + 3 + 5, 4 + 4 + 3 + 7), (c.Instructions, c.Value, c.Low, c.High));
    }

    /// <summary>Assembles <paramref name="body"/> as <c>kernel</c>, runs it once between the marks under QEMU, and costs the trace.</summary>
    private static CycleCount Time(string body)
    {
        using var folder = new TempFolder();
        string source = folder.Write("sequence.S", $$"""
            .syntax unified
            .thumb
            .section .vectors, "a"
            .word 0x20008000
            .word main + 1
            .text
            .global main
            .thumb_func
            main:
                ldr r0, =0x20000100
                str r0, [r0]
                movs r1, #5
                bl dlnet_timing_begin
                bl kernel
                bl dlnet_timing_end
                movs r0, #0x18          @ semihosting SYS_EXIT
                ldr r1, =0x20026        @ ADP_Stopped_ApplicationExit
                bkpt 0xab
            .ltorg
            .thumb_func
            dlnet_timing_begin:
                bx lr
            .thumb_func
            dlnet_timing_end:
                bx lr
            .thumb_func
            kernel:
            {{body}}

            """);
        string obj = folder.File("sequence.o"), elf = folder.File("sequence.elf"), log = folder.File("trace.log");
        var timeout = TimeSpan.FromMinutes(1);
        ToolProcess.Compile(Tool("arm-none-eabi-as"), ["-mcpu=cortex-m4", "-mthumb", source, "-o", obj], folder.Path, timeout);
        ToolProcess.Compile(Tool("arm-none-eabi-ld"), ["--section-start=.vectors=0", "-Ttext=0x100", obj, "-o", elf], folder.Path, timeout);
        var run = InstructionTrace.Run(Tool("qemu-system-arm"), elf, log, [], folder.Path, timeout);
        Assert.True(run.ExitCode == 0, run.Output);
        var code = ArmDisassembly.Of(Tool("arm-none-eabi-objdump"), elf, folder.Path, timeout);
        var cycles = TimingModel.Cost(InstructionTrace.Addresses(log), code, MemoryAssumption.ZeroWaitStates, 64e6);
        Assert.Equal(1, cycles.Windows);
        Assert.Equal("kernel", Assert.Single(cycles.Breakdown).Function);
        Assert.DoesNotContain(cycles.Assumptions, a => a.Contains("not in the table", StringComparison.Ordinal));
        return cycles;
    }

    private static string Tool(string name) => ToolProcess.Find(name) ?? throw new InvalidOperationException(name + " not on PATH");
}
