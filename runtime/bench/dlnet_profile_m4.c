/*
 * Instructions per forecast of a generated model, kernel by kernel, on a Cortex-M4 under QEMU (mps2-an386,
 * -icount shift=0: SysTick ticks once per 40 instructions). Each runtime kernel is wrapped at link time
 * (-Wl,--wrap) by a function that reads SysTick around the real one; the model's own code is counted in the
 * total only. Windows are synthetic declining SOH curves with noise (the kernels' counts barely depend on the
 * values). Build and run: make -C runtime profile MODEL=<firmware>/dlnet_forecaster.
 */
#include <stdio.h>

#include "dlnet_model.h"

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define INSTRUCTIONS_PER_TICK 40
#define WINDOWS 64

enum { FC_S16_W8, FC_S16, FC_S8_S16, LAYER_NORM, LUT, EULER, REQUANTIZE, SCALED_ADD, FORECAST, KERNELS };

static const char *const kernel_names[KERNELS] = {"fully_connected_s16_w8", "fully_connected_s16", "fully_connected_s8_s16",
                                                  "layer_norm_s16(_s8)", "lut_s16", "liquid_euler_s16", "requantize_s16", "scaled_add_s16",
                                                  "forecast_s8_s16"};
static long kernel_ticks[KERNELS];

static uint32_t ticks(void)
{
    return SYST_CVR & 0xFFFFFFu;
}

#define DLNET_PROFILE_WRAP(kernel, name, params, args)                                                                 \
    dlnet_status __real_##name params;                                                                                 \
    dlnet_status __wrap_##name params;                                                                                 \
    dlnet_status __wrap_##name params                                                                                  \
    {                                                                                                                  \
        const uint32_t start = ticks();                                                                                \
        const dlnet_status status = __real_##name args;                                                                \
        kernel_ticks[kernel] += (long)((start - ticks()) & 0xFFFFFFu);                                                 \
        return status;                                                                                                 \
    }

DLNET_PROFILE_WRAP(FC_S16_W8, dlnet_fully_connected_s16_w8,
                   (const dlnet_fully_connected_s16_w8_params *p, const int16_t *x, int32_t n, int16_t *y), (p, x, n, y))
DLNET_PROFILE_WRAP(FC_S16, dlnet_fully_connected_s16,
                   (const dlnet_fully_connected_s16_params *p, const int16_t *x, int32_t n, int16_t *y), (p, x, n, y))
DLNET_PROFILE_WRAP(FC_S8_S16, dlnet_fully_connected_s8_s16,
                   (const dlnet_fully_connected_s8_params *p, const int8_t *x, int32_t n, int16_t *y), (p, x, n, y))
DLNET_PROFILE_WRAP(LAYER_NORM, dlnet_layer_norm_s16_s8, (const dlnet_layer_norm_params *p, const int16_t *x, int32_t n, int8_t *y),
                   (p, x, n, y))
DLNET_PROFILE_WRAP(LAYER_NORM, dlnet_layer_norm_s16, (const dlnet_layer_norm_params *p, const int16_t *x, int32_t n, int16_t *y),
                   (p, x, n, y))
DLNET_PROFILE_WRAP(LUT, dlnet_lut_s16, (const dlnet_lut_params *p, const int16_t *x, int32_t n, int16_t *y), (p, x, n, y))
DLNET_PROFILE_WRAP(EULER, dlnet_liquid_euler_s16,
                   (const dlnet_liquid_euler_params *p, const int16_t *x, const int16_t *u, int32_t n, int16_t *s, int16_t *y),
                   (p, x, u, n, s, y))
DLNET_PROFILE_WRAP(REQUANTIZE, dlnet_requantize_s16, (const dlnet_requantize_params *p, const int16_t *x, int32_t n, int8_t *y),
                   (p, x, n, y))
DLNET_PROFILE_WRAP(SCALED_ADD, dlnet_scaled_add_s16,
                   (const dlnet_scaled_add_params *p, const int16_t *a, const int16_t *b, int32_t n, int16_t *y), (p, a, b, n, y))
DLNET_PROFILE_WRAP(FORECAST, dlnet_forecast_s8_s16,
                   (const dlnet_forecast_params *p, const int8_t *x, const int16_t *a, int32_t o, int16_t *y), (p, x, a, o, y))

int main(void)
{
    static int16_t soh[DLNET_MODEL_WINDOW];
    static int16_t forecast[DLNET_MODEL_HORIZON];
    uint32_t seed = 1u;
    long total = 0;
    int w;
    int i;
    SYST_RVR = 0xFFFFFFu;
    SYST_CVR = 0u;
    SYST_CSR = 5u; /* enable, processor clock, no interrupt */
    for (w = 0; w < WINDOWS; ++w) {
        uint32_t start;
        for (i = 0; i < DLNET_MODEL_WINDOW; ++i) {
            seed = seed * 1664525u + 1013904223u;
            soh[i] = (int16_t)(-1000 - 40 * w - i * (3 + w % 5) - (i * i) / (200 + w) + (int32_t)(seed >> 28));
        }
        start = ticks();
        if (dlnet_model_forecast(soh, forecast) != DLNET_OK) {
            printf("dlnet_model_forecast failed\n");
            return 1;
        }
        total += (long)((start - ticks()) & 0xFFFFFFu);
    }
    printf("%-24s %7ld instructions per forecast (%d windows)\n", "total", total * INSTRUCTIONS_PER_TICK / WINDOWS, WINDOWS);
    for (i = 0; i < KERNELS; ++i) {
        if (kernel_ticks[i] > 0) {
            printf("%-24s %7ld\n", kernel_names[i], kernel_ticks[i] * INSTRUCTIONS_PER_TICK / WINDOWS);
        }
    }
    return 0;
}
