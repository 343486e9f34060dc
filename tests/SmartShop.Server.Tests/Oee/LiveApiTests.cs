using System.Net;
using System.Net.Http.Json;
using SmartShop.Server.Oee;
using SmartShop.Server.Tests.Infrastructure;

namespace SmartShop.Server.Tests.Oee;

/// <summary>Live figures through the API, with machines reported by hand and the server's clock advanced.</summary>
public sealed class LiveApiTests
{
    [Fact]
    public async Task LineAreaPlant_ConstraintRunningTenMinutes_FiguresAtTheConstraintSummedUpwards()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();

        // 2026-03-02 00:00 UTC is Monday 08:00 in Beijing: the demo's day shift starts.
        (await client.PutAsJsonAsync("/api/machines/l1-mill/status", new { state = "Running" })).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync("/api/machines/l1-lathe/status", new { state = "Down", reason = "Tool" })).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromMinutes(10));

        var line = await client.GetFromJsonAsync<LineLiveResponse>("/api/lines/line-1/live");
        var area = await client.GetFromJsonAsync<ScopeLiveResponse>("/api/areas/machining/live");
        var plant = await client.GetFromJsonAsync<ScopeLiveResponse>("/api/plant/live");
        var mill = await client.GetFromJsonAsync<MachineLiveResponse>("/api/machines/l1-mill/live");

        // The line is counted at its constraint, the mill: 600 s planned busy, all of it production time.
        Assert.Equal("l1-mill", line!.ConstraintMachineId);
        Assert.Equal(600, line.Figure.Elements.Pbt, 3);
        Assert.Equal(600, line.Figure.Elements.Apt, 3);
        Assert.Equal(1.0, line.Figure.Iso.Availability!.Value, 6);
        Assert.Equal(4, line.Machines.Count);
        Assert.Contains(line.Machines, m => m.Status.MachineId == "l1-lathe" && m.Status.State == "Down");
        Assert.Equal(line.Figure.Elements, area!.Figure.Elements); // one line in the area
        Assert.Equal(600, plant!.Figure.Elements.Apt, 3);          // line-2's constraint has run nothing
        Assert.Equal(2, plant.Lines.Count);
        Assert.Equal("day", mill!.ShiftId);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), mill.ShiftStart);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero), mill.ShiftEnd);
    }

    [Fact]
    public async Task UnknownScopeIds_And_UnknownApiPath_Are404ProblemDetails()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();

        foreach (var path in new[] { "/api/lines/nope/live", "/api/areas/nope/live", "/api/machines/nope/live", "/api/no-such-route" })
        {
            var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
