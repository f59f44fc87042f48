using System.Numerics;

namespace Dlnet.Nn.Recurrent;

/// <summary>
/// One or more stacked <see cref="GruCell{T}"/> layers over the input window; the last hidden state of
/// the top layer feeds a linear head to the horizon.
/// </summary>
public sealed class GruNetwork<T> : RecurrentNetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public GruNetwork(int inputSize, int outputSize, int hiddenSize, int layers = 1, int features = 1)
        : this(new ParameterStore<T>(), inputSize, outputSize, hiddenSize, layers, features) { }

    private GruNetwork(ParameterStore<T> store, int inputSize, int outputSize, int hiddenSize, int layers, int features)
        : base("gru", inputSize, outputSize, features, store, Build(store, features, hiddenSize, layers)) =>
        HiddenSize = hiddenSize;

    public int HiddenSize { get; }

    private static GruCell<T>[] Build(ParameterStore<T> store, int features, int hiddenSize, int layers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 1);
        return [.. Enumerable.Range(0, layers).Select(l => new GruCell<T>(store, $"gru{l}", l == 0 ? features : hiddenSize, hiddenSize))];
    }
}
