using System.Globalization;
using Dlnet.Scoring;

namespace Dlnet.Baselines;

/// <summary>
/// The registry of classical extrapolations by short name: <c>last</c>; <c>linearK</c>, <c>quadraticK</c>,
/// <c>cubicK</c> for a least-squares polynomial of degree 1, 2, 3 through the last K values; and the robust
/// fits that ignore spikes, <c>theilsenK</c> (a Theil-Sen line) and <c>huberlinearK</c>, <c>huberquadraticK</c>
/// (Huber's loss). <see cref="Family"/> is the set every model is compared with.
/// </summary>
public static class BaselineFactory
{
    /// <summary>
    /// The classical family: the last value held; a line and a quadratic through the last 20, 50 and 100 values;
    /// a Theil-Sen line and Huber lines and quadratics through the last 50 and 100. Which of them is the
    /// reference is decided on validation cells by <see cref="BestClassical"/>.
    /// </summary>
    public static IReadOnlyList<string> Family { get; } =
    [
        "last", "linear20", "linear50", "linear100", "quadratic20", "quadratic50", "quadratic100",
        "theilsen50", "theilsen100", "huberlinear50", "huberlinear100", "huberquadratic50", "huberquadratic100",
    ];

    /// <summary>The members of <see cref="Family"/> that fit within an input of <paramref name="inputLength"/> values, in family order.</summary>
    public static IReadOnlyList<IForecaster> CreateFamily(int inputLength, int horizon) =>
        [.. Family.Select(name => TryCreate(name, inputLength, horizon, out var f, out _) ? f : null).OfType<IForecaster>()];

    private static readonly (string Prefix, int Degree)[] Polynomials = [("linear", 1), ("quadratic", 2), ("cubic", 3)];

    // Robust fits: the degree, the fewest values, and how a forecaster is made.
    private static readonly (string Prefix, int Degree, int MinValues, Func<int, int, int, IForecaster> Make)[] Robust =
    [
        ("theilsen", 1, 2, (k, w, h) => new TheilSenForecaster(k, w, h)),
        ("huberlinear", 1, 3, (k, w, h) => new HuberForecaster(1, k, w, h)),
        ("huberquadratic", 2, 4, (k, w, h) => new HuberForecaster(2, k, w, h)),
    ];

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
            if (FitLength(name, prefix) is not int k) continue;
            if (k < degree + 1 || k > inputLength)
            {
                error = $"'{name}': a degree-{degree} fit needs between {degree + 1} and {inputLength} values";
                return false;
            }
            forecaster = new PolynomialForecaster(degree, k, inputLength, horizon);
            return true;
        }
        foreach (var (prefix, degree, least, make) in Robust)
        {
            if (FitLength(name, prefix) is not int k) continue;
            if (k < least || k > inputLength)
            {
                error = $"'{name}': a robust degree-{degree} fit needs between {least} and {inputLength} values";
                return false;
            }
            forecaster = make(k, inputLength, horizon);
            return true;
        }
        error = $"unknown baseline '{name}': use last, linearK, quadraticK, cubicK, theilsenK, huberlinearK or huberquadraticK (K = values fitted, up to {inputLength})";
        return false;
    }

    /// <summary>K of a name that is <paramref name="prefix"/> followed by digits only, else null.</summary>
    private static int? FitLength(string name, string prefix)
    {
        if (!name.StartsWith(prefix, StringComparison.Ordinal)) return null;
        string digits = name[prefix.Length..];
        return digits.Length > 0 && digits.All(char.IsAsciiDigit) &&
               int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int k) ? k : null;
    }
}
