/* The statistics and per-feature arithmetic shared by the two layer norm kernels; not part of the public interface. */
#ifndef DLNET_LAYER_NORM_H
#define DLNET_LAYER_NORM_H

#include "dlnet_internal.h"

static inline int dlnet_layer_norm_params_valid(const dlnet_layer_norm_params *p, int32_t lo, int32_t hi)
{
    int32_t i;
    if (p == NULL || p->gain_multipliers == NULL || p->bias == NULL || p->size < 1 || p->size > 4096 ||
        !dlnet_valid_shift(p->gain_shift) || p->variance_offset < 1 || p->variance_offset > ((int64_t)1 << 48) ||
        p->activation_min < lo || p->activation_max > hi || p->activation_min > p->activation_max) {
        return 0;
    }
    for (i = 0; i < p->size; ++i) {
        if (p->gain_multipliers[i] == INT32_MIN) {
            return 0;
        }
    }
    return 1;
}

/*
 * Normalises batch rows of params->size int16 values into output, int8 (output_bytes 1) or int16 (2), with the
 * arguments already checked. One definition serves both kernels (dlnet_layer_norm.c).
 */
void dlnet_layer_norm_rows(void *output, int32_t output_bytes, const int16_t *input, int32_t batch,
                           const dlnet_layer_norm_params *params);

#endif /* DLNET_LAYER_NORM_H */
