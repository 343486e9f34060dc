using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SmartShop.Testing;

namespace SmartShop.Server.Tests.Infrastructure;

/// <summary>
/// The real server (Program) on a test database, with the demo plant unless told otherwise and a fake clock; its
/// HTTP clients sign in with the tests' admin API key (<see cref="TestAuth"/>).
/// Dispose stops it the way a shutdown does (grains deactivate and flush state).
/// </summary>
public sealed class SmartShopApp : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database;
    private readonly string? _plantFile;

    private readonly bool _realClock;
    private readonly IReadOnlyDictionary<string, string> _settings;

    /// <param name="realClock">Use the system clock (browser tests, where the page compares times with its own clock).</param>
    /// <param name="settings">Configuration on top; the OPC UA connector is off unless <c>Plc:Enabled</c> is set here.</param>
    public SmartShopApp(TestDatabase database, string? plantFile = null, bool realClock = false, IReadOnlyDictionary<string, string>? settings = null)
    {
        _database = database;
        _plantFile = plantFile;
        _realClock = realClock;
        _settings = settings ?? new Dictionary<string, string>();
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero));
    }

    /// <summary>The server's clock unless <c>realClock</c> was asked for.</summary>
    public FakeTimeProvider Clock { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _database.Settings)
        {
            builder.UseSetting(key, value);
        }

        if (_plantFile is not null)
        {
            builder.UseSetting("SmartShop:PlantFile", _plantFile);
        }

        builder.UseSetting("Urls", "http://127.0.0.1:0");
        builder.UseSetting("Plc:Enabled", "false");
        foreach (var (key, value) in TestAuth.Settings)
        {
            builder.UseSetting(key, value);
        }

        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            if (_realClock)
            {
                return;
            }

            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    /// <summary>Clients act as the tests' admin API key unless a test removes the header (anonymous) or sets another.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.AsAdmin();
    }
}
