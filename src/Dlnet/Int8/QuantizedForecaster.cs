using Dlnet.Scoring;

namespace Dlnet.Int8;

/// <summary>
/// A <see cref="QuantizedStudent"/> as an <see cref="IForecaster"/>, so that evaluation scores the integer path
/// exactly as the microcontroller runs it: each history is rounded to SOH codes (<see cref="SohCodes"/>), forecast in integers,
/// and the forecast codes converted back. One instance serves one thread.
/// </summary>
public sealed class QuantizedForecaster : IForecaster
{
    readonly short[] _soh;
    readonly short[] _forecast;

    public QuantizedForecaster(QuantizedStudent model, string? name = null)
    {
        Model = model;
        Name = name ?? model.Name + "-int8";
        _soh = new short[model.InputLength];
        _forecast = new short[model.Horizon];
    }

    public QuantizedStudent Model { get; }

    public string Name { get; }

    public int InputLength => Model.InputLength;

    public int Horizon => Model.Horizon;

    public void Forecast(ReadOnlySpan<double> histories, Span<double> forecasts, int count)
    {
        int w = InputLength, h = Horizon;
        if (histories.Length < count * w || forecasts.Length < count * h)
            throw new ArgumentException($"{count} windows need {count * w} history and {count * h} forecast values");
        for (int k = 0; k < count; k++)
        {
            var x = histories.Slice(k * w, w);
            for (int t = 0; t < w; t++) _soh[t] = SohCodes.Encode(x[t]);
            Model.Forecast(_soh, _forecast);
            var f = forecasts.Slice(k * h, h);
            for (int t = 0; t < h; t++) f[t] = SohCodes.Decode(_forecast[t]);
        }
    }
}
