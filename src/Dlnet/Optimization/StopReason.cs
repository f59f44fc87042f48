using System.Text.Json.Serialization;

namespace Dlnet.Optimization;

/// <summary>Why training ended; written to model files by these names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StopReason>))]
public enum StopReason
{
    /// <summary>Every epoch of the budget ran.</summary>
    [JsonStringEnumMemberName("completed")] Completed,

    /// <summary>The validation error stopped improving for the patience's number of epochs.</summary>
    [JsonStringEnumMemberName("early-stopping")] EarlyStopping,

    /// <summary>Cancelled by the user; the best epoch so far is kept.</summary>
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}
