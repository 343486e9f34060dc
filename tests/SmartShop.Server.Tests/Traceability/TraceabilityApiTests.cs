using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartShop.Server.Tests.Infrastructure;

namespace SmartShop.Server.Tests.Traceability;

public sealed class TraceabilityApiTests
{
    private static async Task<HttpClient> PersonAsync(SmartShopApp app, HttpClient admin, string userName, string role)
    {
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/users", new { userName, displayName = userName, roles = new[] { role }, password = userName + "-password" })).StatusCode);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/sign-in", new { userName, password = userName + "-password" })).StatusCode);
        return client;
    }

    private static object Sign(string userName) => new { userName, password = userName + "-password" };

    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private static async Task ReceiveAsync(HttpClient client, string id, string material, decimal quantity, string unit, string status = "released")
    {
        using var response = await client.PostAsJsonAsync("/api/lots", new { id, material, quantity, unit, status, supplier = "Baosteel", supplierLot = "S-" + id });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>A running order WO-T1 (10 spools on line 1, 0.25 m of BAR-20 and 2 ORING-20 each) and its lots.</summary>
    private static async Task<(HttpClient Admin, HttpClient Supervisor)> RunningOrderAsync(SmartShopApp app)
    {
        var admin = app.CreateClient();
        var supervisor = await PersonAsync(app, admin, "li.na", "supervisor");
        using var created = await admin.PostAsJsonAsync("/api/work-orders", new
        {
            id = "WO-T1",
            product = "SPOOL-20",
            quantity = 10,
            unit = "pcs",
            lineId = "line-1",
            bom = new[] { new { material = "BAR-20", quantityPerUnit = 0.25m, unit = "m" }, new { material = "ORING-20", quantityPerUnit = 2m, unit = "pcs" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await ReceiveAsync(admin, "BAR-A", "BAR-20", 10, "m");
        await ReceiveAsync(admin, "ORING-A", "ORING-20", 100, "pcs");
        await ReceiveAsync(admin, "ORING-Q", "ORING-20", 50, "pcs", "quarantined");
        await ReceiveAsync(admin, "SCREW-1", "SCREW-5", 100, "pcs");

        using var early = await admin.PostAsJsonAsync("/api/work-orders/WO-T1/units", new { });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("Order WO-T1 is created, not running: units are recorded while it runs.", (await Json(early)).GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsJsonAsync("/api/work-orders/WO-T1/release", new { signature = Sign("li.na") })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsJsonAsync("/api/work-orders/WO-T1/start", new { })).StatusCode);
        return (admin, supervisor);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Units_WithVerifiedComponents_TraceBackwardAndForwardThroughSplitsAndPacking(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        var (admin, supervisor) = await RunningOrderAsync(app);
        using var _ = admin;
        using var __ = supervisor;

        // Material verification: a quarantined lot and a lot of another material are refused in the operator's words.
        using var refused = await admin.PostAsJsonAsync("/api/work-orders/WO-T1/units", new { components = new[] { new { lot = "BAR-A" }, new { lot = "ORING-Q" }, new { lot = "SCREW-1" }, new { lot = "NOPE-9" } } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var refusal = await Json(refused);
        var errors = refusal.GetProperty("errors");
        Assert.Equal("Lot ORING-Q (ORING-20) is in quarantine: do not use it. Put it aside and call quality.", errors.GetProperty("components[1].lot")[0].GetString());
        // The same refusal as a code with its values, for the terminal to say in the operator's language.
        var code = refusal.GetProperty("codes").GetProperty("components[1].lot")[0];
        Assert.Equal(("lot-quarantined", "ORING-Q", "ORING-20"), (code.GetProperty("code").GetString(), code.GetProperty("args").GetProperty("lot").GetString(), code.GetProperty("args").GetProperty("material").GetString()));
        Assert.Equal("lot-unknown", refusal.GetProperty("codes").GetProperty("components[3].lot")[0].GetProperty("code").GetString());
        Assert.Equal("Lot SCREW-1 is SCREW-5, which order WO-T1 does not use at operation 10. It needs: BAR-20, ORING-20.", errors.GetProperty("components[2].lot")[0].GetString());
        Assert.Equal("Lot NOPE-9 is not known. Check the label, or have the lot received first.", errors.GetProperty("components[3].lot")[0].GetString());
        Assert.Equal(10m, (await admin.GetFromJsonAsync<JsonElement>("/api/lots/BAR-A")).GetProperty("remaining").GetDecimal());

        // A unit with an issued serial, one with a scanned serial; a scanned serial is recorded once.
        using var first = await admin.PostAsJsonAsync("/api/work-orders/WO-T1/units", new { components = new[] { new { lot = "BAR-A" }, new { lot = "ORING-A" } } });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var unit1 = await Json(first);
        Assert.Equal("WO-T1-00001", unit1.GetProperty("serial").GetString());
        Assert.Equal("l1-cmm", unit1.GetProperty("machineId").GetString());
        Assert.Equal("api:tests", unit1.GetProperty("operator").GetString());
        Assert.Equal(JsonValueKind.Object, unit1.GetProperty("processValues").ValueKind);
        Assert.Equal([0.25m, 2m], unit1.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("quantity").GetDecimal()));
        Assert.Equal(9.75m, (await admin.GetFromJsonAsync<JsonElement>("/api/lots/BAR-A")).GetProperty("remaining").GetDecimal());
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/work-orders/WO-T1/units", new { serial = "SN-0002", components = new[] { new { lot = "BAR-A" }, new { lot = "ORING-A" } } })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/work-orders/WO-T1/units", new { serial = "SN-0002" })).StatusCode);

        // A lot split: the third unit takes O-rings from the new lot; its trace goes through the split to ORING-A.
        using var split = await admin.PostAsJsonAsync("/api/lots/ORING-A/split", new { parts = new[] { new { id = "ORING-A1", quantity = 20 } } });
        Assert.Equal(HttpStatusCode.OK, split.StatusCode);
        Assert.Equal(76m, (await admin.GetFromJsonAsync<JsonElement>("/api/lots/ORING-A")).GetProperty("remaining").GetDecimal());
        using var third = await admin.PostAsJsonAsync("/api/work-orders/WO-T1/units", new { components = new[] { new { lot = "BAR-A" }, new { lot = "ORING-A1" } } });
        var serial3 = (await Json(third)).GetProperty("serial").GetString();
        Assert.Equal("WO-T1-00002", serial3);

        var backward = await admin.GetFromJsonAsync<JsonElement>($"/api/trace/units/{serial3}");
        var links = backward.GetProperty("links").EnumerateArray().Select(l => (l.GetProperty("sourceLot").GetString(), l.GetProperty("kind").GetString(), l.GetProperty("depth").GetInt32())).ToList();
        Assert.Equal([("BAR-A", "consume", 1), ("ORING-A1", "consume", 1), ("ORING-A", "split", 2)], links);
        Assert.Equal(["BAR-A", "ORING-A", "ORING-A1"], backward.GetProperty("lots").EnumerateArray().Select(l => l.GetProperty("id").GetString()));
        Assert.Equal("S-ORING-A", backward.GetProperty("lots")[1].GetProperty("supplierLot").GetString());

        // Packing: two units in a case, the case on a pallet; scrap is not packed.
        using var scrap = await admin.PostAsJsonAsync("/api/work-orders/WO-T1/units", new { quality = "scrap", scrapReason = "bore oversize", components = new[] { new { lot = "BAR-A" } } });
        var scrapSerial = (await Json(scrap)).GetProperty("serial").GetString();
        using var badCase = await admin.PostAsJsonAsync("/api/containers", new { id = "CASE-1", kind = "case", contents = new[] { "WO-T1-00001", scrapSerial } });
        Assert.Equal(HttpStatusCode.BadRequest, badCase.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/containers", new { id = "CASE-1", kind = "case", contents = new[] { "WO-T1-00001", "SN-0002" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/containers", new { id = "PAL-1", kind = "pallet", contents = new[] { "CASE-1" } })).StatusCode);
        var packed = await admin.GetFromJsonAsync<JsonElement>("/api/units/SN-0002");
        Assert.Equal(("CASE-1", "PAL-1"), (packed.GetProperty("case").GetString(), packed.GetProperty("pallet").GetString()));

        // The recall scope of ORING-A: the lot split from it, the three units with its O-rings, the order, case and pallet.
        var forward = await admin.GetFromJsonAsync<JsonElement>("/api/trace/lots/ORING-A/forward");
        Assert.Equal(["ORING-A1"], forward.GetProperty("derivedLots").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(3, forward.GetProperty("unitCount").GetInt64());
        Assert.Equal(["SN-0002", "WO-T1-00001", "WO-T1-00002"], forward.GetProperty("units").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(["WO-T1"], forward.GetProperty("orders").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal(["CASE-1"], forward.GetProperty("cases").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["PAL-1"], forward.GetProperty("pallets").EnumerateArray().Select(p => p.GetString()));
        var barForward = await admin.GetFromJsonAsync<JsonElement>("/api/trace/lots/BAR-A/forward?limit=2");
        Assert.Equal(4, barForward.GetProperty("unitCount").GetInt64());
        Assert.Equal(2, barForward.GetProperty("units").GetArrayLength());

        Assert.True((await admin.GetFromJsonAsync<JsonElement>("/api/audit/verify")).GetProperty("intact").GetBoolean());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task CompleteUnit_StationsSharingLotsAtOnce_EveryUnitRecordedAndLotsExact(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        var (admin, supervisor) = await RunningOrderAsync(app);
        using var _ = admin;
        using var __ = supervisor;

        // Eight stations scan the line's same two lots at the same moment: each waits for its turn at the lots
        // instead of being told that another station changed them meanwhile.
        var stations = Enumerable.Range(0, 8).Select(_ => app.CreateClient()).ToList();
        var answers = await Task.WhenAll(stations.Select(s => s.PostAsJsonAsync("/api/work-orders/WO-T1/units", new { components = new[] { new { lot = "BAR-A" }, new { lot = "ORING-A" } } })));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        var serials = new List<string>();
        foreach (var answer in answers)
        {
            serials.Add((await Json(answer)).GetProperty("serial").GetString()!);
            answer.Dispose();
        }

        stations.ForEach(s => s.Dispose());
        Assert.Equal(Enumerable.Range(1, 8).Select(n => $"WO-T1-{n:00000}"), serials.Order(StringComparer.Ordinal));
        Assert.Equal(10m - (8 * 0.25m), (await admin.GetFromJsonAsync<JsonElement>("/api/lots/BAR-A")).GetProperty("remaining").GetDecimal());
        Assert.Equal(100m - (8 * 2m), (await admin.GetFromJsonAsync<JsonElement>("/api/lots/ORING-A")).GetProperty("remaining").GetDecimal());
        Assert.True((await admin.GetFromJsonAsync<JsonElement>("/api/audit/verify")).GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task ScrapOverride_NeedsQualityAndASignature()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        var (admin, supervisor) = await RunningOrderAsync(app);
        using var _ = admin;
        using var __ = supervisor;
        using var quality = await PersonAsync(app, admin, "zhao.lei", "quality");
        using var scrap = await admin.PostAsJsonAsync("/api/work-orders/WO-T1/units", new { quality = "scrap", scrapReason = "scratch" });
        var serial = (await Json(scrap)).GetProperty("serial").GetString();

        using var bySupervisor = await supervisor.PostAsJsonAsync($"/api/units/{serial}/quality", new { quality = "good", why = "scratch polished out", signature = Sign("li.na") });
        Assert.Equal(HttpStatusCode.Forbidden, bySupervisor.StatusCode);
        using var unsigned = await quality.PostAsJsonAsync($"/api/units/{serial}/quality", new { quality = "good", why = "scratch polished out" });
        Assert.Equal(HttpStatusCode.BadRequest, unsigned.StatusCode);
        using var signed = await quality.PostAsJsonAsync($"/api/units/{serial}/quality", new { quality = "good", why = "scratch polished out", signature = Sign("zhao.lei") });
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal("good", (await Json(signed)).GetProperty("quality").GetString());

        var audit = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?entityType=unit&entityId={serial}");
        var entry = audit[0];
        Assert.Equal(("unit.scrap-override", "zhao.lei", "Scrap overridden: unit accepted as good"),
            (entry.GetProperty("action").GetString(), entry.GetProperty("signedBy").GetString(), entry.GetProperty("signatureMeaning").GetString()));
    }

    [Fact]
    public async Task CompleteUnit_RepeatedWithTheSameIdempotencyKey_IsRecordedOnce()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        var (admin, supervisor) = await RunningOrderAsync(app);
        using var _ = admin;
        using var __ = supervisor;

        async Task<HttpResponseMessage> SendAsync(string key, string path = "/api/work-orders/WO-T1/units")
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new { components = new[] { new { lot = "BAR-A" } } }) };
            request.Headers.Add("Idempotency-Key", key);
            return await admin.SendAsync(request);
        }

        using var first = await SendAsync("terminal-3:0001");
        using var repeat = await SendAsync("terminal-3:0001");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal((await Json(first)).GetProperty("serial").GetString(), (await Json(repeat)).GetProperty("serial").GetString());
        Assert.Equal("true", repeat.Headers.GetValues("Idempotent-Replayed").Single());
        using var reused = await SendAsync("terminal-3:0001", "/api/lots/BAR-A/split");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);

        await using var db = database.CreateContext();
        Assert.Equal(1, await db.Units.CountAsync());
        Assert.Equal(9.75m, (await db.Lots.SingleAsync(l => l.Id == "BAR-A")).Remaining);
    }

    [Fact]
    public async Task Epcis_Order_HasCommissioningTransformationAndAggregationEvents()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        var (admin, supervisor) = await RunningOrderAsync(app);
        using var _ = admin;
        using var __ = supervisor;
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/work-orders/WO-T1/units", new { components = new[] { new { lot = "BAR-A" }, new { lot = "ORING-A" } } })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/containers", new { id = "CASE-9", kind = "case", contents = new[] { "WO-T1-00001", "WO-T1-00002" } })).StatusCode);

        using var response = await admin.GetAsync("/api/trace/epcis?orderId=WO-T1");
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);
        var document = await Json(response);
        Assert.Equal(("EPCISDocument", "2.0"), (document.GetProperty("type").GetString(), document.GetProperty("schemaVersion").GetString()));
        var events = document.GetProperty("epcisBody").GetProperty("eventList").EnumerateArray().ToList();
        Assert.Equal(["ObjectEvent", "TransformationEvent", "ObjectEvent", "TransformationEvent", "AggregationEvent"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("urn:smartshop:acme:unit:WO-T1-00001", events[0].GetProperty("epcList")[0].GetString());
        Assert.Equal("commissioning", events[0].GetProperty("bizStep").GetString());
        Assert.Equal("urn:smartshop:acme:machine:l1-cmm", events[0].GetProperty("readPoint").GetProperty("id").GetString());
        Assert.Equal("+08:00", events[0].GetProperty("eventTimeZoneOffset").GetString());
        var inputs = events[1].GetProperty("inputQuantityList").EnumerateArray().ToList();
        Assert.Equal(("urn:smartshop:acme:lot:BAR-20:BAR-A", 0.25, "MTR"), (inputs[0].GetProperty("epcClass").GetString(), inputs[0].GetProperty("quantity").GetDouble(), inputs[0].GetProperty("uom").GetString()));
        Assert.Equal("urn:smartshop:acme:container:CASE-9", events[4].GetProperty("parentID").GetString());
        Assert.Equal(2, events[4].GetProperty("childEPCs").GetArrayLength());
        Assert.Equal("prodorder", events[0].GetProperty("bizTransactionList")[0].GetProperty("type").GetString());
    }
}
