using System.Numerics;
using Dlnet.Architectures;
using static Dlnet.Architectures.OptionChecks;
using Dlnet.Export.Onnx;
using Dlnet.Nn;
using Dlnet.Nn.Layers;
using Dlnet.Selection;

namespace Dlnet.Zoo;

/// <summary>
/// <c>linear</c>: a linear autoregressive forecaster, the horizon as one affine map of the window,
/// <c>y = W x + b</c> (in encoded units, so with the residual form a linear correction of the quadratic
/// extrapolation). The floor any learned model must beat at W x H + H parameters; it has no settings.
/// Costed and exported to ONNX; nothing to prune, no integer form.
/// </summary>
internal sealed class LinearArchitecture : IArchitecture, ICostedArchitecture, IOnnxArchitecture
{
    public string Name => "linear";

    public INetwork<T> Create<T>(NetworkOptions o, int inputLength, int horizon) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Window(o, inputLength, horizon);
        Refuse(Name, o, hidden: true, rank: true, layers: true, dropout: true, stepSize: true, steps: true, encoder: true, hiddenWidths: true);
        return new LinearNetwork<T>(inputLength, horizon);
    }

    public NetworkOptions Describe(INetwork<float> network)
    {
        this.NetworkOf<LinearNetwork<float>>(network);
        return new NetworkOptions();
    }

    public void Cost<T>(INetwork<T> network, CostSheet sheet) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var linear = this.NetworkOf<LinearNetwork<T>>(network);
        sheet.Dense(linear.InputSize, linear.OutputSize);
    }

    public string Emit(OnnxGraphBuilder g, INetwork<float> network, string input)
    {
        var store = this.NetworkOf<LinearNetwork<float>>(network).Parameters;
        return g.Gemm(input, g.Parameter(store, store.Find("linear.weight")), g.Parameter(store, store.Find("linear.bias")));
    }
}

/// <summary>The network of <see cref="LinearArchitecture"/>: one dense layer <c>linear</c> from the window to the horizon.</summary>
internal sealed class LinearNetwork<T> : INetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly LayerStack<T> _stack;

    public LinearNetwork(int inputSize, int outputSize)
    {
        _stack = new LayerStack<T>([new Dense<T>(Parameters, "linear", inputSize, outputSize)]);
        InputSize = inputSize;
        OutputSize = outputSize;
    }

    public string Architecture => "linear";

    public ParameterStore<T> Parameters { get; } = new();

    public int InputSize { get; }

    public int OutputSize { get; }

    public void Initialize(int seed) => _stack.Initialize(new Random(seed));

    public NetworkWorkspace CreateWorkspace(int maxBatch) => new Workspace(this, maxBatch);

    public void Forward(NetworkWorkspace workspace, ReadOnlySpan<T> input, Span<T> output, int batch, bool training) =>
        _stack.Forward(Cast(workspace).Buffers, input, batch, new LayerPass(training, workspace.Seed)).CopyTo(output[..(batch * OutputSize)]);

    public void Backward(NetworkWorkspace workspace, ReadOnlySpan<T> outputGradient, Span<T> parameterGradient, int batch) =>
        _stack.Backward(Cast(workspace).Buffers, outputGradient, [], parameterGradient, batch);

    private Workspace Cast(NetworkWorkspace workspace) =>
        workspace is Workspace ws && ws.Owner == this ? ws : throw new ArgumentException("workspace was not created by this linear network", nameof(workspace));

    private sealed class Workspace(LinearNetwork<T> owner, int maxBatch) : NetworkWorkspace(maxBatch)
    {
        public LinearNetwork<T> Owner { get; } = owner;
        public LayerStackBuffers<T> Buffers { get; } = owner._stack.CreateBuffers(maxBatch);
    }
}
