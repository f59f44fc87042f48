/*
 * Bit-exactness harness of the DLNet runtime. Reads kernel cases written from the C# twins (the committed
 * kernel_cases.bin, or a file given on the command line), runs each kernel, and compares every output value
 * with tolerance zero; then checks that bad arguments are refused. Prints one summary line and exits 0 only
 * when every case matches. Runs on the host and, built for a Cortex-M4, under QEMU with semihosting files.
 * Usage: harness CASES-FILE (under QEMU: -semihosting-config ...,arg=harness,arg=CASES-FILE).
 *
 * Case file (little-endian, runtime/README.md): the magic "DLK1", then cases, then an int32 0. A case is an int32
 * op, an int32 tensor count and the tensors; a tensor is an int32 element size in bytes (1, 2, 4 or 8, signed), an
 * int32 length and the values. The last tensor of a case is the expected output; the others are, in order, what
 * the run_ function of its op reads.
 */
#include <stdio.h>
#include <string.h>

#include "dlnet_fixed_point.h"
#include "dlnet_runtime.h"

#define MAGIC 0x314B4C44L /* "DLK1" */
#define ARENA_BYTES (64 * 1024)
#define MAX_TENSORS 17
#define MAX_ELEMENTS (1L << 20)
#define MAX_REPORTED 10

enum {
    OP_END = 0,
    OP_MULTIPLY_BY_QUANTIZED_MULTIPLIER = 1,
    OP_MULTIPLY_BY_QUANTIZED_MULTIPLIER_S64 = 2,
    OP_INVERSE_SQRT_S64 = 3,
    OP_FULLY_CONNECTED_S8_S16 = 4,
    OP_FULLY_CONNECTED_S16 = 5,
    OP_LAYER_NORM_S16_S8 = 6,
    OP_LAYER_NORM_S16 = 7,
    OP_LUT_S16 = 8,
    OP_REQUANTIZE_S16 = 9,
    OP_SCALED_ADD_S16 = 10,
    OP_LIQUID_EULER_S16 = 11,
    OP_FORECAST_S8_S16 = 12,
    OP_MEDIAN_FILTER_S16 = 13,
    OP_FULLY_CONNECTED_S16_W8 = 14,
    OP_COUNT
};

static const char *const op_names[OP_COUNT] = {
    "end", "multiply_by_quantized_multiplier", "multiply_by_quantized_multiplier_s64", "inverse_sqrt_s64",
    "fully_connected_s8_s16", "fully_connected_s16", "layer_norm_s16_s8", "layer_norm_s16", "lut_s16",
    "requantize_s16", "scaled_add_s16", "liquid_euler_s16", "forecast_s8_s16", "median_filter_s16",
    "fully_connected_s16_w8"};

/* Tensors of a case of each op, the expected output included. */
static const int32_t op_tensors[OP_COUNT] = {0, 4, 4, 2, 7, 7, 6, 6, 3, 3, 8, 17, 8, 3, 7};

typedef struct {
    int32_t bytes;  /* element size */
    int32_t length; /* elements */
    void *data;
} tensor;

static int64_t arena_words[ARENA_BYTES / 8];
static size_t arena_used;
static FILE *cases;
static int read_failed;
static long case_index;
static int case_op;
static tensor tensors[MAX_TENSORS];
static int32_t tensor_count;
static long mismatches;
static long values_compared;

static void fail_read(const char *what, long tensor_index)
{
    if (!read_failed) {
        printf("bad case file: case %ld (%s) tensor %ld: %s\n", case_index,
               case_op > 0 && case_op < OP_COUNT ? op_names[case_op] : "?", tensor_index, what);
    }
    read_failed = 1;
}

