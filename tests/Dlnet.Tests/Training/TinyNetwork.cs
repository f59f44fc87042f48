using System.Numerics;
using Dlnet.Nn;
using Dlnet.Nn.Kernels;

namespace Dlnet.Tests.Training;

/// <summary>
/// A two-layer perceptron with tanh and inverted dropout, for testing training machinery independently
/// of the project's architectures: y = W2 dropout(tanh(W1 x + b1)) + b2. Hidden size 0 makes it linear.
/// </summary>
internal sealed class TinyNetwork<T> : INetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _hidden;
    private readonly double _dropout;
    private readonly ParameterTensor? _w1, _b1;
    private readonly ParameterTensor _w2, _b2;

    public TinyNetwork(int inputSize, int outputSize, int hidden = 8, double dropout = 0.0)
    {
        InputSize = inputSize;
        OutputSize = outputSize;
        _hidden = hidden;
        _dropout = dropout;
        if (hidden > 0)
        {
            _w1 = Parameters.Add("hidden.weight", hidden, inputSize);
            _b1 = Parameters.Add("hidden.bias", hidden);
        }
        _w2 = Parameters.Add("out.weight", outputSize, hidden > 0 ? hidden : inputSize);
        _b2 = Parameters.Add("out.bias", outputSize);
    }

    public string Architecture => "tiny";

    public ParameterStore<T> Parameters { get; } = new();

    public int InputSize { get; }

    public int OutputSize { get; }

    public void Initialize(int seed)
    {
        var rng = new Random(seed);
        foreach (var t in Parameters.Tensors)
        {
            double bound = t.Shape.Length == 2 ? 1.0 / Math.Sqrt(t.Shape[1]) : 0.0;
            var span = Parameters[t];
            for (int i = 0; i < span.Length; i++) span[i] = T.CreateChecked((rng.NextDouble() * 2 - 1) * bound);
        }
    }

    public NetworkWorkspace CreateWorkspace(int maxBatch) => new Workspace(maxBatch, InputSize, Math.Max(_hidden, 1));

    public void Forward(NetworkWorkspace workspace, ReadOnlySpan<T> input, Span<T> output, int batch, bool training)
    {
        var ws = (Workspace)workspace;
        input.Slice(0, batch * InputSize).CopyTo(ws.Input);
        if (_hidden == 0)
        {
            Linear.Forward(output, input.Slice(0, batch * InputSize), Parameters[_w2], Parameters[_b2], batch, InputSize, OutputSize);
            return;
        }
        var h = ws.Hidden.AsSpan(0, batch * _hidden);
        Linear.Forward(h, input.Slice(0, batch * InputSize), Parameters[_w1!], Parameters[_b1!], batch, InputSize, _hidden);
        var rng = new Random((int)(workspace.Seed % int.MaxValue));
        T keepScale = T.CreateChecked(1 / (1 - _dropout));
        for (int i = 0; i < h.Length; i++)
        {
            h[i] = T.Tanh(h[i]);
            ws.Mask[i] = training && _dropout > 0 ? (rng.NextDouble() < _dropout ? T.Zero : keepScale) : T.One;
            ws.Dropped[i] = h[i] * ws.Mask[i];
        }
        Linear.Forward(output, ws.Dropped.AsSpan(0, batch * _hidden), Parameters[_w2], Parameters[_b2], batch, _hidden, OutputSize);
    }

    public void Backward(NetworkWorkspace workspace, ReadOnlySpan<T> outputGradient, Span<T> parameterGradient, int batch)
    {
        var ws = (Workspace)workspace;
        var x = ws.Input.AsSpan(0, batch * InputSize);
        if (_hidden == 0)
        {
            Linear.Backward(Span<T>.Empty, parameterGradient.Slice(_w2.Offset, _w2.Length), parameterGradient.Slice(_b2.Offset, _b2.Length),
                outputGradient, x, Parameters[_w2], batch, InputSize, OutputSize);
            return;
        }
        var dh = ws.HiddenGradient.AsSpan(0, batch * _hidden);
        dh.Clear();
        Linear.Backward(dh, parameterGradient.Slice(_w2.Offset, _w2.Length), parameterGradient.Slice(_b2.Offset, _b2.Length),
            outputGradient, ws.Dropped.AsSpan(0, batch * _hidden), Parameters[_w2], batch, _hidden, OutputSize);
        var h = ws.Hidden.AsSpan(0, batch * _hidden);
        for (int i = 0; i < dh.Length; i++) dh[i] = dh[i] * ws.Mask[i] * (T.One - h[i] * h[i]);
        Linear.Backward(Span<T>.Empty, parameterGradient.Slice(_w1!.Offset, _w1.Length), parameterGradient.Slice(_b1!.Offset, _b1.Length),
            dh, x, Parameters[_w1], batch, InputSize, _hidden);
    }

    private sealed class Workspace(int maxBatch, int inputs, int hidden) : NetworkWorkspace(maxBatch)
    {
        public T[] Input { get; } = new T[maxBatch * inputs];
        public T[] Hidden { get; } = new T[maxBatch * hidden];
        public T[] Mask { get; } = new T[maxBatch * hidden];
        public T[] Dropped { get; } = new T[maxBatch * hidden];
        public T[] HiddenGradient { get; } = new T[maxBatch * hidden];
    }
}
