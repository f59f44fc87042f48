using System.Numerics;

namespace Dlnet.Optimization;

/// <summary>
/// A pointwise loss between forecasts and targets, with its derivative written next to it. The trainer
/// splits a batch over threads, so each call handles part of a batch: it returns the SUM of the element
/// losses and writes weight x dLoss/dPrediction, where the caller passes weight = 1 / (batch x outputs)
/// so that the gradients of all parts add up to the gradient of the batch mean.
/// </summary>
public abstract class RegressionLoss
{
    /// <summary>Name as on the command line: <c>mse</c>, <c>mae</c>, <c>huber</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Sum of element losses; <paramref name="gradient"/>[i] = weight x d loss_i / d prediction[i] (overwritten).</summary>
    public double Accumulate<T>(ReadOnlySpan<T> prediction, ReadOnlySpan<T> target, Span<T> gradient, T weight)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (target.Length != prediction.Length || gradient.Length != prediction.Length)
            throw new ArgumentException($"prediction, target and gradient lengths differ: {prediction.Length}, {target.Length}, {gradient.Length}");
        double sum = 0;
        for (int i = 0; i < prediction.Length; i++)
        {
            double error = double.CreateChecked(prediction[i] - target[i]);
            sum += Element(error, out double derivative);
            gradient[i] = weight * T.CreateChecked(derivative);
        }
        return sum;
    }

    /// <summary>The loss of one error (prediction - target) and its derivative.</summary>
    protected abstract double Element(double error, out double derivative);

    /// <summary>The sign of an error, NaN for NaN: a diverged network must give a NaN loss, which the trainer reports, not throw.</summary>
    protected static double Sign(double error) => double.IsNaN(error) ? double.NaN : Math.Sign(error);

    /// <summary>The loss of that name; <paramref name="huberDelta"/> is used by <c>huber</c> only.</summary>
    public static RegressionLoss Parse(string name, double huberDelta = 1.0) => name switch
    {
        "mse" => new MseLoss(),
        "mae" => new MaeLoss(),
        "huber" => new HuberLoss(huberDelta),
        _ => throw new ArgumentException($"unknown loss '{name}' (expected mse, mae or huber)", nameof(name)),
    };
}

/// <summary>Squared error e^2, derivative 2e.</summary>
public sealed class MseLoss : RegressionLoss
{
    public override string Name => "mse";

    protected override double Element(double error, out double derivative)
    {
        derivative = 2 * error;
        return error * error;
    }
}

/// <summary>Absolute error |e|, derivative sign(e) (0 at 0).</summary>
public sealed class MaeLoss : RegressionLoss
{
    public override string Name => "mae";

    protected override double Element(double error, out double derivative)
    {
        derivative = Sign(error);
        return Math.Abs(error);
    }
}

/// <summary>
/// Huber loss: e^2/2 within <see cref="Delta"/> of zero, delta (|e| - delta/2) beyond, so that large errors
/// pull linearly (as MAE) and small ones smoothly (as MSE).
/// </summary>
public sealed class HuberLoss : RegressionLoss
{
    public HuberLoss(double delta = 1.0)
    {
        if (!(delta > 0) || !double.IsFinite(delta)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "Huber delta must be positive");
        Delta = delta;
    }

    public double Delta { get; }

    public override string Name => "huber";

    protected override double Element(double error, out double derivative)
    {
        double a = Math.Abs(error);
        if (a <= Delta)
        {
            derivative = error;
            return 0.5 * error * error;
        }
        derivative = Delta * Sign(error);
        return Delta * (a - 0.5 * Delta);
    }
}
