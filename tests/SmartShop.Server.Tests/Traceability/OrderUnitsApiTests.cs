using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartShop.Server.Tests.Infrastructure;

namespace SmartShop.Server.Tests.Traceability;

/// <summary>An order's units as its page lists them, and codes with '/' in the paths that name them.</summary>
public sealed class OrderUnitsApiTests
{
    /// <summary>A running order WO-U1 (10 spools on line 1, 0.25 m of BAR-20 each) with the lot <paramref name="lot"/>.</summary>
    private static async Task<HttpClient> RunningOrderAsync(SmartShopApp app, string lot = "BAR-A")
    {
        var admin = app.CreateClient();
        using var person = await admin.PostAsJsonAsync("/api/users", new { userName = "li.na", displayName = "Li Na", roles = new[] { "supervisor" }, password = "li.na-password" });
        Assert.Equal(HttpStatusCode.Created, person.StatusCode);
        using var supervisor = app.CreateClient();
        supervisor.DefaultRequestHeaders.Authorization = null;
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsJsonAsync("/api/auth/sign-in", new { userName = "li.na", password = "li.na-password" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/work-orders", new
        {
            id = "WO-U1",
            product = "SPOOL-20",
            quantity = 10,
            unit = "pcs",
            lineId = "line-1",
            bom = new[] { new { material = "BAR-20", quantityPerUnit = 0.25m, unit = "m" } },
        })).StatusCode);
        using var received = await admin.PostAsJsonAsync("/api/lots", new { id = lot, material = "BAR-20", quantity = 10, unit = "m", status = "released", supplier = "Baosteel" });
        Assert.Equal(HttpStatusCode.Created, received.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsJsonAsync("/api/work-orders/WO-U1/release", new { signature = new { userName = "li.na", password = "li.na-password" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsJsonAsync("/api/work-orders/WO-U1/start", new { })).StatusCode);
        return admin;
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task ListForOrder_MoreUnitsThanTheLimit_NewestListedWithTheCountsOfAll(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var admin = await RunningOrderAsync(app);
        foreach (var quality in new[] { "good", "scrap", "good", "good", "scrap" })
        {
            using var unit = await admin.PostAsJsonAsync("/api/work-orders/WO-U1/units", new { quality, scrapReason = quality == "scrap" ? "bore oversize" : null });
            Assert.Equal(HttpStatusCode.Created, unit.StatusCode);
            app.Clock.Advance(TimeSpan.FromSeconds(40));
        }

        var page = await admin.GetFromJsonAsync<JsonElement>("/api/work-orders/WO-U1/units?limit=2");
        Assert.Equal((5, 3, 2, 0), (page.GetProperty("unitCount").GetInt64(), page.GetProperty("good").GetInt64(), page.GetProperty("scrap").GetInt64(), page.GetProperty("other").GetInt64()));
        Assert.Equal(["WO-U1-00005", "WO-U1-00004"], page.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("serial").GetString()));

        var none = await admin.GetFromJsonAsync<JsonElement>("/api/work-orders/WO-NONE/units");
        Assert.Equal(0, none.GetProperty("unitCount").GetInt64());
        Assert.Empty(none.GetProperty("units").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task UnitAndLot_CodeWithSlashEncodedInThePath_AreFoundAndTraced(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var admin = await RunningOrderAsync(app, lot: "BAR/2026/07");
        using var created = await admin.PostAsJsonAsync("/api/work-orders/WO-U1/units", new { serial = "SN/2026/0001", components = new[] { new { lot = "BAR/2026/07" } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // As a browser sends them: encodeURIComponent("SN/2026/0001") is SN%2F2026%2F0001.
        var serial = Uri.EscapeDataString("SN/2026/0001");
        var lot = Uri.EscapeDataString("BAR/2026/07");
        Assert.Equal("SN%2F2026%2F0001", serial);
        var unit = await admin.GetFromJsonAsync<JsonElement>($"/api/units/{serial}");
        Assert.Equal("SN/2026/0001", unit.GetProperty("serial").GetString());
        Assert.Equal("BAR/2026/07", unit.GetProperty("components")[0].GetProperty("lot").GetString());
        var trace = await admin.GetFromJsonAsync<JsonElement>($"/api/trace/units/{serial}");
        Assert.Equal(["BAR/2026/07"], trace.GetProperty("lots").EnumerateArray().Select(l => l.GetProperty("id").GetString()));
        Assert.Equal(9.75m, (await admin.GetFromJsonAsync<JsonElement>($"/api/lots/{lot}")).GetProperty("remaining").GetDecimal());
        var forward = await admin.GetFromJsonAsync<JsonElement>($"/api/trace/lots/{lot}/forward");
        Assert.Equal(["SN/2026/0001"], forward.GetProperty("units").EnumerateArray().Select(u => u.GetString()));

        using var scrapped = await admin.PostAsJsonAsync($"/api/units/{serial}/quality", new { quality = "scrap", scrapReason = "thread damaged", why = "found at packing" });
        Assert.Equal(HttpStatusCode.OK, scrapped.StatusCode);
        Assert.Equal("scrap", (await scrapped.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("quality").GetString());

        // Still one path segment: an unencoded '/' is another path, which names no unit.
        using var unencoded = await admin.GetAsync("/api/units/SN/2026/0001");
        Assert.Equal(HttpStatusCode.NotFound, unencoded.StatusCode);
    }
}
