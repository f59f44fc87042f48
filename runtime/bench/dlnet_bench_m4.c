/*
 * Instruction counts of the runtime's kernels on a Cortex-M4, measured under QEMU (mps2-an386) with
 * -icount shift=0: one instruction per virtual nanosecond, SysTick at 25 MHz, so one tick per 40
 * instructions. Each kernel runs REPEATS times between two SysTick reads. Cycles on silicon are roughly
 * 1.3-1.6 x the instruction count; this is an estimate from emulation, not a measurement on the board.
 * Build and run: make -C runtime bench.
 */
#include <stdio.h>

#include "dlnet_runtime.h"

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define REPEATS 50
#define INSTRUCTIONS_PER_TICK 40

static int8_t input[256];
static int8_t weights[256 * 256];
static int32_t bias[256];
static int32_t multipliers[256];
static int32_t shifts[256];
static int16_t state[256];
static int16_t output16[256];
static int16_t table16[DLNET_LUT_S16_LENGTH];
static int16_t weights16[100 * 100];
static int16_t window16[100];

static uint32_t ticks(void)
{
    return SYST_CVR & 0xFFFFFFu;
}

static void fill(void)
{
    uint32_t seed = 12345u;
    int32_t i;
    for (i = 0; i < (int32_t)sizeof weights; ++i) {
        int32_t v;
        seed = seed * 1664525u + 1013904223u;
        v = (int32_t)(seed >> 24) - 128;
        weights[i] = (int8_t)(v == -128 ? -127 : v); /* weights never use -128 */
    }
    for (i = 0; i < 256; ++i) {
        input[i] = (int8_t)(i - 128);
        bias[i] = i * 100;
        multipliers[i] = 1518500250;
        shifts[i] = -12;
        state[i] = (int16_t)(i * 97 - 12000);
    }
    for (i = 0; i < 100 * 100; ++i) {
        weights16[i] = (int16_t)(i * 37 - 20000);
    }
    for (i = 0; i < 100; ++i) {
        window16[i] = (int16_t)(30000 - i * 7);
    }
    for (i = 0; i < DLNET_LUT_S16_LENGTH; ++i) {
        table16[i] = (int16_t)(i * 64 - 16384);
    }
}

static void report(const char *name, long macs, uint32_t start, uint32_t end)
{
    const long instructions = (long)((start - end) & 0xFFFFFFu) * INSTRUCTIONS_PER_TICK / REPEATS;
    printf("%-34s %8ld instructions per call", name, instructions);
    if (macs > 0) {
        printf(", %ld.%02ld per MAC", instructions / macs, (instructions * 100 / macs) % 100);
    }
    printf("\n");
}

static void bench_fully_connected(int32_t inputs, int32_t outputs)
{
    char name[48];
    const dlnet_fully_connected_s8_params p = {inputs, outputs, 5, -3, -32768, 32767, weights, bias, multipliers, shifts};
    uint32_t start;
    int r;
    start = ticks();
    for (r = 0; r < REPEATS; ++r) {
        dlnet_fully_connected_s8_s16(&p, input, 1, output16);
    }
    sprintf(name, "fully_connected_s8_s16 %ldx%ld", (long)outputs, (long)inputs);
    report(name, (long)inputs * outputs, start, ticks());
}

int main(void)
{
    const dlnet_lut_params lut = {table16};
    const dlnet_scaled_add_params scaled_add = {128, multipliers, shifts, multipliers, shifts};
    uint32_t start;
    int r;
    fill();
    SYST_RVR = 0xFFFFFFu;
    SYST_CVR = 0u;
    SYST_CSR = 5u; /* enable, processor clock, no interrupt */
    bench_fully_connected(100, 256);
    bench_fully_connected(256, 128);
    bench_fully_connected(128, 128);
    bench_fully_connected(4, 4);
    {
        const dlnet_fully_connected_s16_params p16 = {100, 100, 0, 0, -32768, 32767, weights16, NULL, multipliers, shifts};
        start = ticks();
        for (r = 0; r < REPEATS; ++r) {
            dlnet_fully_connected_s16(&p16, window16, 1, output16);
        }
        report("fully_connected_s16 100x100", 100L * 100L, start, ticks());
    }
    {
        /* the first layer's shape at encoder width 16: the 100-value window to 17 rows, int8 weights */
        const dlnet_fully_connected_s16_w8_params pw8 = {100, 17, 0, -32768, 32767, weights, NULL, multipliers, shifts};
        start = ticks();
        for (r = 0; r < REPEATS; ++r) {
            dlnet_fully_connected_s16_w8(&pw8, window16, 1, output16);
        }
        report("fully_connected_s16_w8 100x17", 100L * 17L, start, ticks());
    }
    start = ticks();
    for (r = 0; r < REPEATS; ++r) {
        dlnet_lut_s16(&lut, state, 128, output16);
    }
    report("lut_s16 x128", 0, start, ticks());
    start = ticks();
    for (r = 0; r < REPEATS; ++r) {
        dlnet_scaled_add_s16(&scaled_add, state, output16, 128, output16);
    }
    report("scaled_add_s16 x128", 0, start, ticks());
    return 0;
}
