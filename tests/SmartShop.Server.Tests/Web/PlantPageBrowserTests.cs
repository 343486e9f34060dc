using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartShop.Server.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SmartShop.Server.Tests.Web;

/// <summary>
/// The plant page in headless Chromium (Debian's, at /usr/bin/chromium) against the real server on Kestrel, serving
/// the UI that the server's build put in wwwroot.
/// </summary>
public sealed class PlantPageBrowserTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [Fact]
    public async Task PlantPage_DemoPlant_ShowsHierarchyAndFollowsLiveStatus()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: install Debian's chromium (tests/run.sh does).");
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database, realClock: true);
        app.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) }.AsAdmin();
        var index = await http.GetAsync("/");
        Assert.True(index.IsSuccessStatusCode && (await index.Content.ReadAsStringAsync()).Contains("<div id=\"app\"", StringComparison.Ordinal),
            "The UI is not in the server's wwwroot: build the server without -p:SkipWebBuild=true.");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US" });
        context.SetDefaultTimeout(20_000);
        // Expectations wait as long as actions: CI runs the browser beside the OPC UA suites on 2 cores, where 5 s is short.
        SetDefaultExpectTimeout(20_000);
        await context.SignInAsync(baseUrl);
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseUrl);

        // The hierarchy from GET /api/plant: both demo lines and all eight machines.
        await Expect(page.GetByTestId("line-line-1")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("line-line-2")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid^='machine-state-']")).ToHaveCountAsync(8);
        await Expect(page.GetByTestId("line-line-1").GetByTestId("machine-l1-lathe")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("machine-state-l1-lathe")).ToHaveAttributeAsync("data-state", "Unknown");

        // A state change reaches the open page through the hub, without a reload.
        await Expect(page.GetByTestId("hub-status")).ToHaveAttributeAsync("data-state", "live");
        var put = await http.PutAsJsonAsync("/api/machines/l1-lathe/status", new { state = "Down", reason = "Spindle alarm" });
        put.EnsureSuccessStatusCode();
        await Expect(page.GetByTestId("machine-state-l1-lathe")).ToHaveAttributeAsync("data-state", "Down");
        await Expect(page.GetByTestId("machine-reason-l1-lathe")).ToHaveTextAsync("Spindle alarm");

        // The same page in Chinese.
        await page.GetByTestId("locale-zh-CN").ClickAsync();
        await Expect(page.GetByTestId("machine-state-l1-lathe")).ToContainTextAsync("故障停机");
    }
}
