using Dlnet.Architectures;
using Dlnet.Forecasting;
using Dlnet.ModelFiles;

namespace Dlnet.Tests.Models;

/// <summary>A valid model folder to tamper with: an MLP of 20 values to 6 with one hidden layer of 8, delta form.</summary>
internal static class SmallModelFolder
{
    public static string Save(string folder)
    {
        var options = new NetworkOptions { Hidden = 8, Layers = 1 };
        var net = ArchitectureRegistry.Named("mlp").Create<float>(options, 20, 6);
        net.Initialize(1);
        var encoding = new WindowEncoding(OutputForm.Delta, 20, 6, 0, 0.01, 0.004);
        ModelFile.Save(folder, new ModelDescription
        {
            Name = "small", Architecture = "mlp", Options = options, InputLength = 20, Horizon = 6,
            ParameterCount = net.Parameters.Count, Encoding = EncodingDescription.From(encoding),
            Data = new DataDescription("builtin", "sha256:" + new string('0', 64), "cells", 42, 4, 10, 2),
        }, net.Parameters);
        return folder;
    }

    public static string DescriptionPath(string folder) => Path.Combine(folder, ModelFile.DescriptionFileName);

    public static string WeightsPath(string folder) => Path.Combine(folder, ModelFile.WeightsFileName);
}
