using Dlnet.Nn;
using Dlnet.Scoring;

namespace Dlnet.Forecasting;

/// <summary>
/// A trained network as an <see cref="IForecaster"/>: encodes the histories, runs the network in
/// inference mode, decodes its outputs into forecasts. Holds one workspace and its buffers, made on the
/// first call and reused after, so one instance serves one thread; make one per thread to forecast in
/// parallel (they may share the network, whose parameters inference only reads).
/// <para>
/// With <see cref="DropoutPasses"/> set, each forecast is the mean of that many passes with dropout on
/// (Monte Carlo dropout, as the published method scores its models). Pass k draws its masks from seed k,
/// so forecasts are repeatable; masks follow a window's position in its batch, so they also depend on
/// the batch size.
/// </para>
/// </summary>
public sealed class NetworkForecaster : IForecaster
{
    private readonly INetwork<float> _network;
    private readonly int _maxBatch;
    private NetworkWorkspace? _workspace;
    private float[] _inputs = [];
    private float[] _outputs = [];
    private float[] _sum = [];

    public NetworkForecaster(string name, INetwork<float> network, WindowEncoding encoding, int maxBatch = 256)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatch);
        if (network.InputSize != encoding.InputLength || network.OutputSize != encoding.Horizon)
            throw new ArgumentException($"network maps {network.InputSize} -> {network.OutputSize} values but the encoding {encoding.InputLength} -> {encoding.Horizon}");
        Name = name;
        _network = network;
        Encoding = encoding;
        _maxBatch = maxBatch;
    }

    public string Name { get; }

    public WindowEncoding Encoding { get; }

    public INetwork<float> Network => _network;

    /// <summary>0 (the default): one deterministic pass with dropout off. N &gt; 0: the mean of N passes with dropout on.</summary>
    public int DropoutPasses
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(DropoutPasses), value, "passes must not be negative");
    }

    public int InputLength => Encoding.InputLength;

    public int Horizon => Encoding.Horizon;

    public void Forecast(ReadOnlySpan<double> histories, Span<double> forecasts, int count)
    {
        int w = InputLength, h = Horizon;
        if (histories.Length < count * w || forecasts.Length < count * h)
            throw new ArgumentException($"{count} windows need {count * w} history and {count * h} forecast values");
        if (_workspace is null)
        {
            _workspace = _network.CreateWorkspace(_maxBatch);
            _inputs = new float[_maxBatch * w];
            _outputs = new float[_maxBatch * h];
            if (DropoutPasses > 0) _sum = new float[_maxBatch * h];
        }
        for (int first = 0; first < count; first += _maxBatch)
        {
            int n = Math.Min(_maxBatch, count - first);
            var x = histories.Slice(first * w, n * w);
            Encoding.EncodeInputs(x, _inputs, n);
            var outputs = _outputs.AsSpan(0, n * h);
            if (DropoutPasses == 0)
            {
                _network.Forward(_workspace, _inputs.AsSpan(0, n * w), outputs, n, training: false);
            }
            else
            {
                var sum = _sum.AsSpan(0, n * h);
                sum.Clear();
                for (int pass = 0; pass < DropoutPasses; pass++)
                {
                    _workspace.Seed = (ulong)pass;
                    _network.Forward(_workspace, _inputs.AsSpan(0, n * w), outputs, n, training: true);
                    System.Numerics.Tensors.TensorPrimitives.Add(sum, outputs, sum);
                }
                System.Numerics.Tensors.TensorPrimitives.Multiply(sum, 1f / DropoutPasses, outputs);
            }
            Encoding.Decode(x, outputs, forecasts.Slice(first * h, n * h), n);
        }
    }
}
