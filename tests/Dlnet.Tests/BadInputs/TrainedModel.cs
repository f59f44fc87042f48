namespace Dlnet.Tests.BadInputs;

/// <summary>
/// A small valid model folder (an MLP of 8 hidden units, one epoch on the built-in fleet), trained once per test
/// run by <c>dlnet train</c> itself, for the corpus cases that break one part of a model folder.
/// </summary>
public static class TrainedModel
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        string root = Directory.CreateTempSubdirectory("dlnet-corpus-model-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(root, recursive: true); } catch (IOException) { } };
        string folder = Path.Combine(root, "model");
        var r = Cli.Run("train", "--model", "mlp", "--hidden", "8", "--layers", "1", "--epochs", "1", "--threads", "1", "--out", folder);
        if (r.ExitCode != 0) throw new InvalidOperationException($"training the corpus model failed: {r.Stderr}");
        return folder;
    });

    /// <summary>Copies the model folder to <paramref name="path"/>.</summary>
    public static void CopyTo(string path)
    {
        Directory.CreateDirectory(path);
        foreach (string file in Directory.GetFiles(Folder.Value))
            File.Copy(file, Path.Combine(path, Path.GetFileName(file)));
    }
}
