using Dlnet.Pipeline;
using Dlnet.Reporting;
using Dlnet.Tests.Pipeline;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Dlnet.Tests.Reporting;

/// <summary>
/// The quick run's report.html as a reader sees it: opened in a real Chromium (Debian's, by its path; nothing is
/// downloaded) in a 1400-pixel window, every image loads, nothing is logged as an error, nothing scrolls
/// sideways, and the headline is there. A full-page screenshot is saved beside the test assembly.
/// </summary>
[Collection(QuickRunCollection.Name)]
public sealed class ReportBrowserTests(QuickRunFixture run, ITestOutputHelper output)
{
    public const int WindowWidth = 1400;

    [BrowserFact]
    public async Task TheQuickRunsReportReadsInABrowserAt1400Pixels()
    {
        run.AssertSucceeded();
        string report = Path.Combine(run.Folder, RunReport.FileName);
        var summary = RunSummary.ReadFolder(run.Folder);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Browser.Chromium ?? throw new InvalidOperationException($"no Chromium at {Browser.ChromiumPath}: install the Debian package 'chromium' (listed in .ci/apt-packages)"),
            Headless = true,
            Args = ["--no-sandbox"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = WindowWidth, Height = 1000 } });
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        page.RequestFailed += (_, request) => errors.Add($"request failed: {request.Url}");

        await page.GotoAsync(new Uri(report).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });

        int images = await page.EvaluateAsync<int>("() => document.images.length");
        Assert.Equal(Directory.GetFiles(Path.Combine(run.Folder, RunReport.PlotsFolder)).Length, images);
        string[] broken = await page.EvaluateAsync<string[]>("() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.alt)");
        Assert.Empty(broken);
        // drawn at twice the pixels they are shown with
        int[] ratios = await page.EvaluateAsync<int[]>("() => [...document.images].map(i => Math.round(i.naturalWidth / i.width))");
        Assert.All(ratios, r => Assert.Equal(ReportPlots.Scale, r));

        int overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the page scrolls {overflow} pixels sideways at {WindowWidth} pixels");
        string[] wide = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('table, figure, section, dl')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth).map(e => e.tagName + ' ' + (e.id || e.className))");
        Assert.Empty(wide);

        var headline = page.Locator("#headline");
        Assert.True(await headline.IsVisibleAsync());
        string text = await headline.InnerTextAsync();
        Assert.Contains("What ships", text);
        Assert.Contains(summary.Final!.Name, text);
        Assert.Contains("int8, deployed MAE", text);
        Assert.Contains("measured", text);
        Assert.Contains("estimated", text);
        var box = await headline.BoundingBoxAsync();
        Assert.True(box is { Y: < 200 }, "the headline opens the page");

        Assert.Empty(errors);

        // the whole page, and the first screen a reader sees
        string shots = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(shots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "report-quick-1400.png"), FullPage = true });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "report-quick-1400-first-screen.png") });
        output.WriteLine($"screenshots: {shots}");
    }
}

/// <summary>Where the browser for <see cref="ReportBrowserTests"/> is: <c>DLNET_CHROMIUM</c>, else Debian's /usr/bin/chromium.</summary>
public static class Browser
{
    public static string ChromiumPath => Environment.GetEnvironmentVariable("DLNET_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static string? Chromium => File.Exists(ChromiumPath) ? ChromiumPath : null;
}

/// <summary>A fact that needs Chromium: skipped with the reason where it is not installed.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute() =>
        Skip = Prerequisites.SkipUnless(Browser.Chromium is not null, $"no Chromium at {Browser.ChromiumPath}: apt-get install chromium, or set DLNET_CHROMIUM");
}
