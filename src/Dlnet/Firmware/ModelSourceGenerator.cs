using System.Globalization;
using Dlnet.Forecasting;
using Dlnet.Int8;

namespace Dlnet.Firmware;

/// <summary>
/// Writes a <see cref="QuantizedStudent"/> as C99: <c>model_data.h/.c</c> (every constant as a const array, so it
/// stays in flash) and <c>dlnet_model.h/.c</c> (the two entry points: a short sequence of runtime kernel calls
/// mirroring <see cref="QuantizedStudent"/> call for call, with static buffers sized here). No floating point,
/// no allocation; every kernel's status is passed on.
/// </summary>
internal sealed class ModelSourceGenerator
{
    const string P = "dlnet_model_";
    readonly QuantizedStudent _m;
    readonly ModelProvenance _provenance;

    public ModelSourceGenerator(QuantizedStudent model, ModelProvenance provenance)
    {
        _m = model;
        _provenance = provenance;
    }

    /// <summary>File name to text of the four generated files.</summary>
    public IReadOnlyDictionary<string, string> Files() => new Dictionary<string, string>
    {
        ["dlnet_model.h"] = ModelHeader(),
        ["dlnet_model.c"] = ModelSource(),
        ["model_data.h"] = DataHeader(),
        ["model_data.c"] = DataSource(),
    };

    string[] Header(string what) => _provenance.HeaderLines(what);

    string ModelHeader()
    {
        var m = _m;
        var w = new CSourceWriter();
        w.Comment([.. Header("The deployed SOH forecaster: entry points."), "",
            $"SOH codes are int16 with SOH = 1 + code / {SohCodes.PerUnit} (codes cover {SohCodes.RangeText} in steps of 2^-{SohCodes.FractionBits}).",
            "Both entry points use static buffers: one call at a time."]);
        w.Line("#ifndef DLNET_MODEL_H").Line("#define DLNET_MODEL_H").Line();
        w.Line("#include <stdint.h>").Line().Line("#include \"dlnet_runtime.h\"").Line();
        w.Line("#ifdef __cplusplus").Line("extern \"C\" {").Line("#endif").Line();
        w.Define("DLNET_MODEL_WINDOW", m.InputLength, "SOH values in, oldest first");
        w.Define("DLNET_MODEL_HORIZON", m.Horizon, "forecast values out, one per future cycle");
        w.Define("DLNET_MODEL_SOH_FRACTION_BITS", SohCodes.FractionBits, $"SOH = 1 + code / 2^{SohCodes.FractionBits}");
        w.Line();
        w.Comment("The plain int8 network: input real = scale (code - zero point), the encoded window; output likewise, the encoded correction.");
        w.Define("DLNET_MODEL_INPUT_SCALE", m.Input.Scale);
        w.Define("DLNET_MODEL_INPUT_ZERO_POINT", m.Input.ZeroPoint);
        w.Define("DLNET_MODEL_OUTPUT_SCALE", m.Output.Scale);
        w.Define("DLNET_MODEL_OUTPUT_ZERO_POINT", m.Output.ZeroPoint);
        w.Line();
        if (m.MedianWidth > 0)
        {
            w.Comment("The window first passes a running median over this many values; the int8 entry point's input is encoded from the filtered window.");
            w.Define("DLNET_MODEL_MEDIAN_WIDTH", m.MedianWidth);
            w.Line();
        }
        w.Comment(
            "Forecast from the last DLNET_MODEL_WINDOW SOH codes (oldest first): writes DLNET_MODEL_HORIZON SOH codes.",
            "forecast must not overlap soh. Returns DLNET_OK, or DLNET_ERROR_ARGUMENT for a null pointer.");
        w.Line("dlnet_status dlnet_model_forecast(const int16_t *soh, int16_t *forecast);").Line();
        w.Comment(
            "The network alone on int8 tensors: DLNET_MODEL_WINDOW input codes (the window encoded as the model's",
            $"{FormDescription()}) to DLNET_MODEL_HORIZON output codes (the encoded correction).");
        w.Line("dlnet_status dlnet_model_run_s8(const int8_t *input, int8_t *output);").Line();
        w.Line("#ifdef __cplusplus").Line("}").Line("#endif").Line().Line("#endif /* DLNET_MODEL_H */");
        return w.ToString();
    }

