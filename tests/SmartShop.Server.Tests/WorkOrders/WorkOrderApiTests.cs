using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartShop.Server.Tests.Infrastructure;

namespace SmartShop.Server.Tests.WorkOrders;

public sealed class WorkOrderApiTests
{
    private static object Order(string id = "WO-1001", int quantity = 500, string line = "line-1") => new
    {
        id,
        product = "SPOOL-20",
        quantity,
        unit = "pcs",
        dueAt = "2026-03-06T16:00:00+08:00",
        priority = 3,
        description = "Spools for customer 42",
        operations = new[] { new { sequence = 10, name = "Turn, mill, deburr, measure", lineId = line } },
        bom = new[] { new { material = "BAR-20", quantityPerUnit = 0.25m, unit = "m" }, new { material = "ORING-20", quantityPerUnit = 2m, unit = "pcs" } },
    };

    private static async Task<HttpClient> PersonAsync(SmartShopApp app, HttpClient admin, string userName, string role)
    {
        using var created = await admin.PostAsJsonAsync("/api/users", new { userName, displayName = userName, roles = new[] { role }, password = userName + "-password" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        using var signIn = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName, password = userName + "-password" });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        return client;
    }

    private static object Signed(string userName, string? meaning = null) =>
        new { signature = new { userName, password = userName + "-password", meaning } };

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Create_ThenTheSameAgain_IsCreatedOnceAndADifferentOrderUnderItsNumberIsRefused(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var erp = app.CreateClient();

        using var created = await erp.PostAsJsonAsync("/api/work-orders", Order());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var order = await JsonAsync(created);
        Assert.Equal("created", order.GetProperty("status").GetString());
        Assert.Equal(500m, order.GetProperty("quantity").GetDecimal());
        Assert.Equal(DateTimeOffset.Parse("2026-03-06T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture), order.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(["release", "cancel"], order.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(2, order.GetProperty("bom").GetArrayLength());
        var history = Assert.Single(order.GetProperty("history").EnumerateArray());
        Assert.Equal(("work-order.create", "api:tests"), (history.GetProperty("action").GetString(), history.GetProperty("userName").GetString()));

        using var again = await erp.PostAsJsonAsync("/api/work-orders", Order());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        using var other = await erp.PostAsJsonAsync("/api/work-orders", Order(quantity: 600));
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Contains("exists already with different content", (await JsonAsync(other)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var stored = await erp.GetFromJsonAsync<JsonElement>("/api/work-orders/WO-1001");
        Assert.Equal(500m, stored.GetProperty("quantity").GetDecimal());
        Assert.Single(stored.GetProperty("history").EnumerateArray());
    }

    [Fact]
    public async Task Create_BadOrder_Is400NamingEachFieldAndStoresNothing()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var erp = app.CreateClient();

        using var response = await erp.PostAsJsonAsync("/api/work-orders", new
        {
            id = "WO 1",
            product = "SPOOL-20",
            quantity = 12.5,
            unit = "pcs",
            dueAt = "next friday",
            operations = new[] { new { lineId = "line-9" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        Assert.Equal(["dueAt", "id", "quantity", "operations[0].lineId"], errors.EnumerateObject().Select(p => p.Name));
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.WorkOrders.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.EntityType == "work-order"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Lifecycle_ThroughEveryState_WithSignaturesOnReleaseAndClose(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var admin = app.CreateClient();
        using var supervisor = await PersonAsync(app, admin, "li.na", "supervisor");
        using var operatorClient = await PersonAsync(app, admin, "wang.fang", "operator");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/work-orders", Order())).StatusCode);

        using var unsigned = await supervisor.PostAsJsonAsync("/api/work-orders/WO-1001/release", new { });
        Assert.Equal(HttpStatusCode.BadRequest, unsigned.StatusCode);
        var unsignedProblem = await JsonAsync(unsigned);
        Assert.Contains("needs an electronic signature", unsignedProblem.GetProperty("errors").GetProperty("signature")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("signature-required", unsignedProblem.GetProperty("codes").GetProperty("signature")[0].GetProperty("code").GetString());

        using var wrongPassword = await supervisor.PostAsJsonAsync("/api/work-orders/WO-1001/release", new { signature = new { userName = "li.na", password = "guess" } });
        Assert.Equal(HttpStatusCode.BadRequest, wrongPassword.StatusCode);

        using var byKey = await admin.PostAsJsonAsync("/api/work-orders/WO-1001/release", Signed("admin"));
        Assert.Contains("An API key cannot sign", await byKey.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var early = await operatorClient.PostAsJsonAsync("/api/work-orders/WO-1001/complete", new { });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("Order WO-1001: The order is created and cannot be completed: it has not been released to production yet (allowed now: release, cancel).",
            (await JsonAsync(early)).GetProperty("detail").GetString());

        using var operatorRelease = await operatorClient.PostAsJsonAsync("/api/work-orders/WO-1001/release", Signed("wang.fang"));
        Assert.Equal(HttpStatusCode.Forbidden, operatorRelease.StatusCode);

        using var released = await supervisor.PostAsJsonAsync("/api/work-orders/WO-1001/release", Signed("li.na"));
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        Assert.Equal("released", (await JsonAsync(released)).GetProperty("status").GetString());

        foreach (var (action, status) in new[] { ("start", "running"), ("pause", "paused"), ("resume", "running"), ("complete", "completed") })
        {
            using var step = await operatorClient.PostAsJsonAsync($"/api/work-orders/WO-1001/{action}", new { why = action == "pause" ? "waiting for bar stock" : null });
            Assert.Equal(HttpStatusCode.OK, step.StatusCode);
            Assert.Equal(status, (await JsonAsync(step)).GetProperty("status").GetString());
        }

        using var closed = await supervisor.PostAsJsonAsync("/api/work-orders/WO-1001/close", Signed("li.na", "Quantities and scrap reviewed"));
        var order = await JsonAsync(closed);
        Assert.Equal("closed", order.GetProperty("status").GetString());
        Assert.Empty(order.GetProperty("allowedActions").EnumerateArray());
        var history = order.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(
            ["work-order.create", "work-order.release", "work-order.start", "work-order.pause", "work-order.resume", "work-order.complete", "work-order.close"],
            history.Select(h => h.GetProperty("action").GetString()));
        Assert.Equal(("li.na", "Released for production"), (history[1].GetProperty("signedBy").GetString(), history[1].GetProperty("signatureMeaning").GetString()));
        Assert.Equal("Quantities and scrap reviewed", history[6].GetProperty("signatureMeaning").GetString());
        Assert.Equal("waiting for bar stock", history[3].GetProperty("why").GetString());
        Assert.Equal("wang.fang", history[2].GetProperty("userName").GetString());

        using var cancel = await supervisor.PostAsJsonAsync("/api/work-orders/WO-1001/cancel", new { why = "too late" });
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.True((await admin.GetFromJsonAsync<JsonElement>("/api/audit/verify")).GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task Actions_StaleVersionOrCancelWithoutWhy_AreRefused()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var admin = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/work-orders", Order())).StatusCode);

        using var noWhy = await admin.PostAsJsonAsync("/api/work-orders/WO-1001/cancel", new { });
        Assert.Equal(HttpStatusCode.BadRequest, noWhy.StatusCode);

        using var stale = await admin.PostAsJsonAsync("/api/work-orders/WO-1001/cancel", new { why = "customer cancelled", version = 7 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("reload it", (await JsonAsync(stale)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var cancelled = await admin.PostAsJsonAsync("/api/work-orders/WO-1001/cancel", new { why = "customer cancelled", version = 1 });
        Assert.Equal("cancelled", (await JsonAsync(cancelled)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/work-orders/WO-404/cancel", new { why = "x" })).StatusCode);
    }

    [Fact]
    public async Task List_FiltersByStatusAndLine_MostUrgentFirst()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var admin = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/work-orders", Order("WO-1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/work-orders", new { id = "WO-2", product = "VALVE-CV20", quantity = 10, unit = "pcs", priority = 1, lineId = "line-2" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/work-orders", new { id = "WO-3", product = "SPOOL-25", quantity = 10, unit = "pcs", priority = 2, operations = new[] { new { machineId = "l1-lathe" } } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/api/work-orders/WO-3/cancel", new { why = "duplicate" })).StatusCode);

        var all = await admin.GetFromJsonAsync<JsonElement>("/api/work-orders");
        Assert.Equal(["WO-2", "WO-3", "WO-1"], all.EnumerateArray().Select(o => o.GetProperty("id").GetString()));
        var line1 = await admin.GetFromJsonAsync<JsonElement>("/api/work-orders?lineId=line-1&status=created");
        Assert.Equal(["WO-1"], line1.EnumerateArray().Select(o => o.GetProperty("id").GetString()));
        var lathe = await admin.GetFromJsonAsync<JsonElement>("/api/work-orders?machineId=l1-lathe");
        Assert.Equal(["WO-3", "WO-1"], lathe.EnumerateArray().Select(o => o.GetProperty("id").GetString()));

        using var bad = await admin.GetAsync("/api/work-orders?status=done&lineId=line-9");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["status", "lineId"], (await JsonAsync(bad)).GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    private const string GoodCsv =
        "Order,Product,Qty,UoM,Due Date,Priority,Operation Sequence,Operation Name,Line,Machine,Material,Qty Per Unit,Material Unit\r\n" +
        "WO-2001,SPOOL-20,300,pcs,2026-03-06T16:00:00+08:00,2,10,\"Turn, mill\",line-1,,BAR-20,0.25,m\r\n" +
        "WO-2001,,,,,,,,,,ORING-20,2,pcs\r\n" +
        "WO-2002,VALVE-CV20,40,pcs,,5,10,Press,,l2-press,,,\r\n" +
        "WO-2002,,,,,,20,Assemble,,l2-assembly,SPRING-7,1,pcs\r\n";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ImportCsv_GoodFile_CreatesOrdersOnceWithOperationsAndMaterials(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var erp = app.CreateClient();

        using var imported = await erp.PostAsync("/api/work-orders/import", new StringContent(GoodCsv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(["WO-2001", "WO-2002"], (await JsonAsync(imported)).GetProperty("created").EnumerateArray().Select(i => i.GetString()));

        var first = await erp.GetFromJsonAsync<JsonElement>("/api/work-orders/WO-2001");
        Assert.Equal("Turn, mill", first.GetProperty("operations")[0].GetProperty("name").GetString());
        Assert.Equal(["BAR-20", "ORING-20"], first.GetProperty("bom").EnumerateArray().Select(b => b.GetProperty("material").GetString()));
        var second = await erp.GetFromJsonAsync<JsonElement>("/api/work-orders/WO-2002");
        Assert.Equal(["l2-press", "l2-assembly"], second.GetProperty("operations").EnumerateArray().Select(o => o.GetProperty("machineId").GetString()));
        Assert.Equal(20, second.GetProperty("bom")[0].GetProperty("operationSequence").GetInt32());

        using var again = await erp.PostAsync("/api/work-orders/import", new StringContent(GoodCsv, Encoding.UTF8, "text/csv"));
        var repeat = await JsonAsync(again);
        Assert.Empty(repeat.GetProperty("created").EnumerateArray());
        Assert.Equal(2, repeat.GetProperty("unchanged").GetArrayLength());
    }

    [Fact]
    public async Task ImportCsv_BadRows_RejectTheFileWithRowAndReasonAndStoreNothing()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var erp = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await erp.PostAsJsonAsync("/api/work-orders", Order("WO-3003"))).StatusCode);
        var csv =
            "id;product;quantity;unit;lineId\n" +
            "WO-3001;SPOOL-20;100;pcs;line-1\n" +
            "WO-3002;SPOOL-20;1O0;pcs;line-1\n" +
            "WO-3003;SPOOL-20;999;pcs;line-1\n" +
            "WO-3004;SPOOL-20;100;pcs;line-9\n" +
            "\"WO-3005;SPOOL-20;100;pcs;line-1\n";

        using var response = await erp.PostAsync("/api/work-orders/import", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await JsonAsync(response);
        Assert.Equal("The file was not imported: nothing was stored.", problem.GetProperty("title").GetString());
        Assert.Equal("Row 6 opens a quoted field that never closes.", problem.GetProperty("errors").GetProperty("file")[0].GetString());

        using var fixedQuote = await erp.PostAsync("/api/work-orders/import", new StringContent(csv[..csv.LastIndexOf('"')], Encoding.UTF8, "text/csv"));
        var errors = (await JsonAsync(fixedQuote)).GetProperty("errors");
        Assert.Equal(["row 3", "row 5"], errors.EnumerateObject().Select(p => p.Name));
        Assert.Equal("quantity: '1O0' is not a number (write 12.5, with a point).", errors.GetProperty("row 3")[0].GetString());
        Assert.StartsWith("operations[0].lineId: There is no line 'line-9'", errors.GetProperty("row 5")[0].GetString(), StringComparison.Ordinal);

        using var conflict = await erp.PostAsync("/api/work-orders/import", new StringContent("id,product,quantity,unit,lineId\nWO-3001,SPOOL-20,100,pcs,line-1\nWO-3003,SPOOL-20,999,pcs,line-1\n", Encoding.UTF8, "text/csv"));
        Assert.Equal("id: order WO-3003 exists already with different content; orders are not overwritten.",
            (await JsonAsync(conflict)).GetProperty("errors").GetProperty("row 3")[0].GetString());

        await using var db = database.CreateContext();
        Assert.Equal(["WO-3003"], await db.WorkOrders.Select(o => o.Id).ToListAsync());
    }

    [Fact]
    public async Task ImportJson_ArrayOfOrders_AllOrNothing()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var erp = app.CreateClient();

        using var bad = await erp.PostAsJsonAsync("/api/work-orders/import", new[] { Order("WO-1"), Order("WO-2", quantity: 0) });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["order 2"], (await JsonAsync(bad)).GetProperty("errors").EnumerateObject().Select(p => p.Name));

        using var good = await erp.PostAsJsonAsync("/api/work-orders/import", new[] { Order("WO-1"), Order("WO-2") });
        Assert.Equal(2, (await JsonAsync(good)).GetProperty("created").GetArrayLength());

        using var unsupported = await erp.PostAsync("/api/work-orders/import", new StringContent("<orders/>", Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);
    }
}
