/*
 * Bit-exactness harness for the DLNet runtime. Reads cases written by the C# reference
 * (KernelCaseWriter.cs), runs each kernel, and compares every output value with tolerance zero.
 * Prints one summary line; exits 0 only when all cases match and all argument checks hold.
 * Runs on the host and, built for Cortex-M4, under QEMU with semihosting file access.
 * Usage: harness CASES-FILE (under QEMU: -semihosting-config ...,arg=harness,arg=CASES-FILE).
 */
#include <stdio.h>
#include <string.h>

#include "dlnet_runtime.h"

#define MAGIC 0x31514C44L /* "DLQ1" */
#define ARENA_BYTES (48 * 1024)
#define MAX_REPORTED 10

enum {
    OP_END = 0,
    OP_MULTIPLY_BY_QUANTIZED_MULTIPLIER = 1,
    OP_FULLY_CONNECTED_S8 = 2,
    OP_FULLY_CONNECTED_S8_S16 = 3,
    OP_FULLY_CONNECTED_S8_S32 = 4,
    OP_ADD_S8 = 5,
    OP_MUL_S8 = 6,
    OP_LUT_S8 = 7,
    OP_LUT_S16 = 8,
    OP_REQUANTIZE_S32 = 9,
    OP_REQUANTIZE_S32_S16 = 10,
    OP_REQUANTIZE_S16 = 11,
    OP_SCALED_ADD_S16 = 12,
    OP_FULLY_CONNECTED_S16 = 13,
    OP_MULTIPLY_BY_QUANTIZED_MULTIPLIER_S64 = 14
};

static int64_t arena_words[ARENA_BYTES / 8];
static size_t arena_used;
static FILE *cases;
static int read_failed;
static long mismatches;
static long values_compared;
static long case_index;

static void *take(size_t bytes)
{
    void *p;
    bytes = (bytes + 7u) & ~(size_t)7u;
    if (arena_used + bytes > sizeof arena_words) {
        read_failed = 1;
        return NULL;
    }
    p = (char *)arena_words + arena_used;
    arena_used += bytes;
    return p;
}

static void *read_array(int32_t count, size_t element_bytes)
{
    void *p;
    if (count < 0) {
        read_failed = 1;
        return NULL;
    }
    p = take((size_t)count * element_bytes + 1u);
    if (p == NULL || fread(p, element_bytes, (size_t)count, cases) != (size_t)count) {
        read_failed = 1;
        return NULL;
    }
    return p;
}

static int32_t read_i32(void)
{
    int32_t v = 0;
    if (fread(&v, sizeof v, 1, cases) != 1) {
        read_failed = 1;
    }
    return v;
}

static void report(int op, int32_t element, long expected, long actual)
{
    if (mismatches < MAX_REPORTED) {
        printf("mismatch: case %ld op %d element %ld expected %ld got %ld\n", case_index, op, (long)element, expected,
               actual);
    }
    ++mismatches;
}

static void check_status(int op, dlnet_status status)
{
    if (status != DLNET_OK) {
        printf("kernel refused its arguments: case %ld op %d status %d\n", case_index, op, (int)status);
        ++mismatches;
    }
}

static void compare_s8(int op, const int8_t *expected, const int8_t *actual, int32_t n)
{
    int32_t i;
    for (i = 0; i < n; ++i) {
        if (expected[i] != actual[i]) {
            report(op, i, expected[i], actual[i]);
        }
    }
    values_compared += n;
}

static void compare_s16(int op, const int16_t *expected, const int16_t *actual, int32_t n)
{
    int32_t i;
    for (i = 0; i < n; ++i) {
        if (expected[i] != actual[i]) {
            report(op, i, expected[i], actual[i]);
        }
    }
    values_compared += n;
}

static void compare_s32(int op, const int32_t *expected, const int32_t *actual, int32_t n)
{
    int32_t i;
    for (i = 0; i < n; ++i) {
        if (expected[i] != actual[i]) {
            report(op, i, (long)expected[i], (long)actual[i]);
        }
    }
    values_compared += n;
}

