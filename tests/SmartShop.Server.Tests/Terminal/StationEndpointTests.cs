using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartShop.Server.Tests.Infrastructure;

namespace SmartShop.Server.Tests.Terminal;

public sealed class StationEndpointTests
{
    [Fact]
    public async Task Station_UnitsRecordedForTheOrder_CountedAtTheStationsMachinesByQuality()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var admin = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/users", new { userName = "li.na", displayName = "Li Na", roles = new[] { "supervisor" }, password = "li.na-password" })).StatusCode);
        using var supervisor = app.CreateClient();
        supervisor.DefaultRequestHeaders.Authorization = null;
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsJsonAsync("/api/auth/sign-in", new { userName = "li.na", password = "li.na-password" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/work-orders", new { id = "WO-S1", product = "SPOOL-20", quantity = 10, unit = "pcs", lineId = "line-1" })).StatusCode);

        // Released, not started: the station shows the order with nothing recorded yet.
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsJsonAsync("/api/work-orders/WO-S1/release", new { signature = new { userName = "li.na", password = "li.na-password" } })).StatusCode);
        var released = await admin.GetFromJsonAsync<JsonElement>("/api/stations/l1-lathe");
        Assert.Equal("WO-S1", released.GetProperty("order").GetProperty("id").GetString());
        Assert.Equal(0, released.GetProperty("orderUnits").GetProperty("good").GetInt32());

        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsJsonAsync("/api/work-orders/WO-S1/start", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/work-orders/WO-S1/units", new { machineId = "l1-lathe" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/work-orders/WO-S1/units", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/work-orders/WO-S1/units", new { quality = "scrap", scrapReason = "bore oversize" })).StatusCode);

        // At the lathe only its own unit; at the line every unit made on its machines (the others at its last machine).
        var lathe = await admin.GetFromJsonAsync<JsonElement>("/api/stations/l1-lathe");
        Assert.Equal(1, lathe.GetProperty("orderUnits").GetProperty("good").GetInt32());
        Assert.Equal(0, lathe.GetProperty("orderUnits").GetProperty("scrap").GetInt32());
        var line = await admin.GetFromJsonAsync<JsonElement>("/api/stations/line-1");
        Assert.Equal(2, line.GetProperty("orderUnits").GetProperty("good").GetInt32());
        Assert.Equal(1, line.GetProperty("orderUnits").GetProperty("scrap").GetInt32());

        // A station without an order has no count.
        var press = await admin.GetFromJsonAsync<JsonElement>("/api/stations/l2-press");
        Assert.Equal(JsonValueKind.Null, press.GetProperty("order").ValueKind);
        Assert.Equal(JsonValueKind.Null, press.GetProperty("orderUnits").ValueKind);
    }

    [Fact]
    public async Task Station_PlcStop_AsksForAReasonOnlyOnceItOutlastsTheMinorStopThreshold()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();
        var lathe = app.Services.GetRequiredService<SmartShop.Grains.IGrainFactory>().GetGrain<SmartShop.Server.Machines.IMachineGrain>("l1-lathe");
        var now = app.Clock.GetUtcNow();

        // PackML 6 Execute, then 9 Aborted (a fault) without a stop-reason code; the lathe's minor-stop threshold is 30 s.
        await lathe.ReportSamples(new SmartShop.Server.Machines.MachineSampleBatch(
            [new SmartShop.Core.Machines.MachineSample(SmartShop.Core.Machines.MachineSignal.State, 6, null, now, now)]));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        now = app.Clock.GetUtcNow();
        await lathe.ReportSamples(new SmartShop.Server.Machines.MachineSampleBatch(
            [new SmartShop.Core.Machines.MachineSample(SmartShop.Core.Machines.MachineSignal.State, 9, null, now, now)]));
        await lathe.Flush();

        static bool NeedsReason(JsonElement station) =>
            station.GetProperty("machines").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "l1-lathe").GetProperty("stopNeedsReason").GetBoolean();

        app.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.False(NeedsReason(await client.GetFromJsonAsync<JsonElement>("/api/stations/l1-lathe")));
        app.Clock.Advance(TimeSpan.FromSeconds(25));
        Assert.True(NeedsReason(await client.GetFromJsonAsync<JsonElement>("/api/stations/l1-lathe")));
    }
}
