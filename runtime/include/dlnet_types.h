/*
 * DLNet integer inference runtime: the status code and the constants of each kernel.
 *
 * A kernel's constants (sizes, weights, multipliers, clamps) are fixed when the model is generated, so they
 * travel together in one params struct that generated code keeps in flash. Where the C# twin in
 * Dlnet.Int8 has a record of its constants, the struct has its fields in its order; the ranges below
 * are what the kernels accept.
 */
#ifndef DLNET_TYPES_H
#define DLNET_TYPES_H

#include <stdint.h>

typedef enum {
    DLNET_OK = 0,
    DLNET_ERROR_ARGUMENT = -1 /* a null pointer, a negative size or a constant out of its range */
} dlnet_status;

/* Widest running median (Dlnet.Series.MedianFilter.MaxWidth): the kernel sorts its window on the stack. */
#define DLNET_MEDIAN_FILTER_MAX_WIDTH 15

/* A running median over width values (see Dlnet.Int8.MedianFilterS16). */
typedef struct {
    int32_t width; /* odd, 3 to DLNET_MEDIAN_FILTER_MAX_WIDTH, at most the size filtered */
} dlnet_median_filter_params;

/* Knots of an int16 lookup table of an odd function: 256 linear segments over [0, 32767] plus the right end;
   negative inputs read the mirror image, f(-x) = -f(x). */
#define DLNET_LUT_S16_LENGTH 257

/* A fully connected layer with int8 weights (see Dlnet.Int8.FullyConnectedS8S16). */
typedef struct {
    int32_t inputs;               /* features in */
    int32_t outputs;              /* features out */
    int32_t input_offset;         /* minus the input zero point, [-127, 128] */
    int32_t output_offset;        /* output zero point */
    int32_t activation_min;       /* output clamp, within the output type (a fused ReLU clamps at the zero point) */
    int32_t activation_max;
    const int8_t *weights;        /* [outputs][inputs] in [-127, 127] */
    const int32_t *bias;          /* [outputs] at scale input_scale * weight_scale[o], or NULL */
    const int32_t *multipliers;   /* [outputs] Q31 significands */
    const int32_t *shifts;        /* [outputs] in [-31, 30] */
} dlnet_fully_connected_s8_params;

/* A fully connected layer with int16 weights and 64-bit accumulation (see Dlnet.Int8.FullyConnectedS16). */
typedef struct {
    int32_t inputs;
    int32_t outputs;
    int32_t input_offset;         /* [-32767, 32768] */
    int32_t output_offset;
    int32_t activation_min;       /* within [-32768, 32767] */
    int32_t activation_max;
    const int16_t *weights;       /* [outputs][inputs] in [-32767, 32767] */
    const int64_t *bias;          /* [outputs] in [-2^47, 2^47], or NULL */
    const int32_t *multipliers;   /* [outputs] */
    const int32_t *shifts;        /* [outputs] in [-31, 15] */
} dlnet_fully_connected_s16_params;

/*
 * A fully connected layer with int16 inputs, int8 weights and 64-bit accumulation (see Dlnet.Int8.FullyConnectedS16W8).
 * No input offset: the caller folds it into the bias.
 */
typedef struct {
    int32_t inputs;
    int32_t outputs;
    int32_t output_offset;
    int32_t activation_min;       /* within [-32768, 32767] */
    int32_t activation_max;
    const int8_t *weights;        /* [outputs][inputs] in [-127, 127] */
    const int64_t *bias;          /* [outputs] in [-2^47, 2^47], or NULL */
    const int32_t *multipliers;   /* [outputs] */
    const int32_t *shifts;        /* [outputs] in [-31, 15] */
} dlnet_fully_connected_s16_w8_params;

/* An integer layer norm over int16 rows (see Dlnet.Int8.LayerNormS16Params). */
typedef struct {
    int32_t size;                    /* features n, [1, 4096] */
    const int32_t *gain_multipliers; /* [n] signed Q31 significands of 256 gamma sqrt(n) / s_y, in [-(2^31 - 1), 2^31 - 1] */
    int32_t gain_shift;              /* their one exponent, [-31, 30] */
    const int32_t *bias;             /* [n] round(256 (beta / s_y + output zero point)) */
    int64_t variance_offset;         /* round(n eps / s_z^2), [1, 2^48] */
    int32_t activation_min;          /* output clamp, within the output type */
    int32_t activation_max;
} dlnet_layer_norm_params;

/* An int16 -> int16 function as a table of knots (see Dlnet.Int8.LutS16). */
typedef struct {
    const int16_t *table; /* DLNET_LUT_S16_LENGTH knots; knot k at input code 128 k */
} dlnet_lut_params;

/* One requantisation for a whole tensor. */
typedef struct {
    int32_t multiplier;
    int32_t shift;          /* [-31, 30] */
    int32_t output_offset;  /* output zero point */
    int32_t activation_min; /* within the output type */
    int32_t activation_max;
} dlnet_requantize_params;

/* A per-channel weighted sum of two int16 tensors (see Dlnet.Int8.ScaledAddS16). */
typedef struct {
    int32_t channels;             /* c = i mod channels */
    const int32_t *multipliers_a; /* [channels] signed Q31 significands */
    const int32_t *shifts_a;      /* [channels] in [-31, 30] */
    const int32_t *multipliers_b;
    const int32_t *shifts_b;
} dlnet_scaled_add_params;

/* One explicit Euler step of the liquid block (see Dlnet.Int8.LiquidEulerS16Params). */
typedef struct {
    int32_t hidden;                       /* units h */
    int32_t rank;                         /* r in [1, h] */
    const int16_t *projection_weights;    /* V^T [r][h] */
    const int32_t *projection_multipliers, *projection_shifts; /* [r], shifts in [-31, 15] */
    const int16_t *expansion_weights;     /* U [h][r] with the scales of V^T x and 1/r folded in */
    const int32_t *expansion_multipliers, *expansion_shifts;   /* [h] to Q3.12, shifts in [-31, 15] */
    const int32_t *diagonal_multipliers, *diagonal_shifts;     /* [h] w_diag s_x / 2^-12, signed */
    const int16_t *tanh_table;            /* DLNET_LUT_S16_LENGTH knots, Q3.12 -> Q0.15 */
    const int32_t *decay_multipliers, *decay_shifts;           /* [h] (1 - dt alpha) s_x / s_x', signed */
    const int32_t *drive_multipliers, *drive_shifts;           /* [h] dt beta 2^-15 / s_x', signed */
} dlnet_liquid_euler_params;

/* The forecast head (see Dlnet.Int8.ForecastParams). */
typedef struct {
    int32_t inputs;               /* int8 activations in */
    int32_t input_offset;         /* minus their zero point, [-127, 128] */
    int32_t size;                 /* horizon steps out */
    const int8_t *weights;        /* [size][inputs] int8, each row at a power-of-two scale */
    const int32_t *bias;          /* [size] at each row's accumulator scale, or NULL */
    const uint8_t *row_shifts;    /* [size] in [0, 31]: aligns row f's sum to units of 2^-32 output codes */
    int32_t anchor_count;         /* anchors of the base, [0, 16] */
    const int32_t *interpolation; /* [size][anchor_count] weights of the base in 2^-32 output codes per anchor code */
} dlnet_forecast_params;

#endif /* DLNET_TYPES_H */