static void run_multiply_by_quantized_multiplier(void)
{
    const int32_t n = read_i32();
    const int32_t *rows = read_array(n < 0 ? -1 : n * 4, 4);
    int32_t i;
    if (read_failed) {
        return;
    }
    for (i = 0; i < n; ++i) {
        const int32_t *r = rows + 4 * i;
        const int32_t actual = dlnet_multiply_by_quantized_multiplier(r[0], r[1], r[2]);
        if (actual != r[3]) {
            report(OP_MULTIPLY_BY_QUANTIZED_MULTIPLIER, i, (long)r[3], (long)actual);
        }
    }
    values_compared += n;
}

static void run_multiply_by_quantized_multiplier_s64(void)
{
    const int32_t n = read_i32();
    const int64_t *x = read_array(n, 8);
    const int32_t *multipliers = read_array(n, 4), *shifts = read_array(n, 4), *expected = read_array(n, 4);
    int32_t i;
    if (read_failed) {
        return;
    }
    for (i = 0; i < n; ++i) {
        const int32_t actual = dlnet_multiply_by_quantized_multiplier_s64(x[i], multipliers[i], shifts[i]);
        if (actual != expected[i]) {
            report(OP_MULTIPLY_BY_QUANTIZED_MULTIPLIER_S64, i, (long)expected[i], (long)actual);
        }
    }
    values_compared += n;
}

static void run_fully_connected_s16(void)
{
    const int32_t batch = read_i32(), inputs = read_i32(), outputs = read_i32();
    dlnet_fc_params p;
    int32_t has_bias;
    const int16_t *input, *weights, *expected;
    const int64_t *bias = NULL;
    const int32_t *multipliers, *shifts;
    int16_t *actual;
    p.input_offset = read_i32();
    p.output_offset = read_i32();
    p.activation_min = read_i32();
    p.activation_max = read_i32();
    has_bias = read_i32();
    if (read_failed) {
        return;
    }
    input = read_array(batch * inputs, 2);
    weights = read_array(outputs * inputs, 2);
    if (has_bias) {
        bias = read_array(outputs, 8);
    }
    multipliers = read_array(outputs, 4);
    shifts = read_array(outputs, 4);
    expected = read_array(batch * outputs, 2);
    actual = take((size_t)(batch * outputs) * 2u + 1u);
    if (read_failed) {
        return;
    }
    check_status(OP_FULLY_CONNECTED_S16, dlnet_fully_connected_s16(actual, input, weights, bias, multipliers, shifts, &p, batch, inputs, outputs));
    compare_s16(OP_FULLY_CONNECTED_S16, expected, actual, batch * outputs);
}

static void run_fully_connected(int op)
{
    const int32_t batch = read_i32(), inputs = read_i32(), outputs = read_i32();
    dlnet_fc_params p;
    int32_t has_bias;
    const int8_t *input, *weights;
    const int32_t *bias = NULL, *multipliers = NULL, *shifts = NULL;
    p.input_offset = read_i32();
    if (op != OP_FULLY_CONNECTED_S8_S32) {
        p.output_offset = read_i32();
        p.activation_min = read_i32();
        p.activation_max = read_i32();
    }
    has_bias = read_i32();
    if (read_failed) {
        return;
    }
    input = read_array(batch * inputs, 1);
    weights = read_array(outputs * inputs, 1);
    if (has_bias) {
        bias = read_array(outputs, 4);
    }
    if (op != OP_FULLY_CONNECTED_S8_S32) {
        multipliers = read_array(outputs, 4);
        shifts = read_array(outputs, 4);
    }
    if (read_failed) {
        return;
    }
    if (op == OP_FULLY_CONNECTED_S8) {
        const int8_t *expected = read_array(batch * outputs, 1);
        int8_t *actual = take((size_t)(batch * outputs) + 1u);
        if (read_failed) {
            return;
        }
        check_status(op, dlnet_fully_connected_s8(actual, input, weights, bias, multipliers, shifts, &p, batch, inputs, outputs));
        compare_s8(op, expected, actual, batch * outputs);
    } else if (op == OP_FULLY_CONNECTED_S8_S16) {
        const int16_t *expected = read_array(batch * outputs, 2);
        int16_t *actual = take((size_t)(batch * outputs) * 2u + 1u);
        if (read_failed) {
            return;
        }
        check_status(op, dlnet_fully_connected_s8_s16(actual, input, weights, bias, multipliers, shifts, &p, batch, inputs, outputs));
        compare_s16(op, expected, actual, batch * outputs);
    } else {
        const int32_t *expected = read_array(batch * outputs, 4);
        int32_t *actual = take((size_t)(batch * outputs) * 4u + 1u);
        if (read_failed) {
            return;
        }
        check_status(op, dlnet_fully_connected_s8_s32(actual, input, weights, bias, p.input_offset, batch, inputs, outputs));
        compare_s32(op, expected, actual, batch * outputs);
    }
}

