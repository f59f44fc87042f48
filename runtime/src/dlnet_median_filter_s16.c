#include "dlnet_internal.h"

/*
 * The window slides one value at a time, so its sorted copy is kept and updated: the value that leaves is replaced
 * by the one that enters and moved to its place, a few compares a step instead of a sort per value. Only
 * size - width + 1 windows are distinct (the ends reuse the first and the last).
 */
dlnet_status dlnet_median_filter_s16(const dlnet_median_filter_params *params, const int16_t *input, int32_t size,
                                     int16_t *output)
{
    int16_t sorted[DLNET_MEDIAN_FILTER_MAX_WIDTH];
    int32_t width;
    int32_t half;
    int32_t last;
    int32_t start;
    int32_t j;
    if (params == NULL || input == NULL || output == NULL) {
        return DLNET_ERROR_ARGUMENT;
    }
    width = params->width;
    if (width < 3 || width > DLNET_MEDIAN_FILTER_MAX_WIDTH || (width & 1) == 0 || size < width) {
        return DLNET_ERROR_ARGUMENT;
    }
    half = width / 2;
    last = size - width;
    /* the first window, sorted by insertion */
    for (j = 0; j < width; ++j) {
        const int16_t x = input[j];
        int32_t k = j - 1;
        while (k >= 0 && sorted[k] > x) {
            sorted[k + 1] = sorted[k];
            --k;
        }
        sorted[k + 1] = x;
    }
    for (start = 0; start <= last; ++start) {
        int16_t median;
        if (start > 0) {
            const int16_t leaving = input[start - 1];
            const int16_t entering = input[start + width - 1];
            int32_t p = 0;
            while (sorted[p] != leaving) {
                ++p;
            }
            if (entering > leaving) {
                while (p + 1 < width && sorted[p + 1] < entering) {
                    sorted[p] = sorted[p + 1];
                    ++p;
                }
            } else {
                while (p > 0 && sorted[p - 1] > entering) {
                    sorted[p] = sorted[p - 1];
                    --p;
                }
            }
            sorted[p] = entering;
        }
        median = sorted[half];
        if (start == 0) {
            for (j = 0; j < half; ++j) {
                output[j] = median;
            }
        }
        output[start + half] = median;
        if (start == last) {
            for (j = start + half + 1; j < size; ++j) {
                output[j] = median;
            }
        }
    }
    return DLNET_OK;
}
