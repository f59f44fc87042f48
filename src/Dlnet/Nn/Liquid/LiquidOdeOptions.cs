namespace Dlnet.Nn.Liquid;

/// <summary>How the liquid ODE is integrated.</summary>
public enum OdeSolver
{
    /// <summary>x += h f(x): one evaluation per step, first order; what the microcontroller runs.</summary>
    Euler,

    /// <summary>Classical fourth-order Runge-Kutta: four evaluations per step, the accurate reference.</summary>
    RungeKutta4,
}

/// <summary>The form of the recurrent coupling W in tanh(W x + u).</summary>
public enum LiquidCoupling
{
    /// <summary>A full hidden x hidden matrix without bias.</summary>
    Dense,

    /// <summary>W x = w_diag ⊙ x + U (V^T x) / r with U, V hidden x r: O(hidden * r) instead of O(hidden^2).</summary>
    DiagonalPlusLowRank,
}

/// <summary>
/// Shape and integration of a <see cref="LiquidOdeBlock{T}"/>: dx/dt = -alpha ⊙ x + beta ⊙ tanh(W x + u),
/// integrated for <paramref name="Steps"/> steps of <paramref name="StepSize"/>.
/// </summary>
/// <param name="Hidden">Units in the state x.</param>
/// <param name="Steps">Solver steps (the teacher: 9 over [0, 1]; the student: 1).</param>
/// <param name="StepSize">Step h (the teacher: 1/9; the student: 0.1).</param>
/// <param name="Solver">Euler or RK4.</param>
/// <param name="Coupling">Dense W or diagonal plus rank <paramref name="Rank"/>.</param>
/// <param name="Rank">r for <see cref="LiquidCoupling.DiagonalPlusLowRank"/>; ignored for dense.</param>
/// <param name="AlphaInit">Initial leak rate of every unit.</param>
/// <param name="BetaInit">Initial drive gain of every unit.</param>
public sealed record LiquidOdeOptions(
    int Hidden,
    int Steps,
    double StepSize,
    OdeSolver Solver = OdeSolver.Euler,
    LiquidCoupling Coupling = LiquidCoupling.Dense,
    int Rank = 0,
    double AlphaInit = 0.5,
    double BetaInit = 0.1)
{
    /// <summary>Steps of equal size covering t in [0, 1].</summary>
    public static LiquidOdeOptions UnitInterval(int hidden, int steps, OdeSolver solver = OdeSolver.Euler) =>
        new(hidden, steps, 1.0 / steps, solver);

    internal void Validate()
    {
        if (Hidden < 1) throw new ArgumentOutOfRangeException(nameof(Hidden), Hidden, "hidden size must be positive");
        if (Steps < 1) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "the solver needs at least one step");
        if (!(StepSize > 0) || !double.IsFinite(StepSize)) throw new ArgumentOutOfRangeException(nameof(StepSize), StepSize, "step size must be positive");
        if (Coupling == LiquidCoupling.DiagonalPlusLowRank && (Rank < 1 || Rank > Hidden))
            throw new ArgumentOutOfRangeException(nameof(Rank), Rank, $"rank must be in [1, {Hidden}]");
    }
}
