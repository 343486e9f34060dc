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
/// The real server on Kestrel with the demo plant, an HTTP client acting as the tests' admin API key, and headless
/// Chromium (Debian's, at /usr/bin/chromium) for pages that start signed out or signed in as a given user.
/// </summary>
internal sealed class WebSession : IAsyncDisposable
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private readonly TestDatabase _database;
    private readonly SmartShopApp _app;
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly string? _plantDirectory;

    private WebSession(TestDatabase database, SmartShopApp app, string baseUrl, HttpClient http, IPlaywright playwright, IBrowser browser, string? plantDirectory)
    {
        _plantDirectory = plantDirectory;
        _database = database;
        _app = app;
        BaseUrl = baseUrl;
        Http = http;
        _playwright = playwright;
        _browser = browser;
    }

    public string BaseUrl { get; }

    /// <summary>Acts as the tests' admin API key.</summary>
    public HttpClient Http { get; }

    /// <summary>The server's services: its grains stand in for a PLC where a page shows what machines count.</summary>
    public IServiceProvider Services => _app.Services;

    /// <param name="plantYaml">A plant file's text instead of the demo plant.</param>
    /// <param name="settings">Configuration on top of the tests' defaults.</param>
    public static async Task<WebSession> StartAsync(string? plantYaml = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: install Debian's chromium (tests/run.sh does).");
        string? plantDirectory = null;
        string? plantFile = null;
        if (plantYaml is not null)
        {
            plantDirectory = Directory.CreateTempSubdirectory("smartshop-web-").FullName;
            plantFile = Path.Combine(plantDirectory, "plant.yaml");
            await File.WriteAllTextAsync(plantFile, plantYaml);
        }

        var database = await TestDatabase.CreateAsync("sqlite");
        var app = new SmartShopApp(database, plantFile, realClock: true, settings: settings);
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
        // Expectations wait as long as actions: CI runs the browser beside the OPC UA suites on 2 cores, where 5 s is short.
        SetDefaultExpectTimeout(20_000);
        return new WebSession(database, app, baseUrl, http, playwright, browser, plantDirectory);
    }

    /// <summary>A page in a fresh browser context (its own cookies and storage), signed in as <paramref name="userName"/> when given.</summary>
    public async Task<IPage> NewPageAsync(string locale, string? userName = null, string? password = null)
    {
        // A 10-inch terminal in landscape: the forms are laid out for touch there.
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { Locale = locale, ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(20_000);
        if (userName is not null)
        {
            await context.SignInAsync(BaseUrl, userName, password ?? TestAuth.AdminPassword);
        }

        return await context.NewPageAsync();
    }

    /// <summary>Creates a user through the users API, as an administrator would.</summary>
    public async Task CreateUserAsync(object user)
    {
        using var response = await Http.PostAsJsonAsync("/api/users", user);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creating a user failed: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Changes a user through the users API (which ends their open sessions).</summary>
    public async Task UpdateUserAsync(string userName, object change)
    {
        using var response = await Http.PutAsJsonAsync($"/api/users/{userName}", change);
        Assert.True(response.IsSuccessStatusCode, $"Changing user {userName} failed: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        Http.Dispose();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
        if (_plantDirectory is not null)
        {
            Directory.Delete(_plantDirectory, recursive: true);
        }
    }
}
