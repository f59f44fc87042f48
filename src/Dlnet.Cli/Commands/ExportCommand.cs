using System.CommandLine;
using Dlnet.Cli.Common;
using Dlnet.Export.Onnx;
using Dlnet.Forecasting;
using Dlnet.IO;
using Dlnet.ModelFiles;

namespace Dlnet.Cli.Commands;

/// <summary><c>dlnet export</c>: a model folder as a file other tools run (ONNX: raw SOH windows in, SOH forecasts out).</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder (model.safetensors and model.json), as written by dlnet train or dlnet run.", Required = true };
        var format = new Option<string>("--format") { Description = "File format.", DefaultValueFactory = _ => "onnx" };
        format.AcceptOnlyFromAmong("onnx");
        var output = new Option<string>("--out") { Description = "File to write (for example model.onnx).", Required = true }.WritesFile();
        var outputs = new OutputOptions();

        var cmd = new Command("export", "Export a model as ONNX: SOH windows [N, W] in, SOH forecasts [N, H] out, the encoding included (docs/onnx-export.md).")
        {
            model, format, output,
        };
        outputs.AddTo(cmd);
        cmd.SetAction(parseResult =>
        {
            TextWriter stdout = parseResult.InvocationConfiguration.Output;
            string modelDir = parseResult.GetValue(model)!;
            string path = parseResult.GetValue(output)!;
            if (!Directory.Exists(modelDir)) throw new DataFormatException(modelDir, null, "no such model folder");
            var forecaster = ModelFile.Load(modelDir);
            OnnxModel onnx;
            try { onnx = OnnxExporter.Forecaster(forecaster); }
            catch (OnnxExportException e) { throw new DataFormatException(modelDir, null, e.Message, e); }
            byte[] bytes = onnx.ToByteArray();
            AtomicFile.WriteAllBytes(path, bytes);

            if (outputs.PrintsText(parseResult))
                stdout.WriteLine($"wrote {path}: {forecaster.Name} ({forecaster.Network.Architecture}, form {forecaster.Encoding.Form.ToName()}), " +
                    $"window [N, {forecaster.InputLength}] -> forecast [N, {forecaster.Horizon}], {onnx.Nodes} nodes, {onnx.Initializers} initializers, {bytes.Length} bytes");
            outputs.WriteJson(parseResult, new ExportResult(path, "onnx", forecaster.Name, forecaster.Network.Architecture, forecaster.InputLength,
                forecaster.Horizon, OnnxExporter.InputName, OnnxExporter.OutputName, onnx.Nodes, onnx.Initializers, bytes.Length));
            return ExitCodes.Success;
        });
        return cmd;
    }

    private sealed record ExportResult(string File, string Format, string Name, string Architecture, int InputLength, int Horizon,
        string Input, string Output, int Nodes, int Initializers, int Bytes);
}
