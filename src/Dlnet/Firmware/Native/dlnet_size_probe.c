/*
 * Size probe: the smallest program that runs one forecast. Linked for the Cortex-M4 with and without
 * DLNET_PROBE_MODEL (same buffers, -DPROBE_WINDOW=W -DPROBE_HORIZON=H in both), the difference of
 * arm-none-eabi-size gives the flash (model constants and inference code, library helpers included) and the
 * static RAM the model adds to a program that already holds its window and forecast.
 */
#include <stdint.h>

#ifdef DLNET_PROBE_MODEL
#include "dlnet_model.h"
#endif

volatile int16_t probe_soh[PROBE_WINDOW];
volatile int16_t probe_forecast[PROBE_HORIZON];
static int16_t soh[PROBE_WINDOW];
static int16_t forecast[PROBE_HORIZON];

int main(void)
{
    int status = 0;
    int i;
    for (i = 0; i < PROBE_WINDOW; ++i) {
        soh[i] = probe_soh[i];
    }
#ifdef DLNET_PROBE_MODEL
    status = (int)dlnet_model_forecast(soh, forecast);
#else
    forecast[0] = soh[PROBE_WINDOW - 1];
#endif
    for (i = 0; i < PROBE_HORIZON; ++i) {
        probe_forecast[i] = forecast[i];
    }
    return status;
}