    string FormDescription() => _m.Form.Form switch
    {
        OutputForm.MinMax => "minmax form, (x - minimum) / range",
        OutputForm.Delta => "delta form, (x - x_last) / s_in",
        _ => "residual form, (x - x_last) / s_in",
    };

    string ModelSource()
    {
        var m = _m;
        var form = m.Form;
        int n = m.InputLayer.Outputs, h = m.Liquid.Hidden;
        var w = new CSourceWriter();
        w.Comment([.. Header("The deployed SOH forecaster: the integer graph as runtime kernel calls."), "",
            "Mirrors Dlnet.Int8.QuantizedStudent call for call; docs/deployment.md describes each step."]);
        w.Line("#include <stddef.h>").Line().Line("#include \"dlnet_model.h\"").Line("#include \"model_data.h\"").Line();
        w.Comment("Working buffers, sized for this model.");
        w.Line($"static int16_t {P}wide[{m.WideLength}];      /* first product (n + 1 rows), pre-norm tensors */");
        w.Line($"static int8_t {P}activations[{m.ActivationLength}]; /* int8 activations */");
        w.Line($"static int16_t {P}start[{h}];      /* x0, Q0.15 */");
        w.Line($"static int16_t {P}state[{h}];      /* the liquid state */");
        w.Line($"static int16_t {P}scratch[{m.Liquid.ScratchLength}];    /* V^T x */");
        if (form.Anchors > 0)
        {
            w.Line($"static int16_t {P}anchors[{form.Anchors}];    /* the quadratic's anchor values */");
            w.Line($"static int64_t {P}anchor_bias[{form.Anchors}];  /* their bias for this window, -x_last S */");
        }
        w.Line($"static int64_t {P}first_bias[{n + 1}];  /* the first layer's bias for this window, b - x_last S */");
        w.Line($"static int16_t {P}widened[{m.InputLength}];  /* int8 entry point: its input as int16 */");
        if (m.MedianWidth > 0) w.Line($"static int16_t {P}filtered[{m.InputLength}];  /* the SOH window after the running median */");
        w.Line();
        w.Line("#define DLNET_TRY(call)                          \\");
        w.Line("    do {                                         \\");
        w.Line("        const dlnet_status status_ = (call);     \\");
        w.Line("        if (status_ != DLNET_OK) {               \\");
        w.Line("            return status_;                      \\");
        w.Line("        }                                        \\");
        w.Line("    } while (0)");
        w.Line();
        w.Comment("window [W] int16 (SOH codes, or int8 codes widened) to the activations the output layer reads. The first",
            "layer's biases (the window's origin folded in) and multipliers depend on the input, so the entry point passes them.");
        w.Line($"static dlnet_status {P}network(const int16_t *window, const int64_t *bias, const int32_t *multipliers, const int32_t *shifts)");
        w.Line("{");
        w.Line($"    const dlnet_fully_connected_s16_w8_params first = {{{m.InputLength}, {n + 1}, 0, -32768, 32767, {P}input_weights, bias, multipliers, shifts}};");
        w.Line("    int16_t drive;");
        if (m.Liquid.Steps.Length > 1) w.Line("    int32_t step;");
        w.Line($"    /* first layer and the drive u (row {n}), straight from the window */");
        w.Line($"    DLNET_TRY(dlnet_fully_connected_s16_w8(&first, window, 1, {P}wide));");
        w.Line($"    drive = {P}wide[{n}];");
        w.Line($"    DLNET_TRY(dlnet_layer_norm_s16_s8(&{P}input_norm, {P}wide, 1, {P}activations));");
        w.Line("    /* second encoder layer, layer norm to Q3.12, tanh: x0 in Q0.15 */");
        w.Line($"    DLNET_TRY(dlnet_fully_connected_s8_s16(&{P}encoder_1_fc, {P}activations, 1, {P}wide));");
        w.Line($"    DLNET_TRY(dlnet_layer_norm_s16(&{P}encoder_1_norm, {P}wide, 1, {P}start));");
        w.Line($"    DLNET_TRY(dlnet_lut_s16(&{P}tanh, {P}start, {h}, {P}start));");
        w.Line(m.Liquid.ResidualFolded
            ? "    /* the liquid block: one Euler step with the residual x_T + r x0 folded in, int8 latent */"
            : "    /* the liquid block: Euler steps, residual x_T + r x0, int8 latent */");
        w.Line($"    DLNET_TRY(dlnet_liquid_euler_s16(&{P}euler_steps[0], {P}start, &drive, 1, {P}scratch, {P}state));");
        if (m.Liquid.Steps.Length > 1)
        {
            w.Line($"    for (step = 1; step < {m.Liquid.Steps.Length}; ++step) {{");
            w.Line($"        DLNET_TRY(dlnet_liquid_euler_s16(&{P}euler_steps[step], {P}state, &drive, 1, {P}scratch, {P}state));");
            w.Line("    }");
        }
        if (!m.Liquid.ResidualFolded)
        {
            w.Line($"    DLNET_TRY(dlnet_scaled_add_s16(&{P}residual, {P}state, {P}start, {h}, {P}state));");
        }
        w.Line($"    DLNET_TRY(dlnet_requantize_s16(&{P}latent, {P}state, {h}, {P}activations));");
        for (int k = 0; k < m.Decoder.Count; k++)
        {
            string d = $"{P}decoder_{k}_";
            w.Line($"    /* decoder layer {k}: dense, layer norm, ReLU */");
            w.Line($"    DLNET_TRY(dlnet_fully_connected_s8_s16(&{d}fc, {P}activations, 1, {P}wide));");
            w.Line($"    DLNET_TRY(dlnet_layer_norm_s16_s8(&{d}norm, {P}wide, 1, {P}activations));");
        }
        w.Line("    return DLNET_OK;");
        w.Line("}").Line();

        w.Line("dlnet_status dlnet_model_forecast(const int16_t *soh, int16_t *forecast)");
        w.Line("{");
        bool minmax = form.Form == OutputForm.MinMax;
        if (!minmax) w.Line("    int16_t last;");
        w.Line("    int32_t o;");
        w.Line("    if (soh == NULL || forecast == NULL) {").Line("        return DLNET_ERROR_ARGUMENT;").Line("    }");
        // The window the model reads: the codes themselves, or their running median.
        string window = "soh";
        if (m.MedianWidth > 0)
        {
            window = P + "filtered";
            w.Line($"    /* a running median over {m.MedianWidth} values: spikes and dips out before anything reads the window */");
            if (m.MedianWidth == MedianFilterS16.DedicatedWidth)
                w.Line($"    DLNET_TRY(dlnet_median5_filter_s16(soh, {m.InputLength}, {window}));");
            else
            {
                w.Line("    {");
                w.Line($"        const dlnet_median_filter_params median = {{{m.MedianWidth}}};");
                w.Line($"        DLNET_TRY(dlnet_median_filter_s16(&median, soh, {m.InputLength}, {window}));");
                w.Line("    }");
            }
        }
        if (!minmax) w.Line($"    last = {window}[{m.InputLength - 1}];");
        string origin = form.Form == OutputForm.MinMax ? "DLNET_MODEL_OFFSET_CODE" : "last";
        w.Line($"    /* the window is encoded about {(form.Form == OutputForm.MinMax ? "the training minimum" : "its last value")}: sum w (x - origin) = sum w x - origin S */");
        w.Line($"    for (o = 0; o < {n + 1}; ++o) {{");
        w.Line($"        {P}first_bias[o] = {P}input_bias[o] - (int64_t){origin} * {P}input_weight_sums[o];");
        w.Line("    }");
        w.Line($"    DLNET_TRY({P}network({window}, {P}first_bias, {P}input_multipliers, {P}input_shifts));");
        switch (form.Form)
        {
            case OutputForm.Residual:
                w.Line($"    /* the quadratic through the last {form.Tail} values at {form.Anchors} anchor steps */");
                w.Line("    {");
                w.Line($"        const dlnet_fully_connected_s16_params tail = {{{form.Tail}, {form.Anchors}, 0, 0, -32768, 32767, {P}anchor_weights, {P}anchor_bias,");
                w.Line($"                                                        {P}anchor_multipliers, {P}anchor_shifts}};");
                w.Line($"        /* relative to x_last: sum A (x - x_last) = sum A x - x_last S, the dot product without an input offset */");
                w.Line($"        for (o = 0; o < {form.Anchors}; ++o) {{");
                w.Line($"            {P}anchor_bias[o] = -(int64_t)last * {P}anchor_weight_sums[o];");
                w.Line("        }");
                w.Line($"        DLNET_TRY(dlnet_fully_connected_s16(&tail, {window} + {m.InputLength - form.Tail}, 1, {P}anchors));");
                w.Line("    }");
                w.Line("    /* output layer, base interpolated from the anchors, x_last: the forecast */");
                w.Line($"    return dlnet_forecast_s8_s16(&{P}head, {P}activations, {P}anchors, last, forecast);");
                break;
            case OutputForm.Delta:
                w.Line("    /* output layer plus x_last: the forecast */");
                w.Line($"    return dlnet_forecast_s8_s16(&{P}head, {P}activations, NULL, last, forecast);");
                break;
            default:
                w.Line("    /* output layer plus the training minimum: the forecast */");
                w.Line($"    return dlnet_forecast_s8_s16(&{P}head, {P}activations, NULL, DLNET_MODEL_OFFSET_CODE, forecast);");
                break;
        }
        w.Line("}").Line();

        w.Line("dlnet_status dlnet_model_run_s8(const int8_t *input, int8_t *output)");
        w.Line("{");
        w.Line($"    dlnet_forecast_params correction = {P}head;");
        w.Line("    int32_t i;");
        w.Line("    if (input == NULL || output == NULL) {").Line("        return DLNET_ERROR_ARGUMENT;").Line("    }");
        w.Line($"    for (i = 0; i < {m.InputLength}; ++i) {{").Line($"        {P}widened[i] = input[i];").Line("    }");
        w.Line($"    DLNET_TRY({P}network({P}widened, {P}input_int8_bias, {P}input_int8_multipliers, {P}input_int8_shifts));");
        w.Line("    /* the correction in SOH codes, then to int8 */");
        w.Line("    correction.anchor_count = 0;");
        w.Line("    correction.interpolation = NULL;");
        w.Line($"    DLNET_TRY(dlnet_forecast_s8_s16(&correction, {P}activations, NULL, 0, {P}wide));");
        w.Line($"    return dlnet_requantize_s16(&{P}output, {P}wide, {m.Horizon}, output);");
        w.Line("}");
        return w.ToString();
    }

