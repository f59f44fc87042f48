using Dlnet.Reporting;

namespace Dlnet.Tests.Reporting;

/// <summary>Errors in the report: three significant digits in plain decimals, and axis ticks with one number of decimals.</summary>
public sealed class ReportNumbersTests
{
    [Theory]
    [InlineData(0.00033, "0.000330")]
    [InlineData(0.0000590, "0.0000590")]
    [InlineData(0.008666, "0.00867")]
    [InlineData(0.023671, "0.0237")]
    [InlineData(0.0009996, "0.00100")]
    [InlineData(1.2345, "1.23")]
    [InlineData(0.0, "0")]
    [InlineData(double.NaN, "-")]
    public void SignificantGivesThreeDigits(double value, string expected) => Assert.Equal(expected, ReportNumbers.Significant(value));

    [Fact]
    public void TickLabelsShareTheirDecimalsAndNeverUseExponents()
    {
        var label = ReportNumbers.TickLabels(5e-5);
        Assert.Equal(["0.00000", "0.00005", "0.00010", "0.00015"], new[] { 0, 5e-5, 1e-4, 1.5e-4 }.Select(label));
        Assert.Equal(["0.990", "0.995", "1.000"], new[] { 0.99, 0.995, 1.0 }.Select(ReportNumbers.TickLabels(0.005)));
        Assert.Equal("0.0002", ReportNumbers.TickLabels(2e-4)(2e-4));
    }

    [Fact]
    public void PercentIsSigned() => Assert.Equal(("\u221262%", "+74%"), (ReportNumbers.Percent(-0.615), ReportNumbers.Percent(0.74)));
}
