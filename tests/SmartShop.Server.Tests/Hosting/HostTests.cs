using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using SmartShop.Server.Data;
using SmartShop.Server.Tests.Infrastructure;

namespace SmartShop.Server.Tests.Hosting;

public sealed class HostTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task HealthAndReady_DatabaseUp_Are200(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();

        var health = await client.GetAsync("/health");
        var ready = await client.GetAsync("/ready");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (health.StatusCode, ready.StatusCode));
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_DatabaseDropped_Is503WhileHealthStays200()
    {
        await using var database = await TestDatabase.CreateAsync("postgres");
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ready")).StatusCode);

        var target = new NpgsqlConnectionStringBuilder(database.Database.ConnectionString);
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres" }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE {target.Database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        var ready = await client.GetAsync("/ready");
        var health = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task OpenApi_Document_DescribesPlantAndMachineRoutes()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();

        using var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var paths = doc.RootElement.GetProperty("paths");

        Assert.True(paths.TryGetProperty("/api/plant", out _));
        Assert.True(paths.TryGetProperty("/api/machines/status", out _));
        Assert.True(paths.GetProperty("/api/machines/{machineId}/status").TryGetProperty("put", out _));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/swagger/index.html")).StatusCode);
    }

    [Fact]
    public async Task Start_InvalidPlantFile_ExitsWithMessageNamingFileAndProblem()
    {
        var dir = Directory.CreateTempSubdirectory("smartshop-badplant-").FullName;
        try
        {
            var plant = Path.Combine(dir, "broken.yaml");
            await File.WriteAllTextAsync(plant, "enterprise:\n  id: acme\n  name: ACME\nmachineTypes: []\nsites: []\nunexpectedKey: 1\n");

            var (exitCode, _, stderr) = await RunServerAsync(dir, $"--SmartShop:PlantFile={plant}", "--Urls=http://127.0.0.1:0");

            Assert.Equal(2, exitCode);
            Assert.Contains("broken.yaml", stderr, StringComparison.Ordinal);
            Assert.Contains("unexpectedKey", stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Start_UnknownDatabaseProvider_ExitsWithMessageNamingKey()
    {
        var dir = Directory.CreateTempSubdirectory("smartshop-baddb-").FullName;
        try
        {
            var (exitCode, _, stderr) = await RunServerAsync(dir, "--SmartShop:Database:Provider=Oracle", "--Urls=http://127.0.0.1:0");

            Assert.Equal(2, exitCode);
            Assert.Contains("SmartShop:Database:Provider", stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task DbMigrate_Verb_CreatesSchemaAndExits()
    {
        var dir = Directory.CreateTempSubdirectory("smartshop-migrate-").FullName;
        try
        {
            var (exitCode, stdout, _) = await RunServerAsync(dir, "db", "migrate", $"--SmartShop:DataDirectory={dir}");
            var (secondExit, secondOut, _) = await RunServerAsync(dir, "db", "migrate", $"--SmartShop:DataDirectory={dir}");

            Assert.Equal((0, 0), (exitCode, secondExit));
            var latest = SchemaMigrator.LatestVersion(DatabaseProvider.Sqlite);
            Assert.Contains($"applied schema versions {string.Join(", ", Enumerable.Range(1, latest))}", stdout, StringComparison.Ordinal);
            Assert.Contains($"already at version {latest}", secondOut, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(dir, "smartshop.db")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunServerAsync(string dataDirectory, params string[] args) =>
        SmartShopProcess.RunAsync(dataDirectory, args);
}
