#include "dlnet_internal.h"

dlnet_status dlnet_lut_s16(int16_t *output, const int16_t *input, int32_t size, const int16_t *table)
{
    int32_t i;
    if (output == NULL || input == NULL || table == NULL || size < 0) {
        return DLNET_ERROR_ARGUMENT;
    }
    for (i = 0; i < size; ++i) {
        const int32_t u = (int32_t)input[i] + 32768; /* [0, 65535] */
        const int32_t k = u >> 7;                    /* segment [0, 511] */
        const int32_t fraction = u & 127;
        const int32_t slope = (int32_t)table[k + 1] - (int32_t)table[k];
        /* the rounded step is at most |slope|, so the result lies between two knots */
        output[i] = (int16_t)(table[k] + dlnet_arithmetic_shift_right(slope * fraction + 64, 7));
    }
    return DLNET_OK;
}
