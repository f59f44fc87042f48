using System.Numerics;
using Dlnet.Nn.Layers;

namespace Dlnet.Nn.Networks;

/// <summary>Sizes of an <see cref="MlpNetwork{T}"/>.</summary>
/// <param name="InputSize">Window length.</param>
/// <param name="OutputSize">Horizon.</param>
/// <param name="HiddenWidths">Widths of the hidden layers (may be empty: a linear model).</param>
/// <param name="Activation">Nonlinearity after each hidden layer.</param>
/// <param name="Dropout">Drop probability after each hidden activation (0: none).</param>
public sealed record MlpOptions(
    int InputSize,
    int OutputSize,
    int[] HiddenWidths,
    ActivationKind Activation = ActivationKind.ReLU,
    double Dropout = 0);

/// <summary>A plain multilayer perceptron, the baseline that shows what the liquid block adds.</summary>
public sealed class MlpNetwork<T> : INetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly LayerStack<T> _stack;

    public MlpNetwork(MlpOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.InputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.OutputSize);
        if (options.HiddenWidths.Any(w => w <= 0))
            throw new ArgumentException($"hidden widths [{string.Join(',', options.HiddenWidths)}] must be positive", nameof(options));
        Options = options;
        var layers = new List<ILayer<T>>();
        int width = options.InputSize;
        for (int i = 0; i < options.HiddenWidths.Length; i++)
        {
            layers.Add(new Dense<T>(Parameters, $"layer.{i}", width, options.HiddenWidths[i]));
            layers.Add(new Activation<T>(options.Activation, options.HiddenWidths[i]));
            if (options.Dropout > 0) layers.Add(new Dropout<T>(options.HiddenWidths[i], options.Dropout, stream: i + 1));
            width = options.HiddenWidths[i];
        }
        layers.Add(new Dense<T>(Parameters, $"layer.{options.HiddenWidths.Length}", width, options.OutputSize));
        _stack = new LayerStack<T>(layers);
    }

    public MlpOptions Options { get; }

    public string Architecture => "mlp";

    public ParameterStore<T> Parameters { get; } = new();

    public int InputSize => Options.InputSize;

    public int OutputSize => Options.OutputSize;

    public void Initialize(int seed) => _stack.Initialize(new Random(seed));

    public NetworkWorkspace CreateWorkspace(int maxBatch) => new Workspace(this, maxBatch);

    public void Forward(NetworkWorkspace workspace, ReadOnlySpan<T> input, Span<T> output, int batch, bool training)
    {
        var ws = Cast(workspace);
        _stack.Forward(ws.Buffers, input, batch, new LayerPass(training, ws.Seed)).CopyTo(output[..(batch * OutputSize)]);
    }

    public void Backward(NetworkWorkspace workspace, ReadOnlySpan<T> outputGradient, Span<T> parameterGradient, int batch) =>
        _stack.Backward(Cast(workspace).Buffers, outputGradient, [], parameterGradient, batch);

    private Workspace Cast(NetworkWorkspace workspace) =>
        workspace is Workspace ws && ws.Owner == this
            ? ws
            : throw new ArgumentException("workspace was not created by this mlp network", nameof(workspace));

    private sealed class Workspace(MlpNetwork<T> owner, int maxBatch) : NetworkWorkspace(maxBatch)
    {
        public MlpNetwork<T> Owner { get; } = owner;
        public LayerStackBuffers<T> Buffers { get; } = owner._stack.CreateBuffers(maxBatch);
    }
}
