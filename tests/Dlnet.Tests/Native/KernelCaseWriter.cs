using System.Runtime.InteropServices;

namespace Dlnet.Tests.Native;

/// <summary>
/// The kernel case file the runtime harness reads (runtime/README.md), little-endian: the magic "DLK1"; per case an
/// int32 op, an int32 tensor count and the tensors, the last being the expected output the C# twin computed; an
/// int32 0 at the end. A tensor is an int32 element size in bytes (1, 2, 4 or 8; read back signed), an int32 length and its
/// values. The writer and the reader are the only code that knows this layout on the .NET side.
/// </summary>
static class KernelCaseWriter
{
    public const int Magic = 0x314B4C44; // "DLK1"

    /// <summary>Writes <paramref name="cases"/> with their expectations; returns how many.</summary>
    public static int Write(Stream stream, IEnumerable<KernelCase> cases)
    {
        using var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        int count = 0;
        foreach (var c in cases)
        {
            w.Write((int)c.Op);
            w.Write(c.Inputs.Length + 1);
            foreach (var tensor in c.Inputs) Tensor(w, tensor);
            Tensor(w, c.Expected());
            count++;
        }
        w.Write(0);
        return count;
    }

    public static int Write(string path, IEnumerable<KernelCase> cases)
    {
        using var file = File.Create(path);
        return Write(file, cases);
    }

    // Little-endian machines only (x86-64, AArch64, Cortex-M), as the harness.
    static void Tensor(BinaryWriter w, Array tensor)
    {
        var (size, bytes) = tensor switch
        {
            sbyte[] v => (1, MemoryMarshal.AsBytes<sbyte>(v).ToArray()),
            byte[] v => (1, v),
            short[] v => (2, MemoryMarshal.AsBytes<short>(v).ToArray()),
            int[] v => (4, MemoryMarshal.AsBytes<int>(v).ToArray()),
            long[] v => (8, MemoryMarshal.AsBytes<long>(v).ToArray()),
            _ => throw new ArgumentException($"no tensor type for {tensor.GetType()}"),
        };
        w.Write(size);
        w.Write(tensor.Length);
        w.Write(bytes);
    }

    /// <summary>The cases of a file with the expectations stored in it, every size checked before it is read.</summary>
    public static IReadOnlyList<(KernelCase Case, Array Expected)> Read(string path)
    {
        using var r = new BinaryReader(File.OpenRead(path));
        long length = r.BaseStream.Length;
        if (length < 8 || r.ReadInt32() != Magic) throw new InvalidDataException($"{path}: not a kernel case file (no DLK1 magic)");
        var cases = new List<(KernelCase, Array)>();
        for (int op = r.ReadInt32(); op != 0; op = r.ReadInt32())
        {
            if (!Enum.IsDefined((KernelOp)op)) throw new InvalidDataException($"{path}: case {cases.Count}: unknown op {op}");
            int count = r.ReadInt32();
            if (count < 1 || count > 32) throw new InvalidDataException($"{path}: case {cases.Count}: {count} tensors");
            var tensors = new Array[count];
            for (int k = 0; k < count; k++)
            {
                int size = r.ReadInt32(), n = r.ReadInt32();
                if (size is not (1 or 2 or 4 or 8) || n < 0 || (long)n * size > length - r.BaseStream.Position)
                    throw new InvalidDataException($"{path}: case {cases.Count} tensor {k}: {n} values of {size} bytes");
                byte[] bytes = r.ReadBytes(n * size);
                tensors[k] = size switch
                {
                    1 => MemoryMarshal.Cast<byte, sbyte>(bytes).ToArray(),
                    2 => MemoryMarshal.Cast<byte, short>(bytes).ToArray(),
                    4 => MemoryMarshal.Cast<byte, int>(bytes).ToArray(),
                    _ => MemoryMarshal.Cast<byte, long>(bytes).ToArray(),
                };
            }
            cases.Add((new KernelCase((KernelOp)op, tensors[..^1]), tensors[^1]));
        }
        return cases;
    }
}
