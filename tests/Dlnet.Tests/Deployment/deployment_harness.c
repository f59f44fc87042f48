/*
 * Bit-exactness harness for the deployment kernels of the DLNet runtime (inverse square root, layer norm,
 * liquid Euler step, forecast head). Reads cases written by the C# reference
 * (DeploymentKernelCases.cs), runs each kernel and compares every output value with tolerance zero, then
 * checks that bad arguments are refused. Prints one summary line; exits 0 only when everything matches.
 * Usage: deployment_harness CASES-FILE (under QEMU: -semihosting-config ...,arg=harness,arg=CASES-FILE).
 */
#include <stdio.h>
#include <string.h>

#include "dlnet_runtime.h"

#define MAGIC 0x31444C44L /* "DLD1" */
#define ARENA_BYTES (64 * 1024)
#define MAX_REPORTED 10

enum {
    OP_END = 0,
    OP_INVERSE_SQRT = 1,
    OP_LAYER_NORM_S8 = 2,
    OP_LAYER_NORM_S16 = 3,
    OP_LIQUID_EULER = 4,
    OP_FORECAST = 6
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

static int64_t read_i64(void)
{
    int64_t v = 0;
    if (fread(&v, sizeof v, 1, cases) != 1) {
        read_failed = 1;
    }
    return v;
}

static void report(int op, int32_t element, long expected, long actual)
{
    if (mismatches < MAX_REPORTED) {
        printf("mismatch: case %ld op %d element %ld expected %ld got %ld\n", case_index, op, (long)element, expected, actual);
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

static void run_inverse_sqrt(void)
{
    const int32_t n = read_i32();
    int32_t i;
    for (i = 0; i < n && !read_failed; ++i) {
        const int64_t d = read_i64();
        const int32_t expected_multiplier = read_i32(), expected_shift = read_i32();
        int32_t multiplier;
        int32_t shift;
        if (read_failed) {
            return;
        }
        dlnet_inverse_sqrt_s64(d, &multiplier, &shift);
        if (multiplier != expected_multiplier) {
            report(OP_INVERSE_SQRT, i, (long)expected_multiplier, (long)multiplier);
        }
        if (shift != expected_shift) {
            report(OP_INVERSE_SQRT, i, (long)expected_shift, (long)shift);
        }
        values_compared += 2;
    }
}

static void run_layer_norm(int op)
{
    const int32_t batch = read_i32(), n = read_i32();
    dlnet_layer_norm_params p;
    const int16_t *input;
    p.size = n;
    p.variance_offset = read_i64();
    p.gain_shift = read_i32();
    p.activation_min = read_i32();
    p.activation_max = read_i32();
    if (read_failed) {
        return;
    }
    p.gain_multipliers = read_array(n, 4);
    p.bias = read_array(n, 4);
    input = read_array(batch * n, 2);
    if (read_failed) {
        return;
    }
    if (op == OP_LAYER_NORM_S8) {
        const int8_t *expected = read_array(batch * n, 1);
        int8_t *actual = take((size_t)(batch * n) + 1u);
        if (read_failed) {
            return;
        }
        check_status(op, dlnet_layer_norm_s16_s8(actual, input, batch, &p));
        compare_s8(op, expected, actual, batch * n);
    } else {
        const int16_t *expected = read_array(batch * n, 2);
        int16_t *actual = take((size_t)(batch * n) * 2u + 1u);
        if (read_failed) {
            return;
        }
        check_status(op, dlnet_layer_norm_s16(actual, input, batch, &p));
        compare_s16(op, expected, actual, batch * n);
    }
}

static void run_liquid_euler(void)
{
    const int32_t batch = read_i32(), h = read_i32(), r = read_i32();
    dlnet_liquid_euler_params p;
    const int16_t *state, *drive, *expected;
    int16_t *actual, *scratch;
    if (read_failed) {
        return;
    }
    p.hidden = h;
    p.rank = r;
    p.projection_weights = read_array(r * h, 2);
    p.projection_multipliers = read_array(r, 4);
    p.projection_shifts = read_array(r, 4);
    p.expansion_weights = read_array(h * r, 2);
    p.expansion_multipliers = read_array(h, 4);
    p.expansion_shifts = read_array(h, 4);
    p.diagonal_multipliers = read_array(h, 4);
    p.diagonal_shifts = read_array(h, 4);
    p.tanh_table = read_array(DLNET_LUT_S16_LENGTH, 2);
    p.decay_multipliers = read_array(h, 4);
    p.decay_shifts = read_array(h, 4);
    p.drive_multipliers = read_array(h, 4);
    p.drive_shifts = read_array(h, 4);
    state = read_array(batch * h, 2);
    drive = read_array(batch, 2);
    expected = read_array(batch * h, 2);
    actual = take((size_t)(batch * h) * 2u + 1u);
    scratch = take((size_t)r * 2u + 1u);
    if (read_failed) {
        return;
    }
    check_status(OP_LIQUID_EULER, dlnet_liquid_euler_s16(actual, state, drive, batch, &p, scratch));
    compare_s16(OP_LIQUID_EULER, expected, actual, batch * h);
    /* in place: the output may alias the state */
    memcpy(actual, state, (size_t)(batch * h) * 2u);
    check_status(OP_LIQUID_EULER, dlnet_liquid_euler_s16(actual, actual, drive, batch, &p, scratch));
    compare_s16(OP_LIQUID_EULER, expected, actual, batch * h);
}

static void run_forecast(void)
{
    const int32_t size = read_i32(), inputs = read_i32(), input_offset = read_i32(), count = read_i32();
    const int32_t offset = read_i32(), has_bias = read_i32();
    dlnet_forecast_params p;
    const int8_t *activations;
    const int16_t *anchors, *expected;
    int16_t *actual;
    if (read_failed) {
        return;
    }
    p.inputs = inputs;
    p.input_offset = input_offset;
    p.size = size;
    p.anchor_count = count;
    activations = read_array(inputs, 1);
    p.weights = read_array(size * inputs, 1);
    p.bias = has_bias ? read_array(size, 4) : NULL;
    p.row_shifts = read_array(size, 4);
    p.interpolation = read_array(size * count, 4);
    anchors = read_array(count, 2);
    expected = read_array(size, 2);
    actual = take((size_t)size * 2u + 1u);
    if (read_failed) {
        return;
    }
    check_status(OP_FORECAST, dlnet_forecast_s8_s16(actual, activations, anchors, offset, &p));
    compare_s16(OP_FORECAST, expected, actual, size);
}

/* Bad arguments must be refused with a status code. */
static long argument_check_failures(void)
{
    static const int16_t x[4] = {1, 2, 3, 4};
    static const int32_t m[4] = {1 << 30, 1 << 30, 1 << 30, 1 << 30}, zero[4] = {0, 0, 0, 0}, bad[4] = {0, 31, 0, 0};
    static const int32_t wide_bad[4] = {16, 0, 0, 0};
    static const int16_t table[DLNET_LUT_S16_LENGTH] = {0};
    int8_t y8[4];
    int16_t y16[4];
    int16_t scratch[4];
    long failures = 0;
    static const int32_t bad_multiplier[4] = {1 << 30, INT32_MIN, 0, 0};
    dlnet_layer_norm_params ln = {4, m, 0, zero, 1, -128, 127};
    dlnet_liquid_euler_params eu = {2, 1, x, m, zero, x, m, zero, m, zero, table, m, zero, m, zero};
    failures += dlnet_layer_norm_s16_s8(y8, x, 1, &ln) != DLNET_OK;
    ln.gain_shift = 31;
    failures += dlnet_layer_norm_s16_s8(y8, x, 1, &ln) != DLNET_ERROR_ARGUMENT;
    ln.gain_shift = 0;
    ln.gain_multipliers = bad_multiplier;
    failures += dlnet_layer_norm_s16_s8(y8, x, 1, &ln) != DLNET_ERROR_ARGUMENT;
    ln.gain_multipliers = m;
    ln.variance_offset = 0;
    failures += dlnet_layer_norm_s16_s8(y8, x, 1, &ln) != DLNET_ERROR_ARGUMENT;
    ln.variance_offset = ((int64_t)1 << 48) + 1;
    failures += dlnet_layer_norm_s16(y16, x, 1, &ln) != DLNET_ERROR_ARGUMENT;
    ln.variance_offset = 1;
    ln.activation_max = 128;
    failures += dlnet_layer_norm_s16_s8(y8, x, 1, &ln) != DLNET_ERROR_ARGUMENT;
    failures += dlnet_layer_norm_s16(y16, x, 1, &ln) != DLNET_OK; /* 128 is a valid int16 clamp */
    ln.activation_max = 127;
    ln.size = 0;
    failures += dlnet_layer_norm_s16(y16, x, 1, &ln) != DLNET_ERROR_ARGUMENT;
    ln.size = 4;
    failures += dlnet_layer_norm_s16(y16, NULL, 1, &ln) != DLNET_ERROR_ARGUMENT;
    failures += dlnet_layer_norm_s16(y16, x, -1, &ln) != DLNET_ERROR_ARGUMENT;
    failures += dlnet_liquid_euler_s16(y16, x, x, 2, &eu, scratch) != DLNET_OK;
    eu.rank = 3;
    failures += dlnet_liquid_euler_s16(y16, x, x, 1, &eu, scratch) != DLNET_ERROR_ARGUMENT; /* rank above hidden */
    eu.rank = 1;
    eu.projection_shifts = wide_bad;
    failures += dlnet_liquid_euler_s16(y16, x, x, 1, &eu, scratch) != DLNET_ERROR_ARGUMENT;
    eu.projection_shifts = zero;
    eu.decay_shifts = bad;
    failures += dlnet_liquid_euler_s16(y16, x, x, 1, &eu, scratch) != DLNET_ERROR_ARGUMENT;
    eu.decay_shifts = zero;
    eu.tanh_table = NULL;
    failures += dlnet_liquid_euler_s16(y16, x, x, 1, &eu, scratch) != DLNET_ERROR_ARGUMENT;
    eu.tanh_table = table;
    failures += dlnet_liquid_euler_s16(y16, x, x, 1, &eu, NULL) != DLNET_ERROR_ARGUMENT;
    {
        static const int8_t w8[4] = {1, 2, 3, 4};
        static const int32_t shifts_ok[2] = {0, 31}, shifts_bad[2] = {0, 32};
        static const int32_t interpolation[2] = {1, 2};
        dlnet_forecast_params fp = {2, 0, 2, w8, NULL, shifts_ok, 1, interpolation};
        failures += dlnet_forecast_s8_s16(y16, w8, x, 0, &fp) != DLNET_OK;
        fp.row_shifts = shifts_bad;
        failures += dlnet_forecast_s8_s16(y16, w8, x, 0, &fp) != DLNET_ERROR_ARGUMENT;
        fp.row_shifts = shifts_ok;
        fp.input_offset = 129;
        failures += dlnet_forecast_s8_s16(y16, w8, x, 0, &fp) != DLNET_ERROR_ARGUMENT;
        fp.input_offset = 0;
        failures += dlnet_forecast_s8_s16(y16, w8, NULL, 0, &fp) != DLNET_ERROR_ARGUMENT; /* anchors missing */
        fp.anchor_count = 17;
        failures += dlnet_forecast_s8_s16(y16, w8, x, 0, &fp) != DLNET_ERROR_ARGUMENT;
        fp.anchor_count = 0;
        failures += dlnet_forecast_s8_s16(y16, w8, NULL, 0, &fp) != DLNET_OK; /* no base: no anchors needed */
    }
    return failures;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[argc - 1] : "cases.bin";
    long argument_failures = argument_check_failures();
    int32_t op;
    cases = fopen(path, "rb");
    if (cases == NULL) {
        printf("cannot open %s\n", path);
        return 2;
    }
    if (read_i32() != (int32_t)MAGIC) {
        printf("%s is not a DLNet deployment case file\n", path);
        return 2;
    }
    for (case_index = 0;; ++case_index) {
        arena_used = 0;
        op = read_i32();
        if (read_failed || op == OP_END) {
            break;
        }
        switch (op) {
        case OP_INVERSE_SQRT: run_inverse_sqrt(); break;
        case OP_LAYER_NORM_S8:
        case OP_LAYER_NORM_S16: run_layer_norm(op); break;
        case OP_LIQUID_EULER: run_liquid_euler(); break;
        case OP_FORECAST: run_forecast(); break;
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
    printf("dlnet-deploy-harness: cases=%ld values=%ld mismatches=%ld argument-check-failures=%ld read-error=%d\n", case_index,
           values_compared, mismatches, argument_failures, read_failed);
    return (mismatches == 0 && argument_failures == 0 && !read_failed) ? 0 : 1;
}
