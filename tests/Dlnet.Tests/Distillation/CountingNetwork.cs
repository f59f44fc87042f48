using Dlnet.Nn;

namespace Dlnet.Tests.Distillation;

/// <summary>A network that counts the windows it is run on and otherwise defers to another.</summary>
internal sealed class CountingNetwork(INetwork<float> inner) : INetwork<float>
{
    private int _windows;

    public int Windows => Volatile.Read(ref _windows);

    public string Architecture => inner.Architecture;

    public ParameterStore<float> Parameters => inner.Parameters;

    public int InputSize => inner.InputSize;

    public int OutputSize => inner.OutputSize;

    public void Initialize(int seed) => inner.Initialize(seed);

    public NetworkWorkspace CreateWorkspace(int maxBatch) => inner.CreateWorkspace(maxBatch);

    public void Forward(NetworkWorkspace workspace, ReadOnlySpan<float> input, Span<float> output, int batch, bool training)
    {
        Interlocked.Add(ref _windows, batch);
        inner.Forward(workspace, input, output, batch, training);
    }

    public void Backward(NetworkWorkspace workspace, ReadOnlySpan<float> outputGradient, Span<float> parameterGradient, int batch) =>
        inner.Backward(workspace, outputGradient, parameterGradient, batch);
}
