using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartShop.Server.Tests.Infrastructure;
using SmartShop.Server.Tests.Plant;
using static Microsoft.Playwright.Assertions;

namespace SmartShop.Server.Tests.Web;

/// <summary>
/// The OEE dashboard in headless Chromium (Debian's, at /usr/bin/chromium) against the real server on Kestrel. There is
/// no PLC: machines are driven by manual state reports, which go through the same ledger, so time elements move and
/// quantities stay 0. The demo plant runs 24/7 here (its calendar has no shifts on Sundays and holidays, so figures
/// would depend on the day the test runs).
/// </summary>
public sealed partial class DashboardBrowserTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [Fact]
    public async Task Overview_ReportedStates_LineFiguresFollowLiveAndLineViewShowsWaterfall()
    {
        await using var session = await DashboardSession.StartAsync("zh-CN");
        var page = session.Page;
        await page.GotoAsync(session.BaseUrl);

        // Every line with its figure, counted at its constraint machine. Nothing has reported yet: the planned time so
        // far has no data (availability 0, flagged), and with no production time effectiveness is undefined, never 0.
        await Expect(page.GetByTestId("dashboard-line-line-1")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("dashboard-line-line-2")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("line-availability-line-1")).ToHaveAttributeAsync("data-value", "0");
        await Expect(page.GetByTestId("line-availability-line-1")).ToHaveTextAsync("0.0%");
        await Expect(page.GetByTestId("line-effectiveness-line-1")).ToHaveTextAsync("—");
        await Expect(page.GetByTestId("line-quality-line-1")).ToHaveTextAsync("—");
        await Expect(page.GetByTestId("line-oee-line-1")).ToHaveTextAsync("—");
        await Expect(page.GetByTestId("health-badge-line-1")).ToHaveAttributeAsync("data-issues", ConnectionGap());
        await Expect(page.GetByTestId("machine-oee-l1-mill")).ToHaveTextAsync("—");

        // The constraint machine runs: the line's availability rises; nothing is counted, so OEE stays undefined.
        await Expect(page.GetByTestId("hub-status")).ToHaveAttributeAsync("data-state", "live");
        await session.ReportAsync("l1-mill", "Running");
        await Expect(page.GetByTestId("line-availability-line-1")).ToHaveAttributeAsync("data-value", PositiveFraction());
        await Expect(page.GetByTestId("line-availability-line-1")).ToHaveTextAsync(OneDecimalPercent());
        await Expect(page.GetByTestId("line-oee-line-1")).ToHaveTextAsync("—");

        // A machine reported down changes its tile through the hub, without a reload.
        await session.ReportAsync("l1-lathe", "Down", "主轴报警");
        await Expect(page.GetByTestId("machine-state-l1-lathe")).ToHaveAttributeAsync("data-state", "Down");
        await Expect(page.GetByTestId("machine-reason-l1-lathe")).ToHaveTextAsync("主轴报警");

        // Drill down to the line: its factors, the ISO loss waterfall and a state timeline per machine.
        await page.GetByTestId("line-link-line-1").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/lines/line-1$"));
        await Expect(page.GetByTestId("waterfall")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("waterfall")).ToHaveAttributeAsync("data-steps", "9");
        await Expect(page.GetByTestId("line-availability-line-1")).ToHaveAttributeAsync("data-value", PositiveFraction());
        await Expect(page.GetByTestId("timeline-l1-mill")).ToHaveAttributeAsync("data-states", new Regex("Running"));
        await Expect(page.GetByTestId("timeline-l1-lathe")).ToHaveAttributeAsync("data-states", new Regex("Down"));
        await Expect(page.GetByTestId("line-machine-l1-lathe").Locator("[data-state]")).ToHaveAttributeAsync("data-state", "Down");

        // The convention toggle switches every figure, the waterfall included.
        await Expect(page.GetByTestId("convention-toggle")).ToHaveAttributeAsync("data-convention", "iso");
        await page.GetByTestId("convention-threshold").ClickAsync();
        await Expect(page.GetByTestId("convention-toggle")).ToHaveAttributeAsync("data-convention", "threshold");
        await Expect(page.GetByTestId("waterfall")).ToHaveAttributeAsync("data-convention", "threshold");

        // The same view in English.
        await Expect(page.GetByTestId("waterfall-title")).ToHaveTextAsync("损失瀑布图");
        await page.GetByTestId("locale-en").ClickAsync();
        await Expect(page.GetByTestId("waterfall-title")).ToHaveTextAsync("Loss waterfall");
    }

    [Fact]
    public async Task MachineView_StopThenRun_ShowsTimelineParetoAndTrendsWithCsvExport()
    {
        await using var session = await DashboardSession.StartAsync("en-US");
        var page = session.Page;
        await session.ReportAsync("l2-leaktest", "Down", "Test seal worn");

        await page.GotoAsync(session.BaseUrl + "#/machines/l2-leaktest");
        await Expect(page.GetByTestId("machine-view-state-l2-leaktest")).ToHaveAttributeAsync("data-state", "Down");
        await Expect(page.GetByTestId("waterfall")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("health-badge-l2-leaktest")).ToHaveAttributeAsync("data-health", "issues");

        await Expect(page.GetByTestId("hub-status")).ToHaveAttributeAsync("data-state", "live");
        await session.ReportAsync("l2-leaktest", "Running");
        await Expect(page.GetByTestId("machine-view-state-l2-leaktest")).ToHaveAttributeAsync("data-state", "Running");

        // The shift's timeline holds the stop and the run; the ended stop, reported without a PLC reason code, is
        // unclassified in the Pareto.
        await Expect(page.GetByTestId("timeline-l2-leaktest")).ToHaveAttributeAsync("data-states", new Regex(@"\bDown\b"));
        await Expect(page.GetByTestId("timeline-l2-leaktest")).ToHaveAttributeAsync("data-states", new Regex(@"\bRunning\b"));
        await Expect(page.GetByTestId("pareto").Locator("tr[data-key='unclassified']")).ToBeVisibleAsync();

        // Trends by shift and by day, and the CSV export of what the table shows.
        var shiftRows = page.GetByTestId("trend-table").Locator("tbody tr[data-key]");
        await Expect(shiftRows.First).ToHaveAttributeAsync("data-key", new Regex(@"^\d{4}-\d{2}-\d{2}/"));
        await page.GetByTestId("trend-by-day").ClickAsync();
        await Expect(page.GetByTestId("trend")).ToHaveAttributeAsync("data-group-by", "day");
        await Expect(shiftRows.First).ToHaveAttributeAsync("data-key", new Regex(@"^\d{4}-\d{2}-\d{2}$"));

        var csvHref = await page.GetByTestId("trend-csv").GetAttributeAsync("href");
        Assert.NotNull(csvHref);
        Assert.Contains("groupBy=day", csvHref, StringComparison.Ordinal);
        using var csv = await session.Http.GetAsync(csvHref);
        csv.EnsureSuccessStatusCode();
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("key,production_day,", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\bconnectionGap\b")]
    private static partial Regex ConnectionGap();

    [GeneratedRegex(@"^0\.\d*[1-9]")]
    private static partial Regex PositiveFraction();

    [GeneratedRegex(@"^\d{1,3}\.\d%$")]
    private static partial Regex OneDecimalPercent();

    /// <summary>The server on Kestrel with a 24/7 demo plant, an HTTP client to drive it and a page in Chromium.</summary>
    private sealed class DashboardSession : IAsyncDisposable
    {
        private readonly string _plantDirectory;
        private readonly TestDatabase _database;
        private readonly SmartShopApp _app;
        private readonly IPlaywright _playwright;
        private readonly IBrowser _browser;

        private DashboardSession(string plantDirectory, TestDatabase database, SmartShopApp app, string baseUrl, HttpClient http, IPlaywright playwright, IBrowser browser, IPage page)
        {
            _plantDirectory = plantDirectory;
            _database = database;
            _app = app;
            BaseUrl = baseUrl;
            Http = http;
            _playwright = playwright;
            _browser = browser;
            Page = page;
        }

        public string BaseUrl { get; }

        public HttpClient Http { get; }

        public IPage Page { get; }

        public static async Task<DashboardSession> StartAsync(string locale)
        {
            Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: install Debian's chromium (tests/run.sh does).");
            var plantDirectory = Directory.CreateTempSubdirectory("smartshop-dashboard-").FullName;
            var plantFile = Path.Combine(plantDirectory, "demo-24x7.yaml");
            await File.WriteAllTextAsync(plantFile, PlantCalendarTestFiles.DemoAroundTheClock());

            var database = await TestDatabase.CreateAsync("sqlite");
            var app = new SmartShopApp(database, plantFile, realClock: true);
            app.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            app.StartServer();
            var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var http = new HttpClient { BaseAddress = new Uri(baseUrl) }.AsAdmin();
            var index = await http.GetStringAsync("/");
            Assert.True(index.Contains("<div id=\"app\"", StringComparison.Ordinal), "The UI is not in the server's wwwroot: build the server without -p:SkipWebBuild=true.");

            var playwright = await Playwright.CreateAsync();
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            // A 1080p wall display: the size the dashboard is laid out for.
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = locale, ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
            context.SetDefaultTimeout(20_000);
            // Expectations wait as long as actions: CI runs the browser beside the OPC UA suites on 2 cores, where 5 s is short.
            SetDefaultExpectTimeout(20_000);
            await context.SignInAsync(baseUrl);
            var page = await context.NewPageAsync();
            return new DashboardSession(plantDirectory, database, app, baseUrl, http, playwright, browser, page);
        }

        public async Task ReportAsync(string machineId, string state, string? reason = null)
        {
            using var response = await Http.PutAsJsonAsync($"/api/machines/{machineId}/status", new { state, reason });
            response.EnsureSuccessStatusCode();
        }

        public async ValueTask DisposeAsync()
        {
            await _browser.DisposeAsync();
            _playwright.Dispose();
            Http.Dispose();
            await _app.DisposeAsync();
            await _database.DisposeAsync();
            Directory.Delete(_plantDirectory, recursive: true);
        }
    }
}
