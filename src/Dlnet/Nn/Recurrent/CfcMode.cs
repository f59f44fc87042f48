namespace Dlnet.Nn.Recurrent;

/// <summary>How a <see cref="CfcCell{T}"/> combines its heads into the next state (the ncps modes).</summary>
public enum CfcMode
{
    /// <summary>h' = ff1 (1 - g) + g ff2: a time-dependent interpolation between two heads.</summary>
    Default,

    /// <summary>h' = ff1 + g ff2.</summary>
    NoGate,

    /// <summary>h' = -A exp(-t (|w_tau| + |ff1|)) ff1 + A, the direct closed-form solution; ff1 is linear here.</summary>
    Pure,
}
