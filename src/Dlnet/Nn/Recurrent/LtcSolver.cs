namespace Dlnet.Nn.Recurrent;

/// <summary>How an <see cref="LtcCell{T}"/> integrates its ODE over one sub-step dt.</summary>
public enum LtcSolver
{
    /// <summary>
    /// The fused semi-implicit step of ncps, v' = (cm/dt v + gleak vleak + sum a E) / (cm/dt + gleak + sum a + eps):
    /// stable for any dt, since the leak and synaptic terms are treated implicitly in v.
    /// </summary>
    SemiImplicit,

    /// <summary>
    /// Explicit Euler, v' = v + dt/cm (gleak (vleak - v) + sum a (E - v)): the cheapest form on a
    /// microcontroller (no division), stable only while dt (gleak + sum a) / cm stays below 2.
    /// </summary>
    ExplicitEuler,
}
