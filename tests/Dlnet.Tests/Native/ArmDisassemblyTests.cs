using Dlnet.Firmware;

namespace Dlnet.Tests.Native;

/// <summary>Reading objdump's listing and costing a trace with the Cortex-M4 table, without the toolchain.</summary>
public sealed class ArmDisassemblyTests
{
    [Theory]
    [InlineData("bls.n", "b", false, "ls")]   // a branch, not BL with S
    [InlineData("mls", "mls", false, null)]   // multiply-subtract, not M with LS
    [InlineData("negs", "neg", true, null)]
    [InlineData("adds.w", "add", true, null)]
    [InlineData("ldrbeq", "ldrb", false, "eq")]
    [InlineData("movsne", "mov", true, "ne")]
    [InlineData("smlal", "smlal", false, null)]
    [InlineData("smlals", "smlal", true, null)]
    [InlineData("itte", "itte", false, null)]
    public void MnemonicsSplitIntoOperationFlagsAndCondition(string mnemonic, string operation, bool sets, string? condition) =>
        Assert.Equal((operation, sets, condition), ArmInstruction.Split(mnemonic, CortexM4Cycles.Operations));

    private const string Listing = """

        k.elf:     file format elf32-littlearm


        Disassembly of section .text:

        00000100 <kernel>:
         100:	6801      	ldr	r1, [r0, #0]
         102:	6842      	ldr	r2, [r0, #4]
         104:	f850 3021 	ldr.w	r3, [r0, r1, lsl #2]
         108:	fb02 4403 	mla	r4, r2, r3, r4
         10c:	e8bd 8010 	ldmia.w	sp!, {r4, pc}
         110:	0000      	.short	0x0000
         112:	bf00      	nop

        00000114 <main>:
         114:	4770      	bx	lr
        """;

    [Fact]
    public void ListingGivesEachInstructionItsSizeFunctionAndOperands()
    {
        var code = ArmDisassembly.Parse(Listing);
        Assert.Equal(7, code.Count); // the literal .short is not an instruction
        var wide = code.At(0x104)!;
        Assert.Equal((4, "ldr", "kernel"), (wide.Size, wide.Operation, wide.Function));
        Assert.Equal(["r0", "r1"], wide.AddressRegisters);
        Assert.True(wide.RegisterOffset);
        Assert.Equal(["r3"], wide.TransferRegisters);
        var pop = code.At(0x10c)!;
        Assert.Equal((2, true), (pop.ListLength, pop.WritesPc));
        Assert.Equal("main", code.At(0x114)!.Function);
        Assert.Equal(0x100u, code.EntryOf("kernel"));
    }

    [Fact]
    public void TraceIsCostedByTheTable()
    {
        const string listing = Listing + """

            00000120 <dlnet_timing_begin>:
             120:	4770      	bx	lr

            00000122 <dlnet_timing_end>:
             122:	4770      	bx	lr
            """;
        var code = ArmDisassembly.Parse(listing);
        // main calls begin, kernel runs once (its address at 0x104 uses r1, the first load's result, but follows the
        // second load, which it pipelines after), returns by LDM {r4, pc}, then end.
        uint[] trace = [0x114, 0x120, 0x114, 0x100, 0x102, 0x104, 0x108, 0x10c, 0x114, 0x122, 0x114];
        var c = TimingModel.Cost(trace, code, MemoryAssumption.ZeroWaitStates, 64e6);
        // ldr 2, ldr 1 (pipelined), ldr.w 1 (r2 does not form its address), mla 1, ldm 1 + 2 + P
        Assert.Equal((5L, 2 + 1 + 1 + 1 + 5L, 2 + 1 + 1 + 1 + 4L, 2 + 1 + 1 + 1 + 6L), (c.Instructions, c.Value, c.Low, c.High));
        Assert.Equal("kernel", Assert.Single(c.Breakdown).Function);
        // The same trace with a flash that adds two wait states per load, in the upper bound only: four loads' words.
        var slow = TimingModel.Cost(trace, code, new MemoryAssumption(2), 64e6);
        Assert.Equal((c.Value, c.Low, c.High + 2 * (3 + 2)), (slow.Value, slow.Low, slow.High));
    }

