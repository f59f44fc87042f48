using System.Text.RegularExpressions;
using Dlnet.Reporting;
using SkiaSharp;

namespace Dlnet.Tests.Reporting;

/// <summary>What every written report must be: one page that embeds each plot file, at its size, drawn, and needs nothing outside it.</summary>
internal static partial class ReportAssertions
{
    [GeneratedRegex("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\" width=\"(\\d+)\" height=\"(\\d+)\"")]
    private static partial Regex EmbeddedPng();

    private static readonly Dictionary<string, (int, int)> ExpectedSizes = new()
    {
        ["pareto"] = (ReportPlots.ParetoWidth, ReportPlots.ParetoHeight),
        ["paper16"] = (ReportPlots.PanelWidth, ReportPlots.PanelHeight),
        ["test"] = (ReportPlots.PanelWidth, ReportPlots.PanelHeight),
        ["horizon"] = (ReportPlots.HorizonWidth, ReportPlots.HorizonHeight),
    };

    /// <summary>The page embeds exactly <paramref name="plots"/>, in order, each a drawn PNG of its kind's size.</summary>
    public static void EmbedsEveryPlot(string html, IReadOnlyList<string> plots)
    {
        var images = EmbeddedPng().Matches(html);
        Assert.Equal(plots.Count, images.Count);
        Assert.Equal(images.Count, Regex.Matches(html, "<img ").Count);
        Assert.DoesNotContain("<svg", html);
        for (int i = 0; i < images.Count; i++)
        {
            byte[] png = Convert.FromBase64String(images[i].Groups[1].Value);
            // embedded bytes are those of the file of the same plot
            Assert.Equal(File.ReadAllBytes(plots[i]), png);
            using var bitmap = SKBitmap.Decode(png);
            Assert.NotNull(bitmap);
            var expected = ExpectedSizes[Path.GetFileName(plots[i]).Split('-')[0]];
            // shown at its size, drawn with twice the pixels each way
            Assert.Equal((expected.Item1 * ReportPlots.Scale, expected.Item2 * ReportPlots.Scale), (bitmap.Width, bitmap.Height));
            Assert.Equal(expected, (int.Parse(images[i].Groups[2].Value), int.Parse(images[i].Groups[3].Value)));
            AssertDrawn(bitmap, plots[i]);
        }

        // nothing the page needs lives outside it
        Assert.DoesNotMatch("(src|href)=\"(?!data:)", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("<script", html);
    }

    /// <summary>A drawn plot: a white page with a good share of other pixels (axes, lines, text) in several colours.</summary>
    private static void AssertDrawn(SKBitmap bitmap, string name)
    {
        int inked = 0;
        var colours = new HashSet<uint>();
        for (int y = 0; y < bitmap.Height; y += 2)
            for (int x = 0; x < bitmap.Width; x += 2)
            {
                var p = bitmap.GetPixel(x, y);
                colours.Add((uint)p);
                if (p.Red < 200 || p.Green < 200 || p.Blue < 200) inked++;
            }
        double share = inked / (bitmap.Width * bitmap.Height / 4.0);
        Assert.True(share > 0.01 && share < 0.5, $"{name}: {share:P1} of the pixels are drawn");
        Assert.True(colours.Count >= 8, $"{name}: only {colours.Count} colours");
    }
}
