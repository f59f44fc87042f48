#include "dlnet_fixed_point.h"

/* One copy for every kernel that requantises a 64-bit accumulator (see the header). */
int32_t dlnet_multiply_by_quantized_multiplier_s64(int64_t x, int32_t multiplier, int32_t shift)
{
    const int64_t limit = (int64_t)1 << 47;
    const int32_t n = 31 - shift;
    int64_t low;
    int64_t high;
    int64_t result;
    if (x < -limit) {
        x = -limit;
    } else if (x > limit - 1) {
        x = limit - 1;
    }
    low = (int64_t)(uint32_t)(uint64_t)x * multiplier;                             /* xl m, |xl m| < 2^63 */
    high = dlnet_floor_shift_s64(x, 32) * multiplier + dlnet_floor_shift_s64(low, 32); /* T */
    if (n >= 32) {
        const int64_t carry = n == 32 ? (int64_t)((uint32_t)(uint64_t)low >> 31) : (int64_t)1 << (n - 33);
        result = dlnet_floor_shift_s64(high + carry, n - 32);
    } else {
        result = high * ((int64_t)1 << (32 - n)) +
                 (int64_t)(((uint64_t)(uint32_t)(uint64_t)low + ((uint64_t)1 << (n - 1))) >> n);
    }
    return result > INT32_MAX ? INT32_MAX : (result < INT32_MIN ? INT32_MIN : (int32_t)result);
}
