namespace Dlnet.Nn;

/// <summary>A named slice of a <see cref="ParameterStore{T}"/>: where one weight tensor lives and its shape (row-major).</summary>
public sealed record ParameterTensor(string Name, int Offset, int[] Shape)
{
    public int Length { get; } = Shape.Aggregate(1, (a, b) => a * b);

    public override string ToString() => $"{Name}[{string.Join('x', Shape)}]";
}