static void run_add_s8(void)
{
    const int32_t size = read_i32();
    dlnet_add_s8_params p;
    const int8_t *a, *b, *expected;
    int8_t *actual;
    p.input1_offset = read_i32();
    p.input1_multiplier = read_i32();
    p.input1_shift = read_i32();
    p.input2_offset = read_i32();
    p.input2_multiplier = read_i32();
    p.input2_shift = read_i32();
    p.left_shift = read_i32();
    p.output_offset = read_i32();
    p.output_multiplier = read_i32();
    p.output_shift = read_i32();
    p.activation_min = read_i32();
    p.activation_max = read_i32();
    a = read_array(size, 1);
    b = read_array(size, 1);
    expected = read_array(size, 1);
    actual = take((size_t)size + 1u);
    if (read_failed) {
        return;
    }
    check_status(OP_ADD_S8, dlnet_add_s8(actual, a, b, size, &p));
    compare_s8(OP_ADD_S8, expected, actual, size);
}

static void run_mul_s8(void)
{
    const int32_t size = read_i32();
    dlnet_mul_s8_params p;
    const int8_t *a, *b, *expected;
    int8_t *actual;
    p.input1_offset = read_i32();
    p.input2_offset = read_i32();
    p.output_offset = read_i32();
    p.output_multiplier = read_i32();
    p.output_shift = read_i32();
    p.activation_min = read_i32();
    p.activation_max = read_i32();
    a = read_array(size, 1);
    b = read_array(size, 1);
    expected = read_array(size, 1);
    actual = take((size_t)size + 1u);
    if (read_failed) {
        return;
    }
    check_status(OP_MUL_S8, dlnet_mul_s8(actual, a, b, size, &p));
    compare_s8(OP_MUL_S8, expected, actual, size);
}

static void run_lut(int op)
{
    const int32_t size = read_i32();
    if (op == OP_LUT_S8) {
        const int8_t *table = read_array(DLNET_LUT_S8_LENGTH, 1);
        const int8_t *input = read_array(size, 1);
        const int8_t *expected = read_array(size, 1);
        int8_t *actual = take((size_t)size + 1u);
        if (read_failed) {
            return;
        }
        check_status(op, dlnet_lut_s8(actual, input, size, table));
        compare_s8(op, expected, actual, size);
    } else {
        const int16_t *table = read_array(DLNET_LUT_S16_LENGTH, 2);
        const int16_t *input = read_array(size, 2);
        const int16_t *expected = read_array(size, 2);
        int16_t *actual = take((size_t)size * 2u + 1u);
        if (read_failed) {
            return;
        }
        check_status(op, dlnet_lut_s16(actual, input, size, table));
        compare_s16(op, expected, actual, size);
    }
}

