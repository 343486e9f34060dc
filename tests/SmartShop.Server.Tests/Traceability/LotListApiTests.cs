using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartShop.Server.Tests.Infrastructure;

namespace SmartShop.Server.Tests.Traceability;

public sealed class LotListApiTests
{
    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private static async Task ReceiveAsync(HttpClient client, string id, string material, string status = "released", string? supplierLot = null)
    {
        using var response = await client.PostAsJsonAsync("/api/lots", new { id, material, quantity = 50m, unit = "pcs", status, supplier = "NOK", supplierLot });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<List<string>> IdsAsync(HttpClient client, string query)
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/api/lots" + query);
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next").ValueKind);
        return page.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("id").GetString()!).ToList();
    }

    /// <summary>Five lots a minute apart: two of BAR-20, two of ORING-20 (one quarantined, one blocked), one of SCREW-5.</summary>
    private static async Task ReceiveFiveAsync(SmartShopApp app, HttpClient client)
    {
        await ReceiveAsync(client, "BAR-1", "BAR-20", supplierLot: "BS-2026-11");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await ReceiveAsync(client, "BAR-2", "BAR-20", "quarantined", "BS-2026-12");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await ReceiveAsync(client, "ORING-1", "ORING-20");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await ReceiveAsync(client, "ORING-2", "ORING-20", "quarantined");
        using var blocked = await client.PostAsJsonAsync("/api/lots/ORING-2/status", new { status = "blocked", why = "hardness out of tolerance" });
        Assert.Equal(HttpStatusCode.OK, blocked.StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await ReceiveAsync(client, "SCREW-1", "SCREW-5", supplierLot: "nx-77");
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task List_ByStatusHeldMaterialAndPrefix_OnlyThoseLotsNewestFirst(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();
        await ReceiveFiveAsync(app, client);

        Assert.Equal(["SCREW-1", "ORING-2", "ORING-1", "BAR-2", "BAR-1"], await IdsAsync(client, ""));
        Assert.Equal(["SCREW-1", "ORING-1", "BAR-1"], await IdsAsync(client, "?status=released"));
        Assert.Equal(["BAR-2"], await IdsAsync(client, "?status=Quarantined"));
        Assert.Equal(["ORING-2"], await IdsAsync(client, "?status=BLOCKED"));
        Assert.Equal(["ORING-2", "BAR-2"], await IdsAsync(client, "?status=held"));
        Assert.Empty(await IdsAsync(client, "?status=consumed"));
        Assert.Equal(["ORING-2", "ORING-1"], await IdsAsync(client, "?material=ORING-20"));
        Assert.Equal(["BAR-2"], await IdsAsync(client, "?status=held&material=BAR-20"));
        Assert.Empty(await IdsAsync(client, "?material=ORING"));

        // The prefix is matched against the lot code and the supplier's lot, whatever the letter case.
        Assert.Equal(["ORING-2", "ORING-1"], await IdsAsync(client, "?q=oring"));
        Assert.Equal(["BAR-2", "BAR-1"], await IdsAsync(client, "?q=BAR-"));
        Assert.Equal(["BAR-2"], await IdsAsync(client, "?q=bs-2026-12"));
        Assert.Equal(["SCREW-1"], await IdsAsync(client, "?q=NX"));
        Assert.Empty(await IdsAsync(client, "?q=RING"));
        Assert.Empty(await IdsAsync(client, "?q=BAR%25"));

        var page = await client.GetFromJsonAsync<JsonElement>("/api/lots?status=held&limit=1");
        var lot = page.GetProperty("items").EnumerateArray().Single();
        Assert.Equal(("ORING-2", "ORING-20", "blocked", 50m, 50m, "pcs"), (lot.GetProperty("id").GetString(), lot.GetProperty("material").GetString(),
            lot.GetProperty("status").GetString(), lot.GetProperty("quantity").GetDecimal(), lot.GetProperty("remaining").GetDecimal(), lot.GetProperty("unit").GetString()));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 0, 3, 0, TimeSpan.Zero), lot.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.String, page.GetProperty("next").ValueKind);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task List_PagedThroughWithNext_EveryLotOnceInOrderThenNoNext(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();

        // 23 lots, four to a millisecond (a scanner receiving a pallet): pages end inside such groups too. Every third
        // one is held; the codes do not follow the time, so the order is the server's, not the codes'.
        var received = new List<(long At, string Id, bool Held)>();
        for (var i = 0; i < 23; i++)
        {
            if (i % 4 == 0)
            {
                app.Clock.Advance(TimeSpan.FromMilliseconds(1));
            }

            var id = $"P-{(i * 7) % 23:00}";
            var held = i % 3 == 0;
            await ReceiveAsync(client, id, "ORING-20", held ? "quarantined" : "released");
            received.Add((app.Clock.GetUtcNow().ToUnixTimeMilliseconds(), id, held));
        }

        var newestFirst = received.OrderByDescending(r => r.At).ThenByDescending(r => r.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(newestFirst.Select(r => r.Id), await AllPagesAsync(client, "", 5, 5));
        Assert.Equal(newestFirst.Where(r => r.Held).Select(r => r.Id), await AllPagesAsync(client, "status=held&", 2, 4));
        Assert.Equal(newestFirst.Select(r => r.Id), await AllPagesAsync(client, "", 23, 1));
    }

    /// <summary>Follows next from the first page to the last, checking the page sizes; the codes in the order read.</summary>
    private static async Task<List<string>> AllPagesAsync(HttpClient client, string filter, int limit, int expectedPages)
    {
        var ids = new List<string>();
        string? next = null;
        var pages = 0;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/lots?{filter}limit={limit}" + (next is null ? string.Empty : $"&before={Uri.EscapeDataString(next)}"));
            var items = page.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("id").GetString()!).ToList();
            next = page.GetProperty("next").GetString();
            Assert.True(next is null ? items.Count <= limit : items.Count == limit, $"page {pages + 1} has {items.Count} lots");
            ids.AddRange(items);
            pages++;
        }
        while (next is not null && pages < 100);

        Assert.Equal(expectedPages, pages);
        return ids;
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task List_BadParameter_ValidationProblemNamingItAndWhy(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();
        await ReceiveAsync(client, "BAR-1", "BAR-20");

        // A cursor that decodes, but not to (time, code).
        var forged = System.Buffers.Text.Base64Url.EncodeToString("yesterday:BAR-1"u8);
        (string Query, string Parameter, string Why)[] cases =
        [
            ("status=pending", "status", "Unknown status 'pending'"),
            ("status=released,held", "status", "Unknown status"),
            ("limit=0", "limit", "outside 1-500"),
            ("limit=501", "limit", "outside 1-500"),
            ("before=not-a-cursor!", "before", "is not the next of an earlier answer"),
            ($"before={forged}", "before", "is not the next of an earlier answer"),
            ("material=BAR%2020", "material", "is not 1-64 letters"),
            ($"q={new string('A', 101)}", "q", "at most 100 characters"),
        ];
        foreach (var (query, parameter, why) in cases)
        {
            using var response = await client.GetAsync($"/api/lots?{query}");
            Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{query}: {response.StatusCode}");
            var errors = (await Json(response)).GetProperty("errors");
            Assert.Equal([parameter], errors.EnumerateObject().Select(e => e.Name));
            Assert.Contains(why, errors.GetProperty(parameter)[0].GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task List_SignedOutThenAsAnOperator_RefusedThenAnswered()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var admin = app.CreateClient();
        await ReceiveAsync(admin, "BAR-1", "BAR-20");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/users", new { userName = "wang.wei", displayName = "Wang Wei", roles = new[] { "operator" }, password = "operator-password" })).StatusCode);

        using var anonymous = app.CreateClient();
        anonymous.DefaultRequestHeaders.Authorization = null;
        using var refused = await anonymous.GetAsync("/api/lots");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/auth/sign-in", new { userName = "wang.wei", password = "operator-password" })).StatusCode);
        Assert.Equal(["BAR-1"], await IdsAsync(anonymous, ""));
    }
}
