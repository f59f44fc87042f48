using System.Numerics;
using System.Numerics.Tensors;
using Dlnet.Nn.Layers;
using Dlnet.Nn.Liquid;

namespace Dlnet.Nn.Networks;

/// <summary>
/// The shape shared by the paper's teacher and its Euler students: an MLP encoder maps the window to
/// a latent state x0, a <see cref="LiquidOdeBlock{T}"/> evolves it in latent time driven by the
/// window mean u, a learnable residual keeps a share of the start (x = x_T + r*x0), and an MLP
/// decoder maps x to the horizon.
/// <code>
/// encoder: Dense(in, e) LN ReLU Dropout Dense(e, hidden) LN Tanh            -> x0
/// ode:     dx/dt = -alpha ⊙ x + beta ⊙ tanh(W x + u), u = mean(input)       -> x_T
/// decoder: [Dense(d_i) LN ReLU (Dropout after the first)]... Dense(d_last, out)
/// </code>
/// </summary>
public abstract class LiquidEncoderDecoder<T> : ILatentNetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly double _residualInit;

    protected LiquidEncoderDecoder(string architecture, int inputSize, int outputSize, int encoderWidth,
        IReadOnlyList<int> decoderWidths, double dropout, LiquidOdeOptions ode, double residualInit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(encoderWidth);
        if (decoderWidths.Count == 0 || decoderWidths.Any(w => w <= 0))
            throw new ArgumentException($"decoder widths [{string.Join(',', decoderWidths)}] must be one or more positive sizes", nameof(decoderWidths));
        Architecture = architecture;
        InputSize = inputSize;
        OutputSize = outputSize;
        _residualInit = residualInit;
        var store = Parameters = new ParameterStore<T>();
        int hidden = ode.Hidden;

        var encoder = new List<ILayer<T>>
        {
            new Dense<T>(store, "encoder.0", inputSize, encoderWidth),
            new LayerNorm<T>(store, "encoder.0.norm", encoderWidth),
            new Activation<T>(ActivationKind.ReLU, encoderWidth),
        };
        if (dropout > 0) encoder.Add(new Dropout<T>(encoderWidth, dropout, stream: 1));
        encoder.Add(new Dense<T>(store, "encoder.1", encoderWidth, hidden));
        encoder.Add(new LayerNorm<T>(store, "encoder.1.norm", hidden));
        encoder.Add(new Activation<T>(ActivationKind.Tanh, hidden));
        Encoder = new LayerStack<T>(encoder);

        Ode = new LiquidOdeBlock<T>(store, "ode", ode);
        ResidualScale = store.Add("residual_scale", 1);

        var decoder = new List<ILayer<T>>();
        int width = hidden;
        for (int i = 0; i < decoderWidths.Count; i++)
        {
            decoder.Add(new Dense<T>(store, $"decoder.{i}", width, decoderWidths[i]));
            decoder.Add(new LayerNorm<T>(store, $"decoder.{i}.norm", decoderWidths[i]));
            decoder.Add(new Activation<T>(ActivationKind.ReLU, decoderWidths[i]));
            if (i == 0 && dropout > 0) decoder.Add(new Dropout<T>(decoderWidths[i], dropout, stream: 2));
            width = decoderWidths[i];
        }
        decoder.Add(new Dense<T>(store, $"decoder.{decoderWidths.Count}", width, outputSize));
        Decoder = new LayerStack<T>(decoder);
    }

    public string Architecture { get; }

    public ParameterStore<T> Parameters { get; }

    public int InputSize { get; }

    public int OutputSize { get; }

    /// <summary>Latent size (units of the ODE state).</summary>
    public int Hidden => Ode.Hidden;

    public int LatentSize => Hidden;

    public LayerStack<T> Encoder { get; }

    public LiquidOdeBlock<T> Ode { get; }

    /// <summary>The scalar r of x = x_T + r*x0.</summary>
    public ParameterTensor ResidualScale { get; }

    public LayerStack<T> Decoder { get; }

    public void Initialize(int seed)
    {
        var rng = new Random(seed);
        Encoder.Initialize(rng);
        Ode.Initialize(rng);
        Parameters[ResidualScale][0] = T.CreateChecked(_residualInit);
        Decoder.Initialize(rng);
    }

    public NetworkWorkspace CreateWorkspace(int maxBatch) => new Workspace(this, maxBatch);

    public void Forward(NetworkWorkspace workspace, ReadOnlySpan<T> input, Span<T> output, int batch, bool training)
    {
        var ws = Cast(workspace);
        ws.HasAddedLatentGradient = false;
        var pass = new LayerPass(training, ws.Seed);
        int n = Hidden, size = batch * n;
        var x0 = ws.X0.AsSpan(0, size);
        Encoder.Forward(ws.EncoderBuffers, input, batch, pass).CopyTo(x0);
        var u = ws.Drive.AsSpan(0, batch);
        T invInput = T.One / T.CreateChecked(InputSize);
        for (int b = 0; b < batch; b++)
        {
            T sum = T.Zero;
            foreach (T v in input.Slice(b * InputSize, InputSize)) sum += v;
            u[b] = sum * invInput;
        }
        var xT = ws.XT.AsSpan(0, size);
        Ode.Forward(ws.OdeBuffers, x0, u, xT, batch);
        var latent = ws.Latent.AsSpan(0, size);
        Residual.Forward(latent, xT, x0, Parameters[ResidualScale][0]);
        Decoder.Forward(ws.DecoderBuffers, latent, batch, pass).CopyTo(output[..(batch * OutputSize)]);
    }

    public void Backward(NetworkWorkspace workspace, ReadOnlySpan<T> outputGradient, Span<T> parameterGradient, int batch)
    {
        var ws = Cast(workspace);
        int size = batch * Hidden;
        var dLatent = ws.LatentGradient.AsSpan(0, size);
        Decoder.Backward(ws.DecoderBuffers, outputGradient, dLatent, parameterGradient, batch);
        if (ws.HasAddedLatentGradient)
        {
            TensorPrimitives.Add(dLatent, ws.AddedLatentGradient.AsSpan(0, size), dLatent);
            ws.HasAddedLatentGradient = false;
        }
        var dx0 = ws.X0Gradient.AsSpan(0, size);
        // The drive u depends only on the input, which needs no gradient.
        Ode.Backward(ws.OdeBuffers, dLatent, dx0, [], parameterGradient, batch);
        T r = Parameters[ResidualScale][0];
        parameterGradient[ResidualScale.Offset] += Residual.Backward([], dx0, dLatent, ws.X0.AsSpan(0, size), r);
        Encoder.Backward(ws.EncoderBuffers, dx0, [], parameterGradient, batch);
    }

    /// <summary>The latent x = x_T + r*x0 fed to the decoder in the last forward pass with <paramref name="workspace"/>.</summary>
    public ReadOnlySpan<T> LatentState(NetworkWorkspace workspace, int batch) => Cast(workspace).Latent.AsSpan(0, batch * Hidden);

    /// <summary>
    /// Adds dL/dlatent (batch x Hidden) to the gradient the next <see cref="Backward"/> with
    /// <paramref name="workspace"/> sends into the liquid block, for a loss that reads the latent state
    /// (<see cref="LatentState"/>) besides the output, such as matching a teacher's latent state.
    /// Used by that one backward pass only; a new forward pass discards it.
    /// </summary>
    public void AddLatentGradient(NetworkWorkspace workspace, ReadOnlySpan<T> latentGradient, int batch)
    {
        var ws = Cast(workspace);
        int size = batch * Hidden;
        if (batch < 1 || batch > ws.MaxBatch) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"batch must be in [1, {ws.MaxBatch}]");
        if (latentGradient.Length < size) throw new ArgumentException($"{batch} samples need {size} latent gradients, got {latentGradient.Length}", nameof(latentGradient));
        var added = ws.AddedLatentGradient.AsSpan(0, size);
        if (ws.HasAddedLatentGradient) TensorPrimitives.Add(added, latentGradient[..size], added);
        else latentGradient[..size].CopyTo(added);
        ws.HasAddedLatentGradient = true;
    }

    private Workspace Cast(NetworkWorkspace workspace) =>
        workspace is Workspace ws && ws.Owner == this
            ? ws
            : throw new ArgumentException($"workspace was not created by this {Architecture} network", nameof(workspace));

    private sealed class Workspace : NetworkWorkspace
    {
        public Workspace(LiquidEncoderDecoder<T> owner, int maxBatch) : base(maxBatch)
        {
            Owner = owner;
            EncoderBuffers = owner.Encoder.CreateBuffers(maxBatch);
            OdeBuffers = owner.Ode.CreateBuffers(maxBatch);
            DecoderBuffers = owner.Decoder.CreateBuffers(maxBatch);
            int size = maxBatch * owner.Hidden;
            X0 = new T[size];
            XT = new T[size];
            Latent = new T[size];
            LatentGradient = new T[size];
            X0Gradient = new T[size];
            AddedLatentGradient = new T[size];
            Drive = new T[maxBatch];
        }

        public LiquidEncoderDecoder<T> Owner { get; }
        public LayerStackBuffers<T> EncoderBuffers { get; }
        public LiquidOdeBuffers<T> OdeBuffers { get; }
        public LayerStackBuffers<T> DecoderBuffers { get; }
        public T[] X0 { get; }
        public T[] XT { get; }
        public T[] Latent { get; }
        public T[] LatentGradient { get; }
        public T[] X0Gradient { get; }
        public T[] AddedLatentGradient { get; }
        public bool HasAddedLatentGradient { get; set; }
        public T[] Drive { get; }
    }
}