static void run_requantize(int op)
{
    const int32_t size = read_i32(), multiplier = read_i32(), shift = read_i32();
    const int32_t offset = read_i32(), lo = read_i32(), hi = read_i32();
    if (read_failed) {
        return;
    }
    if (op == OP_REQUANTIZE_S32) {
        const int32_t *input = read_array(size, 4);
        const int8_t *expected = read_array(size, 1);
        int8_t *actual = take((size_t)size + 1u);
        if (read_failed) {
            return;
        }
        check_status(op, dlnet_requantize_s32(actual, input, size, multiplier, shift, offset, lo, hi));
        compare_s8(op, expected, actual, size);
    } else if (op == OP_REQUANTIZE_S32_S16) {
        const int32_t *input = read_array(size, 4);
        const int16_t *expected = read_array(size, 2);
        int16_t *actual = take((size_t)size * 2u + 1u);
        if (read_failed) {
            return;
        }
        check_status(op, dlnet_requantize_s32_s16(actual, input, size, multiplier, shift, offset, lo, hi));
        compare_s16(op, expected, actual, size);
    } else {
        const int16_t *input = read_array(size, 2);
        const int8_t *expected = read_array(size, 1);
        int8_t *actual = take((size_t)size + 1u);
        if (read_failed) {
            return;
        }
        check_status(op, dlnet_requantize_s16(actual, input, size, multiplier, shift, offset, lo, hi));
        compare_s8(op, expected, actual, size);
    }
}

static void run_scaled_add_s16(void)
{
    const int32_t size = read_i32(), channels = read_i32();
    const int32_t *ma = read_array(channels, 4), *sa = read_array(channels, 4);
    const int32_t *mb = read_array(channels, 4), *sb = read_array(channels, 4);
    const int16_t *a = read_array(size, 2), *b = read_array(size, 2), *expected = read_array(size, 2);
    int16_t *actual = take((size_t)size * 2u + 1u);
    if (read_failed) {
        return;
    }
    check_status(OP_SCALED_ADD_S16, dlnet_scaled_add_s16(actual, a, b, size, ma, sa, mb, sb, channels));
    compare_s16(OP_SCALED_ADD_S16, expected, actual, size);
}

/* Bad arguments must be refused with a status code, never touched. */
static long argument_check_failures(void)
{
    static const int8_t x[4] = {1, 2, 3, 4};
    static const int32_t m[1] = {1 << 30}, bad_shift[1] = {31}, good_shift[1] = {0};
    static const int8_t table8[DLNET_LUT_S8_LENGTH] = {0};
    int8_t y[4];
    int16_t y16[4];
    int32_t y32[4];
    long failures = 0;
    dlnet_fc_params fc = {0, 0, -128, 127};
    dlnet_add_s8_params add = {0, 1 << 30, -1, 0, 1 << 30, -1, 20, 0, 1 << 30, -19, -128, 127};
    dlnet_mul_s8_params mul = {0, 0, 0, 1 << 30, 0, -128, 127};
    failures += dlnet_fully_connected_s8(y, x, x, NULL, m, bad_shift, &fc, 1, 4, 1) != DLNET_ERROR_ARGUMENT;
    failures += dlnet_fully_connected_s8(y, NULL, x, NULL, m, good_shift, &fc, 1, 4, 1) != DLNET_ERROR_ARGUMENT;
    failures += dlnet_fully_connected_s8(y, x, x, NULL, m, good_shift, &fc, -1, 4, 1) != DLNET_ERROR_ARGUMENT;
    fc.input_offset = 129;
    failures += dlnet_fully_connected_s8(y, x, x, NULL, m, good_shift, &fc, 1, 4, 1) != DLNET_ERROR_ARGUMENT;
    failures += dlnet_fully_connected_s8_s32(y32, x, x, NULL, -128, 1, 4, 1) != DLNET_ERROR_ARGUMENT;
    fc.input_offset = 0;
    fc.activation_max = 128;
    failures += dlnet_fully_connected_s8(y, x, x, NULL, m, good_shift, &fc, 1, 4, 1) != DLNET_ERROR_ARGUMENT;
    fc.activation_min = 1;
    fc.activation_max = 0;
    failures += dlnet_fully_connected_s8_s16(y16, x, x, NULL, m, good_shift, &fc, 1, 4, 1) != DLNET_ERROR_ARGUMENT;
    add.left_shift = 23;
    failures += dlnet_add_s8(y, x, x, 4, &add) != DLNET_ERROR_ARGUMENT;
    add.left_shift = 20;
    add.output_shift = -32;
    failures += dlnet_add_s8(y, x, x, 4, &add) != DLNET_ERROR_ARGUMENT;
    mul.output_offset = 128;
    failures += dlnet_mul_s8(y, x, x, 4, &mul) != DLNET_ERROR_ARGUMENT;
    failures += dlnet_lut_s8(y, x, -1, table8) != DLNET_ERROR_ARGUMENT;
    failures += dlnet_lut_s16(y16, y16, 4, NULL) != DLNET_ERROR_ARGUMENT;
    failures += dlnet_requantize_s32(y, m, 1, 1 << 30, 31, 0, -128, 127) != DLNET_ERROR_ARGUMENT;
    failures += dlnet_requantize_s16(y, y16, 1, 1 << 30, 0, 0, -129, 127) != DLNET_ERROR_ARGUMENT;
    failures += dlnet_fully_connected_s16(y16, y16, y16, NULL, m, good_shift, &fc, 1, 4, 1) != DLNET_ERROR_ARGUMENT; /* clamp 1 > 0 */
    fc.activation_min = -32768;
    fc.activation_max = 32767;
    failures += dlnet_fully_connected_s16(y16, y16, y16, NULL, m, m, &fc, 1, 4, 1) != DLNET_ERROR_ARGUMENT; /* shift 2^30 */
    failures += dlnet_fully_connected_s16(y16, y16, y16, NULL, m, good_shift, &fc, 1, -4, 1) != DLNET_ERROR_ARGUMENT;
    fc.input_offset = -32768;
    failures += dlnet_fully_connected_s16(y16, y16, y16, NULL, m, good_shift, &fc, 1, 4, 1) != DLNET_ERROR_ARGUMENT;
    failures += dlnet_scaled_add_s16(y16, y16, y16, 3, m, good_shift, m, good_shift, 2) != DLNET_ERROR_ARGUMENT;
    failures += dlnet_scaled_add_s16(y16, y16, y16, 4, m, good_shift, m, bad_shift, 1) != DLNET_ERROR_ARGUMENT;
    return failures;
}

