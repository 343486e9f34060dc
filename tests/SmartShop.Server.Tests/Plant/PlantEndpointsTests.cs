using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SmartShop.Server.Plant;
using SmartShop.Testing;

namespace SmartShop.Server.Tests.Plant;

/// <summary>
/// GET /api/plant through a real HTTP pipeline with only the plant feature wired (AddPlant + MapPlant), so the wire
/// shape is checked against the contract without depending on the rest of the server.
/// </summary>
public sealed class PlantEndpointsTests : IDisposable
{
    private static readonly DateTimeOffset StartedAt = new(2026, 3, 2, 0, 30, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static WebApplication CreateApp(string contentRoot, string? plantFile)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = contentRoot, EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        if (plantFile is not null)
        {
            builder.Configuration[PlantSetup.PlantFileKey] = plantFile;
        }

        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(StartedAt));
        builder.AddPlant();
        var app = builder.Build();
        app.MapPlant();
        return app;
    }

    [Fact]
    public async Task GetPlant_ValidFile_ReturnsContractShape()
    {
        var path = _dir.Write("plant.yaml", PlantYaml.Minimal);
        await using var app = CreateApp(_dir.FullName, "plant.yaml");
        await app.StartAsync();

        using var response = await app.GetTestClient().GetAsync(new Uri("/api/plant", UriKind.Relative));

        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        var source = root.GetProperty("source");
        Assert.Equal("plant.yaml", source.GetProperty("file").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path))), source.GetProperty("sha256").GetString());
        Assert.Equal(StartedAt, source.GetProperty("loadedAt").GetDateTimeOffset());
        Assert.Equal("acme", root.GetProperty("enterprise").GetProperty("id").GetString());
        Assert.Equal("Custom", root.GetProperty("machineTypes")[1].GetProperty("stateModel").GetString());

        var site = root.GetProperty("sites")[0];
        Assert.Equal("Asia/Shanghai", site.GetProperty("timeZone").GetString());
        var lines = site.GetProperty("areas")[0].GetProperty("lines");
        Assert.Equal("l1-lathe", lines[0].GetProperty("constraintMachineId").GetString());
        Assert.Equal(JsonValueKind.Null, lines[1].GetProperty("constraintMachineId").ValueKind);
        Assert.Equal("l1-leak", lines[0].GetProperty("machines")[0].GetProperty("id").GetString());

        var lathe = lines[0].GetProperty("workCells")[0].GetProperty("machines")[0];
        Assert.Equal("l1-lathe", lathe.GetProperty("id").GetString());
        Assert.Equal("cnc-lathe", lathe.GetProperty("type").GetString());
        Assert.Equal("opc.tcp://127.0.0.1:4840", lathe.GetProperty("endpoint").GetString());
        Assert.Equal(20.0, lathe.GetProperty("microStopThresholdSeconds").GetDouble());
        Assert.Equal("SHAFT-20", lathe.GetProperty("idealCycleTimes")[0].GetProperty("product").GetString());
        Assert.Equal(12.5, lathe.GetProperty("idealCycleTimes")[0].GetProperty("seconds").GetDouble());
        var signals = lathe.GetProperty("signals");
        Assert.Equal("ns=2;s=Line1.Lathe.State", signals.GetProperty("state").GetString());
        Assert.Equal("/Objects/2:Plant/2:Lathe1/2:Good", signals.GetProperty("goodCount").GetString());
        Assert.Equal(
            ["state", "goodCount", "rejectCount", "stopReason", "cycleTime", "energyKwh", "jobStart", "jobStop", "mode", "jobId", "product", "starved", "blocked", "jobControl"],
            signals.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, signals.GetProperty("jobStop").ValueKind);
    }

    [Fact]
    public async Task Start_InvalidPlantFile_FailsWithEveryError()
    {
        _dir.Write("plant.yaml", PlantYaml.With("timeZone: Asia/Shanghai", "timeZone: Mars/Olympus"));
        await using var app = CreateApp(_dir.FullName, "plant.yaml");

        var error = await Assert.ThrowsAsync<PlantConfigurationException>(() => app.StartAsync());

        Assert.Contains("plant.yaml:23:15: sites[0] (id 'bj').timeZone: unknown time zone 'Mars/Olympus'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MissingPlantFile_FailsWithFileNotFound()
    {
        await using var app = CreateApp(_dir.FullName, "missing.yaml");

        var error = await Assert.ThrowsAsync<PlantConfigurationException>(() => app.StartAsync());

        Assert.StartsWith("missing.yaml: file not found", Assert.Single(error.Errors).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_NoPlantFileConfigured_FindsDemoPlantAboveContentRoot()
    {
        // The test's bin folder lies inside the repository, as src/SmartShop.Server does for `dotnet run --project`.
        await using var app = CreateApp(AppContext.BaseDirectory, plantFile: null);

        var catalog = app.Services.GetRequiredService<PlantCatalog>();

        Assert.Equal(PlantSetup.DefaultPlantFile, catalog.Source.File);
        Assert.Equal(8, catalog.Plant.Machines.Count);
        Assert.Equal(StartedAt, catalog.Source.LoadedAt);
    }

    [Fact]
    public void Find_RelativePathFromSubdirectory_WalksUp()
    {
        var nested = Directory.CreateDirectory(Path.Combine(_dir.FullName, "src", "SmartShop.Server")).FullName;
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "deploy", "plants"));
        var expected = _dir.Write(Path.Combine("deploy", "plants", "demo.yaml"), PlantYaml.Minimal);

        Assert.Equal(expected, PlantFileLocator.Find("deploy/plants/demo.yaml", nested));
        Assert.Null(PlantFileLocator.Find("deploy/plants/other.yaml", nested));
    }
}
