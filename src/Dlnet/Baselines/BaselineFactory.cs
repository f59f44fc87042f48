using System.Globalization;
using Dlnet.Scoring;

namespace Dlnet.Baselines;

/// <summary>
/// Builds classical forecasters from their short names: <c>last</c>, and <c>linearK</c>,
/// <c>quadraticK</c>, <c>cubicK</c> for a polynomial of degree 1, 2, 3 through the last K values.
/// </summary>
public static class BaselineFactory
{
    /// <summary>Persistence, a line through 20 values, a quadratic through 50: the reference set.</summary>
    public static IReadOnlyList<string> DefaultNames { get; } = ["last", "linear20", "quadratic50"];

    private static readonly (string Prefix, int Degree)[] Polynomials = [("linear", 1), ("quadratic", 2), ("cubic", 3)];

    public static IForecaster Create(string name, int inputLength = 100, int horizon = 100) =>
        TryCreate(name, inputLength, horizon, out var forecaster, out string? error) ? forecaster! : throw new ArgumentException(error, nameof(name));

    /// <summary>False, with a message saying what names are accepted, when <paramref name="name"/> is not one.</summary>
    public static bool TryCreate(string name, int inputLength, int horizon, out IForecaster? forecaster, out string? error)
    {
        forecaster = null;
        error = null;
        if (name == "last")
        {
            forecaster = new LastValueForecaster(inputLength, horizon);
            return true;
        }
        foreach (var (prefix, degree) in Polynomials)
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            string digits = name[prefix.Length..];
            if (digits.Length == 0 || !digits.All(char.IsAsciiDigit) ||
                !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int k))
                break;
            if (k < degree + 1 || k > inputLength)
            {
                error = $"'{name}': a degree-{degree} fit needs between {degree + 1} and {inputLength} values";
                return false;
            }
            forecaster = new PolynomialForecaster(degree, k, inputLength, horizon);
            return true;
        }
        error = $"unknown baseline '{name}': use last, linearK, quadraticK or cubicK (K = values fitted, up to {inputLength})";
        return false;
    }
}