    /// <summary>(type, name, length) of every array, in the order they are defined.</summary>
    IEnumerable<(string Type, string Name, Array Values)> Arrays()
    {
        var m = _m;
        var input = m.InputLayer;
        yield return ("int8_t", "input_weights", input.Weights);
        yield return ("int64_t", "input_bias", input.Bias);
        yield return ("int32_t", "input_weight_sums", input.WeightSums.Select(v => checked((int)v)).ToArray());
        yield return ("int32_t", "input_multipliers", input.Multipliers);
        yield return ("int32_t", "input_shifts", input.Shifts);
        yield return ("int64_t", "input_int8_bias", input.Int8Bias);
        yield return ("int32_t", "input_int8_multipliers", input.Int8Multipliers);
        yield return ("int32_t", "input_int8_shifts", input.Int8Shifts);
        foreach (var a in NormArrays("input_norm", input.Norm)) yield return a;
        foreach (var a in DenseArrays("encoder_1", m.EncoderOutput.Dense)) yield return a;
        foreach (var a in NormArrays("encoder_1_norm", m.EncoderOutput.Norm)) yield return a;
        yield return ("int16_t", "tanh_table", m.Liquid.TanhTable);
        for (int k = 0; k < m.Liquid.Steps.Length; k++)
        {
            var s = m.Liquid.Steps[k];
            string e = $"euler_{k}_";
            yield return ("int16_t", e + "projection_weights", s.ProjectionWeights);
            yield return ("int32_t", e + "projection_multipliers", s.ProjectionMultipliers);
            yield return ("int32_t", e + "projection_shifts", s.ProjectionShifts);
            yield return ("int16_t", e + "expansion_weights", s.ExpansionWeights);
            yield return ("int32_t", e + "expansion_multipliers", s.ExpansionMultipliers);
            yield return ("int32_t", e + "expansion_shifts", s.ExpansionShifts);
            yield return ("int32_t", e + "diagonal_multipliers", s.DiagonalMultipliers);
            yield return ("int32_t", e + "diagonal_shifts", s.DiagonalShifts);
            yield return ("int32_t", e + "decay_multipliers", s.DecayMultipliers);
            yield return ("int32_t", e + "decay_shifts", s.DecayShifts);
            yield return ("int32_t", e + "drive_multipliers", s.DriveMultipliers);
            yield return ("int32_t", e + "drive_shifts", s.DriveShifts);
        }
        if (!m.Liquid.ResidualFolded)
        {
            yield return ("int32_t", "residual_state_multiplier", new[] { m.Liquid.ResidualStateMultiplier });
            yield return ("int32_t", "residual_state_shift", new[] { m.Liquid.ResidualStateShift });
            yield return ("int32_t", "residual_start_multiplier", new[] { m.Liquid.ResidualStartMultiplier });
            yield return ("int32_t", "residual_start_shift", new[] { m.Liquid.ResidualStartShift });
        }
        for (int k = 0; k < m.Decoder.Count; k++)
        {
            foreach (var a in DenseArrays($"decoder_{k}", m.Decoder[k].Dense)) yield return a;
            foreach (var a in NormArrays($"decoder_{k}_norm", m.Decoder[k].Norm)) yield return a;
        }
        yield return ("int8_t", "head_weights", m.Form.Head.Weights);
        yield return ("int32_t", "head_bias", m.Form.Head.Bias);
        yield return ("uint8_t", "head_shifts", m.Form.Head.RowShifts);
        if (m.Form.Anchors > 0)
        {
            yield return ("int16_t", "anchor_weights", m.Form.AnchorWeights);
            yield return ("int32_t", "anchor_weight_sums", m.Form.AnchorWeightSums.Select(v => checked((int)v)).ToArray());
            yield return ("int32_t", "anchor_multipliers", m.Form.AnchorMultipliers);
            yield return ("int32_t", "anchor_shifts", m.Form.AnchorShifts);
            yield return ("int32_t", "interpolation_weights", m.Form.Head.Interpolation);
        }
    }

