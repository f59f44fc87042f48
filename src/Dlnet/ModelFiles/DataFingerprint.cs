using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Dlnet.Series;

namespace Dlnet.ModelFiles;

/// <summary>
/// SHA-256 over what a model was trained and scored on: every series' id, split tag and values (as
/// little-endian IEEE doubles), in order. Two data sets with the same fingerprint give the same splits
/// and the same windows, so a model's metrics can be reproduced from its file.
/// </summary>
public static class DataFingerprint
{
    /// <summary><c>sha256:</c> followed by 64 lower-case hex digits.</summary>
    public static string Compute(SeriesSet series)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[8];
        foreach (var s in series)
        {
            AppendText(hash, s.Id);
            AppendText(hash, s.Split ?? "");
            BinaryPrimitives.WriteInt64LittleEndian(number, s.Length);
            hash.AppendData(number);
            foreach (double v in s.Values)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(number, v);
                hash.AppendData(number);
            }
        }
        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    // Length-prefixed, so that ("ab", "c") and ("a", "bc") hash differently.
    private static void AppendText(IncrementalHash hash, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