static void *take(size_t bytes)
{
    void *p;
    bytes = (bytes + 7u) & ~(size_t)7u;
    if (bytes > sizeof arena_words - arena_used) {
        return NULL;
    }
    p = (char *)arena_words + arena_used;
    arena_used += bytes;
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

/* Reads one case's tensors into the arena, each checked for its element size and length before it is stored. */
static void read_case(void)
{
    int32_t k;
    tensor_count = read_i32();
    if (read_failed || tensor_count != op_tensors[case_op]) {
        fail_read("tensor count missing or not the op's", -1);
        return;
    }
    for (k = 0; k < tensor_count; ++k) {
        tensor *t = &tensors[k];
        t->bytes = read_i32();
        t->length = read_i32();
        if (read_failed || (t->bytes != 1 && t->bytes != 2 && t->bytes != 4 && t->bytes != 8) || t->length < 0 ||
            t->length > MAX_ELEMENTS) {
            fail_read("element size or length missing or out of range", k);
            return;
        }
        t->data = take((size_t)t->length * (size_t)t->bytes + 1u);
        if (t->data == NULL) {
            fail_read("larger than the harness's arena", k);
            return;
        }
        if (fread(t->data, (size_t)t->bytes, (size_t)t->length, cases) != (size_t)t->length) {
            fail_read("truncated", k);
            return;
        }
    }
}

/* Tensor k, which must hold length elements of the given size; NULL (and a read error) otherwise. */
static void *want(int32_t k, int32_t bytes, int64_t length)
{
    char what[80];
    if (read_failed) {
        return NULL;
    }
    if (tensors[k].bytes != bytes || (int64_t)tensors[k].length != length) {
        snprintf(what, sizeof what, "holds %ld values of %d bytes, expected %ld of %d", (long)tensors[k].length, (int)tensors[k].bytes,
                (long)length, (int)bytes);
        fail_read(what, k);
        return NULL;
    }
    return tensors[k].data;
}

/* As want, for a tensor that may be empty (a bias left out): NULL when it is. */
static void *want_optional(int32_t k, int32_t bytes, int64_t length)
{
    if (!read_failed && tensors[k].length == 0 && tensors[k].bytes == bytes) {
        return NULL;
    }
    return want(k, bytes, length);
}

/* The product of two sizes read from the file, or -1 when either is negative or the product is implausible. */
static int64_t elements(int32_t a, int32_t b)
{
    return a < 0 || b < 0 || (int64_t)a * b > MAX_ELEMENTS ? -1 : (int64_t)a * b;
}

/* Scratch output of n elements of the given size, filled with a pattern so that unwritten values show. */
static void *output(int32_t bytes, int64_t n)
{
    void *p = n < 0 ? NULL : take((size_t)n * (size_t)bytes + 1u);
    if (p == NULL) {
        fail_read("output larger than the harness's arena", -1);
        return NULL;
    }
    memset(p, 0x5A, (size_t)n * (size_t)bytes);
    return p;
}

static long value_at(const void *p, int32_t bytes, int64_t i)
{
    switch (bytes) {
    case 1: return ((const int8_t *)p)[i];
    case 2: return ((const int16_t *)p)[i];
    default: return (long)((const int32_t *)p)[i];
    }
}

/* Compares actual with the case's last tensor, value by value. */
static void compare(const void *actual, int32_t bytes, int64_t n)
{
    const void *expected = want(tensor_count - 1, bytes, n);
    int64_t i;
    if (expected == NULL) {
        return;
    }
    for (i = 0; i < n; ++i) {
        const long e = value_at(expected, bytes, i), a = value_at(actual, bytes, i);
        if (e != a) {
            if (mismatches < MAX_REPORTED) {
                printf("mismatch: case %ld (%s) value %ld: expected %ld, got %ld\n", case_index, op_names[case_op], (long)i,
                       e, a);
            }
            ++mismatches;
        }
    }
    values_compared += (long)n;
}

static int accepted(dlnet_status status)
{
    if (status != DLNET_OK) {
        printf("kernel refused its arguments: case %ld (%s) status %d\n", case_index, op_names[case_op], (int)status);
        ++mismatches;
    }
    return status == DLNET_OK;
}

static void run_multiply_by_quantized_multiplier(int wide)
{
    const int32_t n = tensors[0].length;
    const void *x = want(0, wide ? 8 : 4, n);
    const int32_t *m = want(1, 4, n), *s = want(2, 4, n);
    int32_t *y = output(4, n);
    int32_t i;
    if (read_failed) {
        return;
    }
    for (i = 0; i < n; ++i) {
        /* the documented shift ranges are the callers' to keep: cases outside them would be a bad file */
        if (s[i] < -31 || s[i] > (wide ? 15 : 30)) {
            fail_read("shift out of range", 2);
            return;
        }
        y[i] = wide ? dlnet_multiply_by_quantized_multiplier_s64(((const int64_t *)x)[i], m[i], s[i])
                    : dlnet_multiply_by_quantized_multiplier(((const int32_t *)x)[i], m[i], s[i]);
    }
    compare(y, 4, n);
}

static void run_inverse_sqrt(void)
{
    const int32_t n = tensors[0].length;
    const int64_t *d = want(0, 8, n);
    int32_t *y = output(4, 2 * (int64_t)n);
    int32_t i;
    if (read_failed) {
        return;
    }
    for (i = 0; i < n; ++i) {
        if (d[i] < 1 || d[i] > (((int64_t)1 << 62) - 1)) {
            fail_read("argument out of [1, 2^62 - 1]", 0);
            return;
        }
        dlnet_inverse_sqrt_s64(d[i], &y[2 * i], &y[2 * i + 1]);
    }
    compare(y, 4, 2 * (int64_t)n);
}

/*
 * The fully connected kernels, int16 outputs: int8 inputs, weights and int32 biases (FC_S8); int16 inputs, int64 biases
 * and int16 (FC_S16) or int8 (FC_S16_W8) weights.
 */
enum { FC_S8, FC_S16, FC_S16_W8 };

static void run_fully_connected(int kind)
{
    const int wide = kind != FC_S8;
    const int32_t *c = want(0, 4, 7);
    const void *weights;
    const void *bias;
    const int32_t *multipliers;
    const int32_t *shifts;
    const void *x;
    int16_t *y;
    int32_t batch;
    int32_t inputs;
    int32_t outputs;
    dlnet_status status;
    if (c == NULL) {
        return;
    }
    batch = c[0];
    inputs = c[1];
    outputs = c[2];
    weights = want(1, kind == FC_S16 ? 2 : 1, elements(outputs, inputs));
    bias = want_optional(2, wide ? 8 : 4, outputs);
    multipliers = want(3, 4, outputs);
    shifts = want(4, 4, outputs);
    x = want(5, wide ? 2 : 1, elements(batch, inputs));
    y = output(2, elements(batch, outputs));
    if (read_failed) {
        return;
    }
    if (kind == FC_S16) {
        const dlnet_fully_connected_s16_params p = {inputs, outputs, c[3], c[4], c[5], c[6], weights, bias, multipliers, shifts};
        status = dlnet_fully_connected_s16(&p, x, batch, y);
    } else if (kind == FC_S16_W8) {
        const dlnet_fully_connected_s16_w8_params p = {inputs, outputs, c[4], c[5], c[6], weights, bias, multipliers, shifts};
        if (c[3] != 0) {
            fail_read("fully_connected_s16_w8 has no input offset", 0);
            return;
        }
        status = dlnet_fully_connected_s16_w8(&p, x, batch, y);
    } else {
        const dlnet_fully_connected_s8_params p = {inputs, outputs, c[3], c[4], c[5], c[6], weights, bias, multipliers, shifts};
        status = dlnet_fully_connected_s8_s16(&p, x, batch, y);
    }
    if (accepted(status)) {
        compare(y, 2, elements(batch, outputs));
    }
}

static void run_layer_norm(int int16_output)
{
    const int32_t *c = want(0, 4, 5);
    const int64_t *variance_offset = want(1, 8, 1);
    dlnet_layer_norm_params p;
    const int16_t *x;
    void *y;
    int32_t batch;
    if (c == NULL || variance_offset == NULL) {
        return;
    }
    batch = c[0];
    p.size = c[1];
    p.gain_shift = c[2];
    p.activation_min = c[3];
    p.activation_max = c[4];
    p.variance_offset = *variance_offset;
    p.gain_multipliers = want(2, 4, p.size);
    p.bias = want(3, 4, p.size);
    x = want(4, 2, elements(batch, p.size));
    y = output(int16_output ? 2 : 1, elements(batch, p.size));
    if (!read_failed && accepted(int16_output ? dlnet_layer_norm_s16(&p, x, batch, y) : dlnet_layer_norm_s16_s8(&p, x, batch, y))) {
        compare(y, int16_output ? 2 : 1, elements(batch, p.size));
    }
}

static void run_lut_s16(void)
{
    dlnet_lut_params p;
    const int16_t *x;
    int16_t *y;
    int32_t n;
    p.table = want(0, 2, DLNET_LUT_S16_LENGTH);
    n = tensors[1].length;
    x = want(1, 2, n);
    y = output(2, n);
    if (!read_failed && accepted(dlnet_lut_s16(&p, x, n, y))) {
        compare(y, 2, n);
        /* in place: the output may alias the input */
        memcpy(y, x, (size_t)n * 2u);
        if (accepted(dlnet_lut_s16(&p, y, n, y))) {
            compare(y, 2, n);
        }
    }
}

static void run_requantize_s16(void)
{
    const int32_t *c = want(0, 4, 5);
    dlnet_requantize_params p;
    const int16_t *x;
    int8_t *y;
    int32_t n;
    if (c == NULL) {
        return;
    }
    p.multiplier = c[0];
    p.shift = c[1];
    p.output_offset = c[2];
    p.activation_min = c[3];
    p.activation_max = c[4];
    n = tensors[1].length;
    x = want(1, 2, n);
    y = output(1, n);
    if (!read_failed && accepted(dlnet_requantize_s16(&p, x, n, y))) {
        compare(y, 1, n);
    }
}

static void run_median_filter_s16(void)
{
    const int32_t *c = want(0, 4, 1);
    dlnet_median_filter_params p;
    const int16_t *x;
    int16_t *y;
    int32_t n;
    if (c == NULL) {
        return;
    }
    p.width = c[0];
    n = tensors[1].length;
    x = want(1, 2, n);
    y = output(2, n);
    if (!read_failed && accepted(dlnet_median_filter_s16(&p, x, n, y))) {
        compare(y, 2, n);
    }
    /* width 5 has a kernel of its own, which the generated models call: the same expectation, into a cleared output */
    if (!read_failed && p.width == 5) {
        memset(y, 0xA5, (size_t)n * sizeof *y);
        if (accepted(dlnet_median5_filter_s16(x, n, y))) {
            compare(y, 2, n);
        }
    }
}

static void run_scaled_add_s16(void)
{
    const int32_t *c = want(0, 4, 1);
    dlnet_scaled_add_params p;
    const int16_t *a;
    const int16_t *b;
    int16_t *y;
    int32_t n;
    if (c == NULL) {
        return;
    }
    p.channels = c[0];
    p.multipliers_a = want(1, 4, p.channels);
    p.shifts_a = want(2, 4, p.channels);
    p.multipliers_b = want(3, 4, p.channels);
    p.shifts_b = want(4, 4, p.channels);
    n = tensors[5].length;
    a = want(5, 2, n);
    b = want(6, 2, n);
    y = output(2, n);
    if (!read_failed && accepted(dlnet_scaled_add_s16(&p, a, b, n, y))) {
        compare(y, 2, n);
        /* in place: the output may alias an input, as the residual x_T + r x0 does */
        memcpy(y, a, (size_t)n * 2u);
        if (accepted(dlnet_scaled_add_s16(&p, y, b, n, y))) {
            compare(y, 2, n);
        }
    }
}

static void run_liquid_euler_s16(void)
{
    const int32_t *c = want(0, 4, 3);
    dlnet_liquid_euler_params p;
    const int16_t *state;
    const int16_t *drive;
    int16_t *y;
    int16_t *scratch;
    int32_t batch;
    int64_t n;
    if (c == NULL) {
        return;
    }
    batch = c[0];
    p.hidden = c[1];
    p.rank = c[2];
    n = elements(batch, p.hidden);
    p.projection_weights = want(1, 2, elements(p.rank, p.hidden));
    p.projection_multipliers = want(2, 4, p.rank);
    p.projection_shifts = want(3, 4, p.rank);
    p.expansion_weights = want(4, 2, elements(p.hidden, p.rank));
    p.expansion_multipliers = want(5, 4, p.hidden);
    p.expansion_shifts = want(6, 4, p.hidden);
    p.diagonal_multipliers = want(7, 4, p.hidden);
    p.diagonal_shifts = want(8, 4, p.hidden);
    p.tanh_table = want(9, 2, DLNET_LUT_S16_LENGTH);
    p.decay_multipliers = want(10, 4, p.hidden);
    p.decay_shifts = want(11, 4, p.hidden);
    p.drive_multipliers = want(12, 4, p.hidden);
    p.drive_shifts = want(13, 4, p.hidden);
    state = want(14, 2, n);
    drive = want(15, 2, batch);
    y = output(2, n);
    scratch = output(2, p.rank);
    if (!read_failed && n >= 0 && accepted(dlnet_liquid_euler_s16(&p, state, drive, batch, scratch, y))) {
        compare(y, 2, n);
        /* in place: the output may alias the state */
        memcpy(y, state, (size_t)n * 2u);
        if (accepted(dlnet_liquid_euler_s16(&p, y, drive, batch, scratch, y))) {
            compare(y, 2, n);
        }
    }
}

static void run_forecast_s8_s16(void)
{
    const int32_t *c = want(0, 4, 5);
    dlnet_forecast_params p;
    const int8_t *activations;
    const int16_t *anchors;
    int16_t *y;
    int32_t offset;
    if (c == NULL) {
        return;
    }
    p.inputs = c[0];
    p.input_offset = c[1];
    p.size = c[2];
    p.anchor_count = c[3];
    offset = c[4];
    p.weights = want(1, 1, elements(p.size, p.inputs));
    p.bias = want_optional(2, 4, p.size);
    p.row_shifts = want(3, 1, p.size);
    p.interpolation = want_optional(4, 4, elements(p.size, p.anchor_count));
    activations = want(5, 1, p.inputs);
    anchors = want_optional(6, 2, p.anchor_count);
    y = output(2, p.size);
    if (!read_failed && accepted(dlnet_forecast_s8_s16(&p, activations, anchors, offset, y))) {
        compare(y, 2, p.size);
    }
}

/* Bad arguments must be refused with a status code; a few good ones must be accepted. Returns the failures. */
static long argument_check_failures(void)
{
    static const int8_t x8[4] = {1, 2, 3, 4};
    static const int16_t x[4] = {1, 2, 3, 4};
    static const int32_t m[4] = {1 << 30, 1 << 30, 1 << 30, 1 << 30}, zero[4] = {0, 0, 0, 0}, bad[4] = {0, 31, 0, 0};
    static const int32_t wide_bad[4] = {16, 0, 0, 0}, bad_multiplier[4] = {1 << 30, INT32_MIN, 0, 0};
    static const int64_t big_bias[1] = {((int64_t)1 << 47) + 1};
    static const int16_t table[DLNET_LUT_S16_LENGTH] = {0};
    static const uint8_t shifts_ok[2] = {0, 31}, shifts_bad[2] = {0, 32}, shifts_bad_word[4] = {31, 0, 128, 0};
    static const int32_t interpolation[2] = {1, 2};
    int8_t y8[4];
    int16_t y16[4];
    int16_t scratch[4];
    long failures = 0;
    dlnet_fully_connected_s8_params fc = {4, 1, 0, 0, -32768, 32767, x8, NULL, m, zero};
    dlnet_fully_connected_s16_params fc16 = {4, 1, 0, 0, -32768, 32767, x, NULL, m, zero};
    dlnet_fully_connected_s16_w8_params fcw8 = {4, 1, 0, -32768, 32767, x8, NULL, m, zero};
    dlnet_layer_norm_params ln = {4, m, 0, zero, 1, -128, 127};
    dlnet_liquid_euler_params eu = {2, 1, x, m, zero, x, m, zero, m, zero, table, m, zero, m, zero};
    dlnet_lut_params lut = {table};
    dlnet_requantize_params rq = {1 << 30, 0, 0, -128, 127};
    dlnet_scaled_add_params sa = {2, m, zero, m, zero};
    dlnet_forecast_params fp = {2, 0, 2, x8, NULL, shifts_ok, 1, interpolation};
    dlnet_median_filter_params mf = {3};

    failures += dlnet_fully_connected_s8_s16(&fc, x8, 1, y16) != DLNET_OK;
    failures += dlnet_fully_connected_s8_s16(&fc, NULL, 1, y16) != DLNET_ERROR_ARGUMENT;
    failures += dlnet_fully_connected_s8_s16(&fc, x8, -1, y16) != DLNET_ERROR_ARGUMENT;
    fc.shifts = bad + 1; /* 31 */
    failures += dlnet_fully_connected_s8_s16(&fc, x8, 1, y16) != DLNET_ERROR_ARGUMENT;
    fc.shifts = zero;
    fc.input_offset = 129;
    failures += dlnet_fully_connected_s8_s16(&fc, x8, 1, y16) != DLNET_ERROR_ARGUMENT;
    fc.input_offset = 0;
    fc.activation_min = 1;
    fc.activation_max = 0;
    failures += dlnet_fully_connected_s8_s16(&fc, x8, 1, y16) != DLNET_ERROR_ARGUMENT;

    failures += dlnet_fully_connected_s16(&fc16, x, 1, y16) != DLNET_OK;
    fc16.shifts = wide_bad;
    failures += dlnet_fully_connected_s16(&fc16, x, 1, y16) != DLNET_ERROR_ARGUMENT; /* shift 16 */
    fc16.shifts = zero;
    fc16.inputs = -4;
    failures += dlnet_fully_connected_s16(&fc16, x, 1, y16) != DLNET_ERROR_ARGUMENT;
    fc16.inputs = 4;
    fc16.input_offset = -32768;
    failures += dlnet_fully_connected_s16(&fc16, x, 1, y16) != DLNET_ERROR_ARGUMENT;
    fc16.input_offset = 0;
    fc16.bias = big_bias;
    failures += dlnet_fully_connected_s16(&fc16, x, 1, y16) != DLNET_ERROR_ARGUMENT;

    failures += dlnet_fully_connected_s16_w8(&fcw8, x, 1, y16) != DLNET_OK;
    fcw8.shifts = wide_bad;
    failures += dlnet_fully_connected_s16_w8(&fcw8, x, 1, y16) != DLNET_ERROR_ARGUMENT; /* shift 16 */
    fcw8.shifts = zero;
    fcw8.weights = NULL;
    failures += dlnet_fully_connected_s16_w8(&fcw8, x, 1, y16) != DLNET_ERROR_ARGUMENT;
    fcw8.weights = x8;
    fcw8.activation_min = 1;
    fcw8.activation_max = 0;
    failures += dlnet_fully_connected_s16_w8(&fcw8, x, 1, y16) != DLNET_ERROR_ARGUMENT;
    fcw8.activation_min = -32768;
    fcw8.activation_max = 32767;
    fcw8.bias = big_bias;
    failures += dlnet_fully_connected_s16_w8(&fcw8, x, 1, y16) != DLNET_ERROR_ARGUMENT;

    failures += dlnet_layer_norm_s16_s8(&ln, x, 1, y8) != DLNET_OK;
    ln.gain_shift = 31;
    failures += dlnet_layer_norm_s16_s8(&ln, x, 1, y8) != DLNET_ERROR_ARGUMENT;
    ln.gain_shift = 0;
    ln.gain_multipliers = bad_multiplier;
    failures += dlnet_layer_norm_s16_s8(&ln, x, 1, y8) != DLNET_ERROR_ARGUMENT;
    ln.gain_multipliers = m;
    ln.variance_offset = 0;
    failures += dlnet_layer_norm_s16_s8(&ln, x, 1, y8) != DLNET_ERROR_ARGUMENT;
    ln.variance_offset = ((int64_t)1 << 48) + 1;
    failures += dlnet_layer_norm_s16(&ln, x, 1, y16) != DLNET_ERROR_ARGUMENT;
    ln.variance_offset = 1;
    ln.activation_max = 128;
    failures += dlnet_layer_norm_s16_s8(&ln, x, 1, y8) != DLNET_ERROR_ARGUMENT;
    failures += dlnet_layer_norm_s16(&ln, x, 1, y16) != DLNET_OK; /* 128 is a valid int16 clamp */
    ln.activation_max = 127;
    ln.size = 0;
    failures += dlnet_layer_norm_s16(&ln, x, 1, y16) != DLNET_ERROR_ARGUMENT;
    ln.size = 4;
    failures += dlnet_layer_norm_s16(&ln, NULL, 1, y16) != DLNET_ERROR_ARGUMENT;
    failures += dlnet_layer_norm_s16(&ln, x, -1, y16) != DLNET_ERROR_ARGUMENT;

    failures += dlnet_lut_s16(&lut, x, 4, y16) != DLNET_OK;
    failures += dlnet_lut_s16(&lut, x, -1, y16) != DLNET_ERROR_ARGUMENT;
    lut.table = NULL;
    failures += dlnet_lut_s16(&lut, x, 4, y16) != DLNET_ERROR_ARGUMENT;

    failures += dlnet_requantize_s16(&rq, x, 4, y8) != DLNET_OK;
    rq.activation_min = -129;
    failures += dlnet_requantize_s16(&rq, x, 4, y8) != DLNET_ERROR_ARGUMENT;
    rq.activation_min = -128;
    rq.shift = 31;
    failures += dlnet_requantize_s16(&rq, x, 4, y8) != DLNET_ERROR_ARGUMENT;

    failures += dlnet_median_filter_s16(&mf, x, 4, y16) != DLNET_OK;
    failures += dlnet_median_filter_s16(&mf, x, 2, y16) != DLNET_ERROR_ARGUMENT; /* fewer values than the width */
    failures += dlnet_median_filter_s16(&mf, NULL, 4, y16) != DLNET_ERROR_ARGUMENT;
    mf.width = 4;
    failures += dlnet_median_filter_s16(&mf, x, 4, y16) != DLNET_ERROR_ARGUMENT; /* even */
    mf.width = DLNET_MEDIAN_FILTER_MAX_WIDTH + 2;
    failures += dlnet_median_filter_s16(&mf, x, 4, y16) != DLNET_ERROR_ARGUMENT;
    failures += dlnet_median5_filter_s16(x, 4, y16) != DLNET_ERROR_ARGUMENT; /* fewer values than five */
    failures += dlnet_median5_filter_s16(NULL, 5, y16) != DLNET_ERROR_ARGUMENT;
    failures += dlnet_median5_filter_s16(x, 5, NULL) != DLNET_ERROR_ARGUMENT;

    failures += dlnet_scaled_add_s16(&sa, x, x, 4, y16) != DLNET_OK;
    failures += dlnet_scaled_add_s16(&sa, x, x, 3, y16) != DLNET_ERROR_ARGUMENT; /* not a multiple of the channels */
    sa.shifts_b = bad;
    failures += dlnet_scaled_add_s16(&sa, x, x, 4, y16) != DLNET_ERROR_ARGUMENT;

    failures += dlnet_liquid_euler_s16(&eu, x, x, 2, scratch, y16) != DLNET_OK;
    eu.rank = 3;
    failures += dlnet_liquid_euler_s16(&eu, x, x, 1, scratch, y16) != DLNET_ERROR_ARGUMENT; /* rank above hidden */
    eu.rank = 1;
    eu.projection_shifts = wide_bad;
    failures += dlnet_liquid_euler_s16(&eu, x, x, 1, scratch, y16) != DLNET_ERROR_ARGUMENT;
    eu.projection_shifts = zero;
    eu.decay_shifts = bad;
    failures += dlnet_liquid_euler_s16(&eu, x, x, 1, scratch, y16) != DLNET_ERROR_ARGUMENT;
    eu.decay_shifts = zero;
    eu.tanh_table = NULL;
    failures += dlnet_liquid_euler_s16(&eu, x, x, 1, scratch, y16) != DLNET_ERROR_ARGUMENT;
    eu.tanh_table = table;
    failures += dlnet_liquid_euler_s16(&eu, x, x, 1, NULL, y16) != DLNET_ERROR_ARGUMENT;

    failures += dlnet_forecast_s8_s16(&fp, x8, x, 0, y16) != DLNET_OK;
    fp.row_shifts = shifts_bad;
    failures += dlnet_forecast_s8_s16(&fp, x8, x, 0, y16) != DLNET_ERROR_ARGUMENT;
    fp.row_shifts = shifts_bad_word; /* a whole word of shifts, one out of range: 4 rows of 1 input */
    fp.inputs = 1;
    fp.size = 4;
    failures += dlnet_forecast_s8_s16(&fp, x8, x, 0, y16) != DLNET_ERROR_ARGUMENT;
    fp.inputs = 2;
    fp.size = 2;
    fp.row_shifts = shifts_ok;
    fp.input_offset = 129;
    failures += dlnet_forecast_s8_s16(&fp, x8, x, 0, y16) != DLNET_ERROR_ARGUMENT;
    fp.input_offset = 0;
    failures += dlnet_forecast_s8_s16(&fp, x8, NULL, 0, y16) != DLNET_ERROR_ARGUMENT; /* anchors missing */
    fp.anchor_count = 17;
    failures += dlnet_forecast_s8_s16(&fp, x8, x, 0, y16) != DLNET_ERROR_ARGUMENT;
    fp.anchor_count = 0;
    failures += dlnet_forecast_s8_s16(&fp, x8, NULL, 0, y16) != DLNET_OK; /* no base: no anchors needed */
    return failures;
}

int main(int argc, char **argv)
{
    /* the last argument: picolibc's semihosting start-up may or may not pass a program name first */
    const char *path = argc > 1 ? argv[argc - 1] : "kernel_cases.bin";
    const long argument_failures = argument_check_failures();
    int dsp = 0;
#if defined(__ARM_FEATURE_DSP) && !defined(DLNET_NO_DSP)
    dsp = 1;
#endif
    cases = fopen(path, "rb");
    if (cases == NULL) {
        printf("cannot open %s\n", path);
        return 2;
    }
    if (read_i32() != (int32_t)MAGIC) {
        printf("%s is not a DLNet kernel case file (no DLK1 magic)\n", path);
        fclose(cases);
        return 2;
    }
    for (case_index = 0;; ++case_index) {
        const int32_t op = read_i32();
        arena_used = 0;
        case_op = op;
        if (read_failed) {
            printf("bad case file: no end marker after case %ld\n", case_index);
            break;
        }
        if (op == OP_END) {
            break;
        }
        if (op < 0 || op >= OP_COUNT) {
            printf("bad case file: unknown op %ld in case %ld\n", (long)op, case_index);
            read_failed = 1;
            break;
        }
        read_case();
        switch (read_failed ? OP_END : op) {
        case OP_MULTIPLY_BY_QUANTIZED_MULTIPLIER: run_multiply_by_quantized_multiplier(0); break;
        case OP_MULTIPLY_BY_QUANTIZED_MULTIPLIER_S64: run_multiply_by_quantized_multiplier(1); break;
        case OP_INVERSE_SQRT_S64: run_inverse_sqrt(); break;
        case OP_FULLY_CONNECTED_S8_S16: run_fully_connected(FC_S8); break;
        case OP_FULLY_CONNECTED_S16: run_fully_connected(FC_S16); break;
        case OP_FULLY_CONNECTED_S16_W8: run_fully_connected(FC_S16_W8); break;
        case OP_LAYER_NORM_S16_S8: run_layer_norm(0); break;
        case OP_LAYER_NORM_S16: run_layer_norm(1); break;
        case OP_LUT_S16: run_lut_s16(); break;
        case OP_REQUANTIZE_S16: run_requantize_s16(); break;
        case OP_SCALED_ADD_S16: run_scaled_add_s16(); break;
        case OP_LIQUID_EULER_S16: run_liquid_euler_s16(); break;
        case OP_FORECAST_S8_S16: run_forecast_s8_s16(); break;
        case OP_MEDIAN_FILTER_S16: run_median_filter_s16(); break;
        default: break;
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
