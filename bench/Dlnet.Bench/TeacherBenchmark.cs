using BenchmarkDotNet.Attributes;
using Dlnet.Nn;
using Dlnet.Nn.Networks;

namespace Dlnet.Bench;

/// <summary>
/// One training batch of the paper's teacher (W = H = 100, batch 32, float): forward with dropout,
/// backward into a zeroed gradient buffer. Also the same batch split over two workspaces on two
/// threads (16 samples each), the way a trainer would use both cores, with the gradient reduction.
/// </summary>
[MemoryDiagnoser]
public class TeacherBenchmark
{
    private const int Batch = 32;
    private PaperTeacher<float> _teacher = null!;
    private NetworkWorkspace _workspace = null!;
    private NetworkWorkspace[] _halves = null!;
    private float[] _input = null!, _output = null!, _outputGradient = null!, _gradient = null!;
    private float[][] _halfGradients = null!;

    [GlobalSetup]
    public void Setup()
    {
        _teacher = new PaperTeacher<float>(new PaperTeacherOptions());
        _teacher.Initialize(1);
        var rng = new Random(2);
        _input = Enumerable.Range(0, Batch * 100).Select(_ => (float)rng.NextDouble()).ToArray();
        _outputGradient = Enumerable.Range(0, Batch * 100).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        _output = new float[Batch * 100];
        _gradient = _teacher.Parameters.CreateBuffer();
        _workspace = _teacher.CreateWorkspace(Batch);
        _halves = [_teacher.CreateWorkspace(Batch / 2), _teacher.CreateWorkspace(Batch / 2)];
        _halfGradients = [_teacher.Parameters.CreateBuffer(), _teacher.Parameters.CreateBuffer()];
    }

    [Benchmark(Baseline = true)]
    public void ForwardBackward()
    {
        Array.Clear(_gradient);
        _workspace.Seed = 7;
        _teacher.Forward(_workspace, _input, _output, Batch, training: true);
        _teacher.Backward(_workspace, _outputGradient, _gradient, Batch);
    }

    [Benchmark]
    public void Forward() => _teacher.Forward(_workspace, _input, _output, Batch, training: true);

    [Benchmark]
    public void ForwardBackwardTwoThreads()
    {
        Parallel.For(0, 2, h =>
        {
            int half = Batch / 2;
            var ws = _halves[h];
            var grad = _halfGradients[h];
            Array.Clear(grad);
            ws.Seed = 7 + (ulong)h;
            _teacher.Forward(ws, _input.AsSpan(h * half * 100, half * 100), _output.AsSpan(h * half * 100, half * 100), half, true);
            _teacher.Backward(ws, _outputGradient.AsSpan(h * half * 100, half * 100), grad, half);
        });
        System.Numerics.Tensors.TensorPrimitives.Add(_halfGradients[0], _halfGradients[1], _gradient);
    }
}
