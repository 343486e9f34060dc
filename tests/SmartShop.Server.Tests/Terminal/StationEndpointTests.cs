using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
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
}