int main(int argc, char **argv)
{
    /* the last argument: picolibc's semihosting start-up may or may not pass a program name first */
    const char *path = argc > 1 ? argv[argc - 1] : "cases.bin";
    long argument_failures = argument_check_failures();
    int dsp = 0;
    int32_t op;
#if defined(__ARM_FEATURE_DSP) && !defined(DLNET_NO_DSP)
    dsp = 1;
#endif
    cases = fopen(path, "rb");
    if (cases == NULL) {
        printf("cannot open %s\n", path);
        return 2;
    }
    if (read_i32() != (int32_t)MAGIC) {
        printf("%s is not a DLNet case file\n", path);
        return 2;
    }
    for (case_index = 0;; ++case_index) {
        arena_used = 0;
        op = read_i32();
        if (read_failed || op == OP_END) {
            break;
        }
        switch (op) {
        case OP_MULTIPLY_BY_QUANTIZED_MULTIPLIER: run_multiply_by_quantized_multiplier(); break;
        case OP_FULLY_CONNECTED_S8:
        case OP_FULLY_CONNECTED_S8_S16:
        case OP_FULLY_CONNECTED_S8_S32: run_fully_connected(op); break;
        case OP_ADD_S8: run_add_s8(); break;
        case OP_MUL_S8: run_mul_s8(); break;
        case OP_LUT_S8:
        case OP_LUT_S16: run_lut(op); break;
        case OP_REQUANTIZE_S32:
        case OP_REQUANTIZE_S32_S16:
        case OP_REQUANTIZE_S16: run_requantize(op); break;
        case OP_SCALED_ADD_S16: run_scaled_add_s16(); break;
        case OP_FULLY_CONNECTED_S16: run_fully_connected_s16(); break;
        case OP_MULTIPLY_BY_QUANTIZED_MULTIPLIER_S64: run_multiply_by_quantized_multiplier_s64(); break;
        default:
            printf("unknown op %ld in case %ld\n", (long)op, case_index);
            read_failed = 1;
            break;
        }
        if (read_failed) {
            break;
        }
    }
    fclose(cases);
    printf("dlnet-harness: dsp=%d cases=%ld values=%ld mismatches=%ld argument-check-failures=%ld read-error=%d\n", dsp,
           case_index, values_compared, mismatches, argument_failures, read_failed);
    return (mismatches == 0 && argument_failures == 0 && !read_failed) ? 0 : 1;
}
