/*
 * Checks a generated DLNet model against the C# integer engine: reads windows of SOH codes with the forecasts
 * the engine computed (and the int8 inputs and outputs of the plain entry point), runs dlnet_model_forecast and
 * dlnet_model_run_s8 on each, and counts the windows whose outputs are identical, value for value.
 * Built for a Cortex-M4 and run under QEMU (-icount shift=0), it also counts the instructions each forecast
 * takes (SysTick, one tick per 40 instructions on mps2-an386) and the stack it uses; under QEMU's instruction trace,
 * the firmware step's timing model costs what runs between dlnet_timing_begin and dlnet_timing_end (built with
 * DLNET_TIMING_ONLY for that: the plain entry point and the stack probe are left out, to keep the trace short).
 * Prints one summary line. Usage: dlnet_verify CASES-FILE (under QEMU: -semihosting-config ...,arg=verify,arg=FILE).
 */
#include <stdio.h>
#include <string.h>

#include "dlnet_model.h"

#define MAGIC 0x31564C44L /* "DLV1" */
#define MAX_REPORTED 10

#if defined(__arm__)
#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define STACK_PROBE_BYTES 4096
#endif

static int16_t soh[DLNET_MODEL_WINDOW];
static int16_t expected[DLNET_MODEL_HORIZON];
static int16_t forecast[DLNET_MODEL_HORIZON];
static int8_t input8[DLNET_MODEL_WINDOW];
static int8_t expected8[DLNET_MODEL_HORIZON];
static int8_t output8[DLNET_MODEL_HORIZON];

static int read_all(void *p, size_t bytes, FILE *f)
{
    return fread(p, 1, bytes, f) == bytes;
}

#if defined(__arm__)
/* Empty marks around each forecast, kept as two distinct calls for the trace (noipa: not inlined, not folded into one). */
static void __attribute__((noipa)) dlnet_timing_begin(void)
{
    __asm__ volatile("");
}

static void __attribute__((noipa)) dlnet_timing_end(void)
{
    __asm__ volatile("");
}

#if !defined(DLNET_TIMING_ONLY)
/* Fills the stack below the caller's frame with a pattern, runs one forecast, and returns how deep it wrote. */
static unsigned long __attribute__((noinline)) stack_used_by_forecast(void)
{
    volatile uint8_t *base;
    uint8_t marker;
    unsigned long i;
    /* through an integer: the region lies below every object, in the stack the callee will use */
    base = (volatile uint8_t *)((uintptr_t)&marker - 64u - STACK_PROBE_BYTES);
    for (i = 0; i < STACK_PROBE_BYTES; ++i) {
        base[i] = 0xA5;
    }
    (void)dlnet_model_forecast(soh, forecast);
    for (i = 0; i < STACK_PROBE_BYTES && base[i] == 0xA5; ++i) {
    }
    return STACK_PROBE_BYTES - i;
}
#endif
#endif

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[argc - 1] : "cases.bin";
    int32_t header[4];
    long windows = 0, identical = 0, identical_forecast = 0, identical8 = 0, status_errors = 0, reported = 0;
    unsigned long ticks = 0, ticks_min = 0xFFFFFFFFul, ticks_max = 0, stack = 0;
    FILE *f = fopen(path, "rb");
    int read_error = 0;
    int32_t w;
#if defined(__arm__)
    SYST_RVR = 0xFFFFFFu;
    SYST_CVR = 0u;
    SYST_CSR = 5u; /* enable, processor clock, no interrupt */
#endif
    if (f == NULL) {
        printf("cannot open %s\n", path);
        return 2;
    }
    if (!read_all(header, sizeof header, f) || header[0] != (int32_t)MAGIC || header[1] != DLNET_MODEL_WINDOW ||
        header[2] != DLNET_MODEL_HORIZON || header[3] < 0) {
        printf("%s is not a case file for this model (%d x %d)\n", path, DLNET_MODEL_WINDOW, DLNET_MODEL_HORIZON);
        fclose(f);
        return 2;
    }
    for (w = 0; w < header[3]; ++w) {
        int same = 1, same8 = 1, t;
        dlnet_status status;
        if (!read_all(soh, sizeof soh, f) || !read_all(expected, sizeof expected, f) || !read_all(input8, sizeof input8, f) ||
            !read_all(expected8, sizeof expected8, f)) {
            read_error = 1;
            break;
        }
        {
#if defined(__arm__)
            uint32_t start, elapsed;
            dlnet_timing_begin();
            start = SYST_CVR & 0xFFFFFFu;
            status = dlnet_model_forecast(soh, forecast);
            elapsed = (start - (SYST_CVR & 0xFFFFFFu)) & 0xFFFFFFu;
            dlnet_timing_end();
            ticks += elapsed;
            ticks_min = elapsed < ticks_min ? elapsed : ticks_min;
            ticks_max = elapsed > ticks_max ? elapsed : ticks_max;
#else
            status = dlnet_model_forecast(soh, forecast);
#endif
        }
        status_errors += status != DLNET_OK;
#if defined(DLNET_TIMING_ONLY)
        memcpy(output8, expected8, sizeof output8);
#else
        status_errors += dlnet_model_run_s8(input8, output8) != DLNET_OK;
#endif
        for (t = 0; t < DLNET_MODEL_HORIZON; ++t) {
            if (forecast[t] != expected[t]) {
                if (same && reported < MAX_REPORTED) {
                    printf("window %ld step %d: forecast %d, expected %d\n", (long)w, t, forecast[t], expected[t]);
                    ++reported;
                }
                same = 0;
            }
            if (output8[t] != expected8[t]) {
                if (same8 && reported < MAX_REPORTED) {
                    printf("window %ld step %d: int8 output %d, expected %d\n", (long)w, t, output8[t], expected8[t]);
                    ++reported;
                }
                same8 = 0;
            }
        }
        identical += same && same8;
        identical_forecast += same;
        identical8 += same8;
        ++windows;
    }
    fclose(f);
#if defined(__arm__) && !defined(DLNET_TIMING_ONLY)
    if (windows > 0) {
        stack = stack_used_by_forecast();
    }
#endif
    printf("dlnet-verify: windows=%ld identical=%ld forecast-identical=%ld int8-identical=%ld status-errors=%ld ticks=%lu "
           "ticks-min=%lu ticks-max=%lu stack=%lu read-error=%d\n",
           windows, identical, identical_forecast, identical8, status_errors, ticks, windows > 0 ? ticks_min : 0ul, ticks_max, stack, read_error);
    return (windows == header[3] && identical == windows && status_errors == 0 && !read_error) ? 0 : 1;
}
