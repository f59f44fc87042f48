namespace Dlnet.Int8;

/// <summary>The ranges the kernels accept for zero points, shared by their argument checks.</summary>
static class Offsets
{
    /// <summary>Minus an int8 zero point: [-127, 128].</summary>
    public static bool IsInputOffset(int offset) => offset >= -sbyte.MaxValue && offset <= -sbyte.MinValue;
}
