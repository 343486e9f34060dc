using System.Globalization;
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
/// Stops on the machine page, the reason picker, classify and split forms, the stop's history, the follow-up list and
/// the Pareto's depth switch, in headless Chromium (Debian's, at /usr/bin/chromium) against the real server on
/// Kestrel. Stops are reported by hand (PUT status), as a machine without a PLC is; without a work order they are down
/// time, never minor stops. The machines write their ledger every 250 ms here, so a reported stop reaches the
/// downtime API at once.
/// </summary>
public sealed partial class DowntimeBrowserTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [Fact]
    public async Task MachineView_ReportedStop_ClassifiedThroughTheTreeWithHistoryAndParetoDepths()
    {
        await using var session = await DowntimeSession.StartAsync("zh-CN");
        var page = session.Page;
        await session.ReportAsync("l1-lathe", "Down");
        await session.ReportAsync("l1-lathe", "Running");

        // The ended stop is listed, unclassified (reported without a PLC code), and stands out.
        await page.GotoAsync(session.BaseUrl + "#/machines/l1-lathe");
        var stop = page.GetByTestId("stops").Locator("li[data-stop-id]");
        await Expect(stop).ToHaveCountAsync(1);
        await Expect(stop).ToHaveAttributeAsync("data-open", "false");
        await Expect(stop).ToHaveAttributeAsync("data-classified", "false");
        await Expect(page.GetByTestId("stops-unclassified")).ToBeVisibleAsync();
        var stopId = await stop.GetAttributeAsync("data-stop-id");
        await Expect(page.GetByTestId($"stop-part-{stopId}-0")).ToHaveAttributeAsync("data-source", "none");
        await Expect(page.GetByTestId("pareto").Locator("tr[data-key='unclassified']")).ToBeVisibleAsync();

        await page.GetByTestId($"stop-toggle-{stopId}").ClickAsync();
        var detail = page.GetByTestId($"stop-detail-{stopId}");
        await Expect(detail.GetByTestId("stop-history-empty")).ToBeVisibleAsync();

        // The tree one level at a time (cnc-lathe: "Unplanned" only groups what the type offers), back up by the
        // trail, down again to a leaf; the chosen reason shows its full path.
        await detail.GetByTestId("classify-reason-node-unplanned").ClickAsync();
        await detail.GetByTestId("classify-reason-node-unplanned.material").ClickAsync();
        await Expect(detail.GetByTestId("classify-reason-node-unplanned.material.starved")).ToBeVisibleAsync();
        await detail.GetByTestId("classify-reason-crumb-root").ClickAsync();
        await Expect(detail.GetByTestId("classify-reason-level")).ToHaveAttributeAsync("data-level", "1");
        await detail.GetByTestId("classify-reason-node-unplanned").ClickAsync();
        await detail.GetByTestId("classify-reason-node-unplanned.equipment").ClickAsync();
        await detail.GetByTestId("classify-reason-node-unplanned.equipment.tooling").ClickAsync();
        await Expect(detail.GetByTestId("classify-reason-chosen")).ToHaveAttributeAsync("data-reason-id", "unplanned.equipment.tooling");
        await Expect(detail.GetByTestId("classify-reason-chosen")).ToContainTextAsync("Unplanned › Equipment failure › Tooling");

        // Why is required: said beside its field, nothing is sent. Who classifies is the signed-in user, not typed.
        await Expect(detail.GetByTestId("classify-as")).ToHaveAttributeAsync("data-user", "admin");
        await detail.GetByTestId("classify-submit").ClickAsync();
        await Expect(detail.GetByTestId("classify-why-error")).ToBeVisibleAsync();
        await Expect(detail.GetByTestId("stop-history-empty")).ToBeVisibleAsync();

        await detail.GetByTestId("classify-why").FillAsync("刀片崩刃，已换刀");
        await detail.GetByTestId("classify-submit").ClickAsync();

        await Expect(stop).ToHaveAttributeAsync("data-classified", "true");
        var part = page.GetByTestId($"stop-part-{stopId}-0");
        await Expect(part).ToHaveAttributeAsync("data-source", "manual");
        await Expect(part).ToHaveAttributeAsync("data-reason-id", "unplanned.equipment.tooling");
        await Expect(part).ToContainTextAsync("admin");
        var entry = detail.GetByTestId("history-1");
        await Expect(entry).ToHaveAttributeAsync("data-kind", "classify");
        await Expect(entry.GetByTestId("history-who")).ToContainTextAsync("admin");
        await Expect(entry.GetByTestId("history-why")).ToContainTextAsync("刀片崩刃，已换刀");
        await Expect(entry.GetByTestId("history-old").Locator("[data-source]")).ToHaveAttributeAsync("data-source", "none");
        await Expect(entry.GetByTestId("history-new")).ToHaveAttributeAsync("data-reason-id", "unplanned.equipment.tooling");

        // The server's answer names a field: shown beside it (classifying a part as it already is, a 409).
        await Expect(detail.GetByTestId("classify-reason-chosen")).ToHaveAttributeAsync("data-reason-id", "");
        await detail.GetByTestId("classify-reason-node-unplanned").ClickAsync();
        await detail.GetByTestId("classify-reason-node-unplanned.equipment").ClickAsync();
        await detail.GetByTestId("classify-reason-node-unplanned.equipment.tooling").ClickAsync();
        await detail.GetByTestId("classify-why").FillAsync("再次确认");
        await detail.GetByTestId("classify-submit").ClickAsync();
        await Expect(detail.GetByTestId("classify-reason-error")).ToContainTextAsync("already classified");
        await Expect(detail.GetByTestId("history-2")).ToHaveCountAsync(0);

        // The Pareto follows the classification, and rolls it up by level.
        var pareto = page.GetByTestId("pareto");
        await Expect(pareto.Locator("tr[data-key='unplanned.equipment.tooling']")).ToBeVisibleAsync();
        await Expect(pareto.Locator("tr[data-key='unclassified']")).ToHaveCountAsync(0);
        await page.GetByTestId("pareto-depth-top").ClickAsync();
        await Expect(page.GetByTestId("pareto-depth")).ToHaveAttributeAsync("data-depth", "top");
        await Expect(pareto.Locator("tr[data-key='unplanned']")).ToBeVisibleAsync();
        await page.GetByTestId("pareto-depth-level2").ClickAsync();
        await Expect(pareto.Locator("tr[data-key='unplanned.equipment']")).ToBeVisibleAsync();
        await page.GetByTestId("pareto-depth-leaf").ClickAsync();
        await Expect(pareto.Locator("tr[data-key='unplanned.equipment.tooling']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task FollowUp_LongUnclassifiedStop_SplitFromTheListAndBothPartsClassified()
    {
        await using var session = await DowntimeSession.StartAsync("en-US", new Dictionary<string, string> { ["Oee:UnclassifiedAfter"] = "00:00:01" });
        var page = session.Page;
        await session.ReportAsync("l2-leaktest", "Down");

        await page.GotoAsync(session.BaseUrl + "#/machines/l2-leaktest");
        var stop = page.GetByTestId("stops").Locator("li[data-stop-id]");
        await Expect(stop).ToHaveAttributeAsync("data-open", "true");
        var stopId = await stop.GetAttributeAsync("data-stop-id");

        // An open stop cannot be split. It is ended once it holds whole seconds to split at and has outlasted the
        // follow-up threshold (1 s here): the page counts its duration up.
        await page.GetByTestId($"stop-toggle-{stopId}").ClickAsync();
        await page.GetByTestId("stop-tab-split").ClickAsync();
        await Expect(page.GetByTestId("split-open")).ToBeVisibleAsync();
        await Expect(stop).ToHaveAttributeAsync("data-seconds", AtLeastTwo());
        await session.ReportAsync("l2-leaktest", "Running");
        await Expect(stop).ToHaveAttributeAsync("data-open", "false");
        await Expect(page.GetByTestId("split-form")).ToBeVisibleAsync();

        // The follow-up list, from the header with its count, leads to the stop's classification.
        await page.GetByTestId("follow-up-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/follow-up$"));
        var row = page.GetByTestId($"follow-up-l2-leaktest-{stopId}-0");
        await Expect(row).ToBeVisibleAsync();
        await Expect(page.GetByTestId("follow-up-count")).ToHaveAttributeAsync("data-count", "1");
        await Expect(page.GetByTestId("follow-up-link")).ToHaveAttributeAsync("data-count", "1");
        await row.GetByTestId($"follow-up-classify-l2-leaktest-{stopId}-0").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"#/machines/l2-leaktest/stops/{stopId}$"));
        var detail = page.GetByTestId($"stop-detail-{stopId}");
        await Expect(detail).ToBeVisibleAsync();

        // Split: the time (this device's local time, with seconds) starts inside the stop; one outside it is refused
        // beside the field.
        await detail.GetByTestId("stop-tab-split").ClickAsync();
        var at = detail.GetByTestId("split-at");
        await Expect(at).ToHaveValueAsync(TimeWithSeconds());
        var suggested = await at.InputValueAsync();
        if (await at.GetAttributeAsync("max") is { } max)
        {
            await at.FillAsync(TimeOnly.ParseExact(max, "HH:mm:ss", CultureInfo.InvariantCulture).AddMinutes(1).ToString("HH:mm:ss", CultureInfo.InvariantCulture));
            await detail.GetByTestId("split-submit").ClickAsync();
            await Expect(detail.GetByTestId("split-at-error")).ToBeVisibleAsync();
            await at.FillAsync(suggested);
        }

        await detail.GetByTestId("split-reason-node-unplanned").ClickAsync();
        await detail.GetByTestId("split-reason-node-unplanned.material").ClickAsync();
        await detail.GetByTestId("split-reason-node-unplanned.material.starved").ClickAsync();
        await detail.GetByTestId("split-why").FillAsync("Waited for parts after the seal was changed");
        await detail.GetByTestId("split-submit").ClickAsync();

        await Expect(stop).ToHaveAttributeAsync("data-parts", "2");
        await Expect(page.GetByTestId($"stop-part-{stopId}-1")).ToHaveAttributeAsync("data-reason-id", "unplanned.material.starved");
        await Expect(page.GetByTestId($"stop-part-{stopId}-0")).ToHaveAttributeAsync("data-source", "none");
        await Expect(detail.GetByTestId("history-1")).ToHaveAttributeAsync("data-kind", "split");

        // Classify the first part: it is the one preselected (the part without a reason).
        await detail.GetByTestId("stop-tab-classify").ClickAsync();
        await Expect(detail.GetByTestId("classify-part-0")).ToHaveAttributeAsync("aria-pressed", "true");
        await detail.GetByTestId("classify-reason-node-unplanned").ClickAsync();
        await detail.GetByTestId("classify-reason-node-unplanned.equipment").ClickAsync();
        await detail.GetByTestId("classify-reason-node-unplanned.equipment.tooling").ClickAsync();
        await detail.GetByTestId("classify-why").FillAsync("Test seal worn");
        await detail.GetByTestId("classify-submit").ClickAsync();

        await Expect(stop).ToHaveAttributeAsync("data-classified", "true");
        await Expect(page.GetByTestId($"stop-part-{stopId}-0")).ToHaveAttributeAsync("data-reason-id", "unplanned.equipment.tooling");
        await Expect(detail.GetByTestId("history-2")).ToHaveAttributeAsync("data-kind", "classify");
        await Expect(detail.GetByTestId("history-2")).ToHaveAttributeAsync("data-part", "0");

        // Nothing is left to follow up.
        await page.GetByTestId("follow-up-link").ClickAsync();
        await Expect(page.GetByTestId("follow-up-empty")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("follow-up-link")).ToHaveAttributeAsync("data-count", "0");
    }

    [GeneratedRegex(@"^(?:[2-9]|[1-9]\d+)$")]
    private static partial Regex AtLeastTwo();

    [GeneratedRegex(@"^\d{2}:\d{2}:\d{2}$")]
    private static partial Regex TimeWithSeconds();

    /// <summary>The server on Kestrel with a 24/7 demo plant, an HTTP client to drive it and a signed-in page in Chromium.</summary>
    private sealed class DowntimeSession : IAsyncDisposable
    {
        private readonly string _plantDirectory;
        private readonly TestDatabase _database;
        private readonly SmartShopApp _app;
        private readonly IPlaywright _playwright;
        private readonly IBrowser _browser;

        private DowntimeSession(string plantDirectory, TestDatabase database, SmartShopApp app, string baseUrl, HttpClient http, IPlaywright playwright, IBrowser browser, IPage page)
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

        public static async Task<DowntimeSession> StartAsync(string locale, IReadOnlyDictionary<string, string>? settings = null)
        {
            Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: install Debian's chromium (tests/run.sh does).");
            var plantDirectory = Directory.CreateTempSubdirectory("smartshop-downtime-").FullName;
            var plantFile = Path.Combine(plantDirectory, "demo-24x7.yaml");
            await File.WriteAllTextAsync(plantFile, PlantCalendarTestFiles.DemoAroundTheClock());

            var database = await TestDatabase.CreateAsync("sqlite");
            var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>()) { ["Oee:FlushInterval"] = "00:00:00.250" };
            var app = new SmartShopApp(database, plantFile, realClock: true, settings: all);
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
            return new DowntimeSession(plantDirectory, database, app, baseUrl, http, playwright, browser, page);
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
