#include "dlnet_internal.h"

/*
 * The median of five: of e and the two middle candidates max(min(a, b), min(c, d)) and min(max(a, b), max(c, d)),
 * the median of three. Ten comparisons and no branch, where the sorted window below takes a search and a shift per step.
 */
static inline int32_t dlnet_min_s32(int32_t a, int32_t b) { return a < b ? a : b; }

static inline int32_t dlnet_max_s32(int32_t a, int32_t b) { return a < b ? b : a; }

static inline int16_t dlnet_median5(const int16_t *x)
{
    const int32_t low = dlnet_max_s32(dlnet_min_s32(x[0], x[1]), dlnet_min_s32(x[2], x[3]));
    const int32_t high = dlnet_min_s32(dlnet_max_s32(x[0], x[1]), dlnet_max_s32(x[2], x[3]));
    return (int16_t)dlnet_max_s32(dlnet_min_s32(x[4], low), dlnet_min_s32(dlnet_max_s32(x[4], low), high));
}

#ifdef DLNET_USE_DSP
/* Both halfwords at once: SSUB16 sets a lane's GE bits where u >= v, and SEL picks by them. */
static inline uint32_t dlnet_min_s16x2(uint32_t u, uint32_t v)
{
    uint32_t difference, low;
    __asm__("ssub16 %[d], %[u], %[v]\n\tsel %[lo], %[v], %[u]" : [d] "=&r"(difference), [lo] "=r"(low) : [u] "r"(u), [v] "r"(v));
    (void)difference;
    return low;
}

static inline uint32_t dlnet_max_s16x2(uint32_t u, uint32_t v)
{
    uint32_t difference, high;
    __asm__("ssub16 %[d], %[u], %[v]\n\tsel %[hi], %[u], %[v]" : [d] "=&r"(difference), [hi] "=r"(high) : [u] "r"(u), [v] "r"(v));
    (void)difference;
    return high;
}

static inline void dlnet_min_max_s16x2(uint32_t u, uint32_t v, uint32_t *low, uint32_t *high)
{
    uint32_t difference;
    __asm__("ssub16 %[d], %[u], %[v]\n\tsel %[lo], %[v], %[u]\n\tsel %[hi], %[u], %[v]"
            : [d] "=&r"(difference), [lo] "=&r"(*low), [hi] "=&r"(*high)
            : [u] "r"(u), [v] "r"(v));
    (void)difference;
}

/*
 * The windows starting at x and x + 1 in the two halfwords: the word at x + j holds value j of both (the M4 reads
 * unaligned words), so one median of five over SSUB16 and SEL gives two outputs.
 */
static inline uint32_t dlnet_median5_s16x2(const int16_t *x)
{
    uint32_t a, b, c, d, e, lo_ab, hi_ab, lo_cd, hi_cd, low, high, lo_e, hi_e;
    memcpy(&a, x, sizeof a);
    memcpy(&b, x + 1, sizeof b);
    memcpy(&c, x + 2, sizeof c);
    memcpy(&d, x + 3, sizeof d);
    memcpy(&e, x + 4, sizeof e);
    dlnet_min_max_s16x2(a, b, &lo_ab, &hi_ab);
    dlnet_min_max_s16x2(c, d, &lo_cd, &hi_cd);
    low = dlnet_max_s16x2(lo_ab, lo_cd);
    high = dlnet_min_s16x2(hi_ab, hi_cd);
    dlnet_min_max_s16x2(e, low, &lo_e, &hi_e);
    return dlnet_max_s16x2(lo_e, dlnet_min_s16x2(hi_e, high));
}
#endif

dlnet_status dlnet_median5_filter_s16(const int16_t *input, int32_t size, int16_t *output)
{
    int32_t last;
    int32_t start = 0;
    if (input == NULL || output == NULL || size < 5) {
        return DLNET_ERROR_ARGUMENT;
    }
    last = size - 5;
#ifdef DLNET_USE_DSP
    for (; start < last; start += 2) {
        const uint32_t pair = dlnet_median5_s16x2(input + start);
        memcpy(output + start + 2, &pair, sizeof pair);
    }
    if (start == last) { /* one window left: the pair ending with it (its first output written again, the same) */
        if (last > 0) {
            const uint32_t pair = dlnet_median5_s16x2(input + last - 1);
            memcpy(output + last + 1, &pair, sizeof pair);
        } else {
            int16_t padded[6];
            uint32_t pair;
            memcpy(padded, input, 5 * sizeof padded[0]);
            padded[5] = padded[4];
            pair = dlnet_median5_s16x2(padded);
            output[2] = (int16_t)pair; /* the low halfword: the window at 0 */
        }
    }
#else
    for (; start <= last; ++start) {
        output[start + 2] = dlnet_median5(input + start);
    }
#endif
    output[0] = output[1] = output[2];
    output[size - 2] = output[size - 1] = output[size - 3];
    return DLNET_OK;
}

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
