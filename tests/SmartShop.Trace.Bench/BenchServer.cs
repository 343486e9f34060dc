using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartShop.Server.Data;

namespace SmartShop.Trace.Bench;

/// <summary>
/// The real server (Program) in this process, on Kestrel at 127.0.0.1 and a free port, on one bench database: the
/// demo plant with its PLC connector and simulator off, the system clock, warnings-only logging (a log line per
/// request would be measured too). Clients call it over loopback HTTP as stations would.
/// </summary>
public sealed class BenchServer : WebApplicationFactory<Program>
{
    public const string AdminKey = "trace-bench-admin-key-0123456789";
    public const string AdminPassword = "trace-bench-admin-password";

    private readonly BenchDatabase _database;

    private BenchServer(BenchDatabase database)
    {
        _database = database;
        UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
    }

    public Uri BaseAddress { get; private set; } = null!;

    public BenchDatabase Database => _database;

    /// <summary>The statements the server runs, when recording.</summary>
    public SqlRecorder Sql { get; } = new();

    /// <summary>Starts the server (which migrates the database) and waits until it answers.</summary>
    public static BenchServer Start(BenchDatabase database)
    {
        // WebApplicationFactory reads the build's content-root manifest from the current directory only (dotnet test
        // runs in bin/); a bench runs from anywhere, so the server's content root is handed over as its setting.
        var manifest = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "MvcTestingAppManifest.json")))!;
        var assembly = typeof(Program).Assembly.GetName();
        Environment.SetEnvironmentVariable($"ASPNETCORE_TEST_CONTENTROOT_{assembly.Name!.ToUpperInvariant()}", manifest[assembly.FullName]);
        var server = new BenchServer(database);
        server.StartServer();
        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseAddress = new Uri(address);
        return server;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("SmartShop:Database:Provider", _database.Provider == DatabaseProvider.PostgreSql ? "PostgreSql" : "Sqlite");
        builder.UseSetting("SmartShop:Database:ConnectionString", _database.ConnectionString);
        builder.UseSetting("Plc:Enabled", "false");
        builder.UseSetting("SmartShop:Demo:PlcSim", "false");
        builder.UseSetting("SmartShop:Auth:ApiKeys:bench:Key", AdminKey);
        builder.UseSetting("SmartShop:Auth:ApiKeys:bench:Roles:0", "admin");
        builder.UseSetting("SmartShop:Auth:InitialAdminPassword", AdminPassword);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
        builder.ConfigureServices(services => services.ConfigureDbContext<SmartShopDb>(db => db.AddInterceptors(Sql)));
    }

    /// <summary>A client of its own (own connections), signed in with the bench's admin API key unless <paramref name="anonymous"/>.</summary>
    public HttpClient Client(bool anonymous = false)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            PooledConnectionLifetime = TimeSpan.FromMinutes(30),
        };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        if (!anonymous)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        }

        return client;
    }

    /// <summary>A context on the server's database, for the checks after a run.</summary>
    public SmartShopDb Db() => Services.GetRequiredService<IDbContextFactory<SmartShopDb>>().CreateDbContext();
}