    static IEnumerable<(string, string, Array)> DenseArrays(string name, QuantizedDenseLayer d)
    {
        yield return ("int8_t", name + "_weights", d.Weights);
        yield return ("int32_t", name + "_bias", d.Bias);
        yield return ("int32_t", name + "_multipliers", d.Multipliers);
        yield return ("int32_t", name + "_shifts", d.Shifts);
    }

    static IEnumerable<(string, string, Array)> NormArrays(string name, LayerNormS16Params p)
    {
        yield return ("int32_t", name + "_gain_multipliers", p.GainMultipliers);
        yield return ("int32_t", name + "_bias", p.Bias);
    }

    /// <summary>The structs that bundle arrays for the kernels: (declaration, definition).</summary>
    IEnumerable<(string Declaration, string Definition)> Structs()
    {
        var m = _m;
        yield return Norm("input_norm", m.InputLayer.Norm);
        yield return Fc("encoder_1", m.EncoderOutput.Dense);
        yield return Norm("encoder_1_norm", m.EncoderOutput.Norm);
        for (int k = 0; k < m.Decoder.Count; k++)
        {
            yield return Fc($"decoder_{k}", m.Decoder[k].Dense);
            yield return Norm($"decoder_{k}_norm", m.Decoder[k].Norm);
        }
        var steps = m.Liquid.Steps;
        var items = steps.Select((s, k) =>
        {
            string e = P + $"euler_{k}_";
            return $"    {{{s.Hidden}, {s.Rank}, {e}projection_weights, {e}projection_multipliers, {e}projection_shifts,\n" +
                   $"     {e}expansion_weights, {e}expansion_multipliers, {e}expansion_shifts,\n" +
                   $"     {e}diagonal_multipliers, {e}diagonal_shifts, {P}tanh_table,\n" +
                   $"     {e}decay_multipliers, {e}decay_shifts, {e}drive_multipliers, {e}drive_shifts}}";
        });
        yield return ($"extern const dlnet_lut_params {P}tanh;", $"const dlnet_lut_params {P}tanh = {{{P}tanh_table}};");
        if (!m.Liquid.ResidualFolded)
            yield return ($"extern const dlnet_scaled_add_params {P}residual;",
                $"const dlnet_scaled_add_params {P}residual = {{1, {P}residual_state_multiplier, {P}residual_state_shift, {P}residual_start_multiplier,\n" +
                $"    {P}residual_start_shift}};");
        yield return Requantize("latent", m.Liquid.LatentMultiplier, m.Liquid.LatentShift, m.Liquid.LatentInt8.ZeroPoint);
        yield return Requantize("output", m.Form.OutputMultiplier, m.Form.OutputShift, m.Output.ZeroPoint);
        var head = m.Form.Head;
        string interpolation = head.AnchorCount > 0 ? $"{P}interpolation_weights" : "NULL";
        yield return ($"extern const dlnet_forecast_params {P}head;",
            $"const dlnet_forecast_params {P}head = {{{head.Inputs}, {head.InputOffset}, {head.Size}, {P}head_weights, {P}head_bias, {P}head_shifts,\n" +
            $"    {head.AnchorCount}, {interpolation}}};");
        yield return ($"extern const dlnet_liquid_euler_params {P}euler_steps[{steps.Length}];",
            $"const dlnet_liquid_euler_params {P}euler_steps[{steps.Length}] = {{\n{string.Join(",\n", items)}\n}};");
    }

