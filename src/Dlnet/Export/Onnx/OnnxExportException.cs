namespace Dlnet.Export.Onnx;

/// <summary>A network, layer or setting that has no ONNX form in this exporter.</summary>
public sealed class OnnxExportException(string message) : Exception(message);