    /// <summary>A forecast that calls one kernel, which calls one function of the C library (64-bit division).</summary>
    const string KernelCallingLibrary = """
        00000100 <main>:
         100:	f000 f808 	bl	114 <dlnet_timing_begin>
         104:	f000 f808 	bl	118 <dlnet_layer_norm_s16>
         108:	f000 f805 	bl	116 <dlnet_timing_end>

        00000114 <dlnet_timing_begin>:
         114:	4770      	bx	lr

        00000116 <dlnet_timing_end>:
         116:	4770      	bx	lr

        00000118 <dlnet_layer_norm_s16>:
         118:	b510      	push	{r4, lr}
         11a:	f000 f803 	bl	124 <__aeabi_ldivmod>
         11e:	bd10      	pop	{r4, pc}

        00000124 <__aeabi_ldivmod>:
         124:	3801      	subs	r0, #1
         126:	4770      	bx	lr
        """;

    [Fact]
    public void LibraryCodeIsChargedToTheKernelThatCalledIt()
    {
        var code = ArmDisassembly.Parse(KernelCallingLibrary);
        uint[] trace = [0x100, 0x114, 0x104, 0x118, 0x11a, 0x124, 0x126, 0x11e, 0x108, 0x116];
        var c = TimingModel.Cost(trace, code, MemoryAssumption.ZeroWaitStates, 64e6);
        // Per function: PUSH 1 + 2, BL 1 + P, POP 1 + 2 + P: 11 in the kernel; SUBS 1, BX 1 + P: 4 in the library.
        Assert.Equal([("dlnet_layer_norm_s16", 11L), ("__aeabi_ldivmod", 4L)], c.Breakdown.Select(f => (f.Function, f.Cycles)));
        // Per caller: the division belongs to the layer norm that called it.
        var kernel = Assert.Single(c.ByCaller);
        Assert.Equal(("dlnet_layer_norm_s16", "kernel", 5L, 15L), (kernel.Function, kernel.Kind, kernel.Instructions, kernel.Cycles));
    }

    [Fact]
    public void RuntimeHelpersAreChargedToTheKernelThatCalledThem()
    {
        // The 64-bit requantisation is one function shared by several kernels: not a kernel of its own.
        string listing = KernelCallingLibrary.Replace("dlnet_layer_norm_s16", "dlnet_fully_connected_s16_w8", StringComparison.Ordinal)
            .Replace("__aeabi_ldivmod", "dlnet_multiply_by_quantized_multiplier_s64", StringComparison.Ordinal);
        var code = ArmDisassembly.Parse(listing);
        uint[] trace = [0x100, 0x114, 0x104, 0x118, 0x11a, 0x124, 0x126, 0x11e, 0x108, 0x116];
        var c = TimingModel.Cost(trace, code, MemoryAssumption.ZeroWaitStates, 64e6);
        Assert.Equal([("dlnet_fully_connected_s16_w8", "kernel"), ("dlnet_multiply_by_quantized_multiplier_s64", "helper")],
            c.Breakdown.Select(f => (f.Function, f.Kind)));
        var kernel = Assert.Single(c.ByCaller);
        Assert.Equal(("dlnet_fully_connected_s16_w8", "kernel", 5L, 15L), (kernel.Function, kernel.Kind, kernel.Instructions, kernel.Cycles));
    }

    [Fact]
    public void AnAddressOutsideTheCodeOrAnUnfinishedRegionIsRefused()
    {
        var code = ArmDisassembly.Parse(Listing + "\n00000120 <dlnet_timing_begin>:\n 120:\t4770      \tbx\tlr\n\n00000122 <dlnet_timing_end>:\n 122:\t4770      \tbx\tlr\n");
        Assert.Contains("0x00000200", Assert.Throws<InvalidOperationException>(() => TimingModel.Cost([0x120u, 0x200u], code, MemoryAssumption.Nrf52840, 64e6)).Message);
        Assert.Contains("dlnet_timing_end never reached", Assert.Throws<InvalidOperationException>(() => TimingModel.Cost([0x120u, 0x100u], code, MemoryAssumption.Nrf52840, 64e6)).Message);
        Assert.Contains("never reached dlnet_timing_begin", Assert.Throws<InvalidOperationException>(() => TimingModel.Cost([0x100u], code, MemoryAssumption.Nrf52840, 64e6)).Message);
    }
}