    static (string, string) Fc(string layer, QuantizedDenseLayer d)
    {
        var p = d.Params;
        string a = P + layer + "_";
        return ($"extern const dlnet_fully_connected_s8_params {a}fc;",
            $"const dlnet_fully_connected_s8_params {a}fc = {{{d.Inputs}, {d.Outputs}, {p.InputOffset}, {p.OutputOffset}, {p.ActivationMin}, {p.ActivationMax},\n" +
            $"    {a}weights, {a}bias, {a}multipliers, {a}shifts}};");
    }

    /// <summary>An int16 -> int8 requantisation over the whole int8 range.</summary>
    static (string, string) Requantize(string name, int multiplier, int shift, int zeroPoint) =>
        ($"extern const dlnet_requantize_params {P}{name};",
         $"const dlnet_requantize_params {P}{name} = {{{CSourceWriter.Literal(multiplier)}, {shift}, {zeroPoint}, -128, 127}};");

    static (string, string) Norm(string name, LayerNormS16Params p) =>
        ($"extern const dlnet_layer_norm_params {P}{name};",
         $"const dlnet_layer_norm_params {P}{name} = {{{p.Size}, {P}{name}_gain_multipliers, {p.GainShift}, {P}{name}_bias,\n" +
         $"    {CSourceWriter.Literal(p.VarianceOffset, wide: true)}, {p.ActivationMin}, {p.ActivationMax}}};");

