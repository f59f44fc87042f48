using System.Text.Json.Serialization;

namespace Dlnet.Selection;

/// <summary>The cost axis a knee point is taken on; named as in run configurations.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<KneeCost>))]
public enum KneeCost
{
    /// <summary>Flash bytes of the int8 model and its code.</summary>
    [JsonStringEnumMemberName("flash")] Flash,

    /// <summary>Multiply-accumulates per forecast.</summary>
    [JsonStringEnumMemberName("macs")] Macs,

    /// <summary>Latency per forecast at 64 MHz.</summary>
    [JsonStringEnumMemberName("latency")] Latency,
}