    string DataHeader()
    {
        var m = _m;
        var w = new CSourceWriter();
        w.Comment([.. Header("The deployed SOH forecaster: its constants (declarations).")]);
        w.Line("#ifndef DLNET_MODEL_DATA_H").Line("#define DLNET_MODEL_DATA_H").Line();
        w.Line("#include <stddef.h>").Line("#include <stdint.h>").Line().Line("#include \"dlnet_runtime.h\"").Line();
        if (m.Form.Form == OutputForm.MinMax) w.Define("DLNET_MODEL_OFFSET_CODE", m.Form.OffsetCode, "the training minimum in SOH codes").Line();
        foreach (var (type, name, values) in Arrays()) w.Extern(type, P + name, values.Length);
        w.Line();
        foreach (var (declaration, _) in Structs()) w.Line(declaration);
        w.Line().Line("#endif /* DLNET_MODEL_DATA_H */");
        return w.ToString();
    }

    string DataSource()
    {
        var w = new CSourceWriter();
        w.Comment([.. Header("The deployed SOH forecaster: its constants, in flash."), "",
            string.Create(CultureInfo.InvariantCulture, $"Scales calibrated on {_m.CalibrationWindows} training windows.")]);
        w.Line("#include \"model_data.h\"").Line();
        foreach (var (type, name, values) in Arrays())
        {
            switch (values)
            {
                case short[] s: w.Array(type, P + name, (ReadOnlySpan<short>)s); break;
                case sbyte[] b: w.Array(type, P + name, (ReadOnlySpan<sbyte>)b); break;
                case byte[] u: w.Array(type, P + name, (ReadOnlySpan<byte>)u); break;
                case int[] i: w.Array(type, P + name, (ReadOnlySpan<int>)i); break;
                case long[] l: w.Array(type, P + name, (ReadOnlySpan<long>)l); break;
                default: throw new InvalidOperationException($"no C type for {values.GetType()}");
            }
        }
        w.Line();
        foreach (var (_, definition) in Structs()) w.Line(definition);
        return w.ToString();
    }
}
