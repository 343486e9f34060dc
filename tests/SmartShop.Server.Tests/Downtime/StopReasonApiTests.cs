using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SmartShop.Core.Machines;
using SmartShop.Server.Data;
using SmartShop.Server.Downtime;
using SmartShop.Server.Tests.Infrastructure;

namespace SmartShop.Server.Tests.Downtime;

/// <summary>
/// Classifying and splitting stops through the API on the demo plant: l1-lathe (cnc-lathe: code 101 is mapped to
/// unplanned.equipment.tooling, 401 to a text only) and l1-deburr (a smaller subset). Stops are written as the machine
/// grain writes them (downtime_event rows) with ids far above any the grains would give, or made by state reports.
/// </summary>
public sealed class StopReasonApiTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private const string Window = "from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z";
    private const string Tooling = "unplanned.equipment.tooling";
    private const string Spindle = "unplanned.equipment.spindle";
    private const string Starved = "unplanned.material.starved";

    private static async Task InsertStopAsync(
        TestDatabase database, string machineId, long stopId, DateTimeOffset start, DateTimeOffset? end, int? code = null,
        bool micro = false, MachineState state = MachineState.Down)
    {
        await using var db = database.CreateContext();
        db.DowntimeEvents.Add(new DowntimeEventRow
        {
            MachineId = machineId,
            StopId = stopId,
            StartMs = start.ToUnixTimeMilliseconds(),
            EndMs = end?.ToUnixTimeMilliseconds(),
            State = (short)state,
            OrderId = "WO-1",
            MicroStop = micro,
            PlcCode = code,
        });
        await db.SaveChangesAsync();
    }

    private static async Task<int> LedgerRowsAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return await db.DowntimeReasonChanges.CountAsync();
    }

    private static object Classification(string reasonId, int? part = null, string why = "checked at the machine", string? signedBy = null) =>
        new { reasonId, part, why, signature = signedBy is null ? null : Signature(signedBy) };

    /// <summary>The electronic signature of a user made by <see cref="OperatorAsync"/> (re-entered password).</summary>
    private static object Signature(string userName) => new { userName, password = userName + "-password" };

    /// <summary>A client signed in as a new operator (cookie session), for tests about who made a change.</summary>
    private static async Task<HttpClient> OperatorAsync(SmartShopApp app, string userName)
    {
        using var admin = app.CreateClient();
        using var created = await admin.PostAsJsonAsync("/api/users", new { userName, displayName = userName, roles = new[] { "operator" }, password = userName + "-password" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        using var signIn = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName, password = userName + "-password" });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        return client;
    }

    private static Task<HttpResponseMessage> ClassifyAsync(HttpClient client, string machineId, long stopId, object body) =>
        client.PostAsJsonAsync($"/api/downtime/machines/{machineId}/stops/{stopId}/classify", body);

    private static Task<HttpResponseMessage> SplitAsync(HttpClient client, string machineId, long stopId, object body) =>
        client.PostAsJsonAsync($"/api/downtime/machines/{machineId}/stops/{stopId}/split", body);

    private static async Task<StopReasonsResponse> OkAsync(Task<HttpResponseMessage> request)
    {
        var response = await request;
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<StopReasonsResponse>())!;
    }

    private static async Task<DowntimeEventResponse[]> ListAsync(HttpClient client, string scope = "machines/l1-lathe") =>
        (await client.GetFromJsonAsync<DowntimeEventResponse[]>($"/api/downtime/{scope}?{Window}"))!;

    private static async Task<ParetoEntry[]> ParetoAsync(HttpClient client, string scope = "machines/l1-lathe", string extra = "") =>
        (await client.GetFromJsonAsync<ParetoEntry[]>($"/api/downtime/pareto/{scope}?{Window}{extra}"))!;

    [Fact]
    public async Task Reasons_MachineOfTypeWithSubset_GivesTheSubsetUnderItsGroupingAncestors()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();

        var tree = await client.GetFromJsonAsync<ReasonTreeResponse>("/api/downtime/reasons?machineId=l1-deburr");

        Assert.Equal(("l1-deburr", "deburring"), (tree!.MachineId, tree.MachineType));
        var unplanned = Assert.Single(tree.Reasons, r => r.Id == "unplanned");
        Assert.False(unplanned.Selectable);
        var equipment = Assert.Single(unplanned.Children, r => r.Id == "unplanned.equipment");
        Assert.False(equipment.Selectable);
        Assert.Equal(["unplanned.equipment.tooling", "unplanned.equipment.electrical", "unplanned.equipment.handling"], equipment.Children.Select(c => c.Id));
        Assert.All(equipment.Children, c => Assert.True(c.Selectable));
        Assert.DoesNotContain(unplanned.Children, r => r.Id == "unplanned.quality");
        var planned = Assert.Single(tree.Reasons, r => r.Id == "planned");
        Assert.Equal(["planned.changeover", "planned.maintenance", "planned.break"], planned.Children.Select(c => c.Id));
    }

    [Fact]
    public async Task Reasons_NoMachine_GivesTheWholeTreeAllSelectable()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();

        var tree = await client.GetFromJsonAsync<ReasonTreeResponse>("/api/downtime/reasons");
        var unknown = await client.GetAsync("/api/downtime/reasons?machineId=no-such-machine");

        Assert.Equal(["unplanned", "planned"], tree!.Reasons.Select(r => r.Id));
        Assert.All(tree.Reasons, r => Assert.True(r.Selectable));
        Assert.Contains(tree.Reasons[0].Children, r => r.Id == "unplanned.quality");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Classify_PlcClassifiedStop_ManualReasonWinsInListParetoAndHistory(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();
        await InsertStopAsync(database, "l1-lathe", 1001, T0, T0.AddMinutes(15), code: 101);
        var before = Assert.Single(await ListAsync(client));

        var result = await OkAsync(ClassifyAsync(client, "l1-lathe", 1001, Classification(Spindle, why: "spindle alarm on the panel, not the tool")));

        Assert.Equal((Tooling, "Tool wear - insert change", "plc"), (before.ReasonId, before.Reason, before.ReasonSource));
        Assert.Equal(["Unplanned", "Equipment failure", "Tooling"], before.ReasonPath);
        var listed = Assert.Single(await ListAsync(client));
        Assert.Equal((Spindle, "Spindle", "manual", "api:tests", 101), (listed.ReasonId, listed.Reason, listed.ReasonSource, listed.ClassifiedBy, listed.Code));
        Assert.Equal("Tool wear - insert change", listed.PlcReason);
        Assert.Equal(app.Clock.GetUtcNow(), listed.ClassifiedAt);
        var bar = Assert.Single(await ParetoAsync(client));
        Assert.Equal((Spindle, "Spindle", 1, 900.0, "reason"), (bar.Key, bar.Reason, bar.Count, bar.Seconds, bar.Kind));
        Assert.Equal(["Unplanned", "Equipment failure", "Spindle"], bar.Path);
        var change = Assert.Single(result.History);
        Assert.Equal((1, "classify", 0, Tooling, "Tool wear - insert change", "plc", Spindle, "Spindle", "api:tests", "spindle alarm on the panel, not the tool"),
            (change.Seq, change.Kind, change.Part, change.OldReasonId, change.OldReason, change.OldSource, change.NewReasonId, change.NewReason, change.By, change.Why));
        Assert.Equal((101, "Tool wear - insert change", Tooling), (result.Code, result.PlcReason, result.PlcReasonId));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Classify_BadInput_Is400NamingTheFieldAndStoresNothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();
        await InsertStopAsync(database, "l1-deburr", 1001, T0, T0.AddMinutes(15));
        (object Body, string Field)[] cases =
        [
            (new { reasonId = "unplanned.gremlins", why = "x" }, "reasonId"),
            (new { reasonId = Spindle, why = "not offered for deburring" }, "reasonId"),
            (new { why = "no reason" }, "reasonId"),
            (new { reasonId = Starved, why = "  " }, "why"),
            (new { reasonId = Starved }, "why"),
            (new { reasonId = Starved, why = new string('x', 501) }, "why"),
            (new { reasonId = Starved, part = -1, why = "x" }, "part"),
        ];

        foreach (var (body, field) in cases)
        {
            var response = await ClassifyAsync(client, "l1-deburr", 1001, body);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
            Assert.True(problem!.Errors.ContainsKey(field), $"expected an error for '{field}', got {string.Join(", ", problem.Errors.Keys)}");
        }

        var malformed = await client.PostAsync("/api/downtime/machines/l1-deburr/stops/1001/classify",
            new StringContent("{\"reasonId\":", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(0, await LedgerRowsAsync(database));
        Assert.Equal("none", Assert.Single(await ListAsync(client, "machines/l1-deburr")).ReasonSource);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Classify_UnknownMachineStopOrPart_Is404(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();
        await InsertStopAsync(database, "l1-lathe", 1001, T0, T0.AddMinutes(15));

        var machine = await ClassifyAsync(client, "no-such-machine", 1001, Classification(Spindle));
        var stop = await ClassifyAsync(client, "l1-lathe", 999_999, Classification(Spindle));
        var otherMachinesStop = await ClassifyAsync(client, "l1-mill", 1001, Classification(Spindle));
        var part = await ClassifyAsync(client, "l1-lathe", 1001, Classification(Spindle, part: 3));
        var history = await client.GetAsync("/api/downtime/machines/l1-lathe/stops/999999/history");

        Assert.Equal(
            [HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound],
            new[] { machine.StatusCode, stop.StatusCode, otherMachinesStop.StatusCode, part.StatusCode, history.StatusCode });
        Assert.Contains("999999", (await stop.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail, StringComparison.Ordinal);
        Assert.Equal(0, await LedgerRowsAsync(database));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Classify_SameReasonTwice_SecondIs409(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();
        await InsertStopAsync(database, "l1-lathe", 1001, T0, T0.AddMinutes(15));

        await OkAsync(ClassifyAsync(client, "l1-lathe", 1001, Classification(Spindle)));
        var again = await ClassifyAsync(client, "l1-lathe", 1001, Classification(Spindle));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(1, await LedgerRowsAsync(database));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Classify_ByInTheRequest_IsIgnoredForTheSignedInCaller(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var key = app.CreateClient();
        using var person = await OperatorAsync(app, "zhao.lei");
        await InsertStopAsync(database, "l1-lathe", 1001, T0, T0.AddMinutes(30));

        var byKey = await OkAsync(ClassifyAsync(key, "l1-lathe", 1001, new { reasonId = Spindle, by = "someone.else", why = "spindle alarm" }));
        var split = await OkAsync(SplitAsync(person, "l1-lathe", 1001, new { at = "2026-03-01T10:20:00Z", reasonIdAfter = Starved, by = "someone.else", why = "no bars", signature = Signature("zhao.lei") }));
        var byPerson = await OkAsync(ClassifyAsync(person, "l1-lathe", 1001, new { reasonId = Tooling, part = 0, why = "it was the tool", signature = Signature("zhao.lei") }));

        Assert.Equal("api:tests", byKey.History[0].By);
        Assert.Equal(["api:tests", "zhao.lei", "zhao.lei"], byPerson.History.Select(h => h.By));
        Assert.Equal("zhao.lei", split.History[1].By);
        Assert.Equal([(0, "zhao.lei"), (1, "zhao.lei")], byPerson.Parts.Select(p => (p.Part, p.ClassifiedBy!)));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Split_EndedStop_ListAndParetoShowBothPartsWithTheirOwnReasons(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();
        await InsertStopAsync(database, "l1-lathe", 1001, T0, T0.AddMinutes(10), code: 101);
        await InsertStopAsync(database, "l1-lathe", 1002, T0.AddHours(1), T0.AddHours(1).AddMinutes(5), code: 101);

        var split = await OkAsync(SplitAsync(client, "l1-lathe", 1001,
            new { at = "2026-03-01T10:04:00.0004Z", reasonIdAfter = Starved, why = "insert changed by 10:04, then no bar stock" }));

        Assert.Equal([(0, T0, T0.AddMinutes(4)), (1, T0.AddMinutes(4), T0.AddMinutes(10))], split.Parts.Select(p => (p.Part, p.Start, p.End!.Value)));
        Assert.Equal([(Tooling, "plc"), (Starved, "manual")], split.Parts.Select(p => (p.ReasonId!, p.ReasonSource)));
        var entry = Assert.Single(split.History);
        Assert.Equal(("split", 1, T0.AddMinutes(4), Tooling, "plc", Starved), (entry.Kind, entry.Part, entry.SplitAt, entry.OldReasonId, entry.OldSource, entry.NewReasonId));

        var listed = await ListAsync(client);
        Assert.Equal([(1001L, 0, 2, 240.0, Tooling), (1001L, 1, 2, 360.0, Starved), (1002L, 0, 1, 300.0, Tooling)],
            listed.Select(e => (e.StopId, e.Part, e.Parts, e.Seconds, e.ReasonId!)));
        var pareto = await ParetoAsync(client);
        Assert.Equal([(Tooling, 2, 540.0), (Starved, 1, 360.0)], pareto.Select(p => (p.Key, p.Count, p.Seconds)));

        // The stop's OEE intervals are not touched: a split only adds a ledger entry.
        await using var db = database.CreateContext();
        var stop = await db.DowntimeEvents.AsNoTracking().SingleAsync(e => e.MachineId == "l1-lathe" && e.StopId == 1001);
        Assert.Equal((T0.ToUnixTimeMilliseconds(), T0.AddMinutes(10).ToUnixTimeMilliseconds()), (stop.StartMs, stop.EndMs!.Value));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Split_OpenStopOrInstantOutside_Is409AndStoresNothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();
        await InsertStopAsync(database, "l1-lathe", 1001, T0, T0.AddMinutes(10));
        await InsertStopAsync(database, "l1-lathe", 1002, T0.AddHours(2), null);

        var open = await SplitAsync(client, "l1-lathe", 1002, new { at = "2026-03-01T12:05:00Z", reasonIdAfter = Starved, why = "x" });
        var atStart = await SplitAsync(client, "l1-lathe", 1001, new { at = "2026-03-01T10:00:00Z", reasonIdAfter = Starved, why = "x" });
        var after = await SplitAsync(client, "l1-lathe", 1001, new { at = "2026-03-01T10:10:00.001Z", reasonIdAfter = Starved, why = "x" });
        var noOffset = await SplitAsync(client, "l1-lathe", 1001, new { at = "2026-03-01T10:05:00", reasonIdAfter = Starved, why = "x" });

        Assert.Equal(
            [HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.BadRequest],
            new[] { open.StatusCode, atStart.StatusCode, after.StatusCode, noOffset.StatusCode });
        var problem = await open.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Contains("still open", problem!.Detail, StringComparison.Ordinal);
        Assert.True((await noOffset.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.ContainsKey("at"));
        Assert.Equal(0, await LedgerRowsAsync(database));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task History_ClassifySplitReclassify_EntriesInOrderEachOldToNew(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();
        await InsertStopAsync(database, "l1-lathe", 1001, T0, T0.AddMinutes(30));
        using var liWei = await OperatorAsync(app, "li.wei");
        using var zhangMin = await OperatorAsync(app, "zhang.min");
        using var wangFang = await OperatorAsync(app, "wang.fang");

        await OkAsync(ClassifyAsync(liWei, "l1-lathe", 1001, Classification(Spindle)));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await OkAsync(SplitAsync(zhangMin, "l1-lathe", 1001, new { at = "2026-03-01T10:20:00Z", reasonIdAfter = Starved, why = "no bars after the repair", signature = Signature("zhang.min") }));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var partOneless = await ClassifyAsync(client, "l1-lathe", 1001, Classification(Tooling));
        await OkAsync(ClassifyAsync(wangFang, "l1-lathe", 1001, Classification(Tooling, part: 0, why: "it was the tool after all", signedBy: "wang.fang")));

        var history = (await client.GetFromJsonAsync<StopReasonsResponse>("/api/downtime/machines/l1-lathe/stops/1001/history"))!;

        Assert.Equal(HttpStatusCode.Conflict, partOneless.StatusCode);
        Assert.Equal(
            [(1, "classify", 0, null, "none", Spindle, "li.wei"), (2, "split", 1, Spindle, "manual", Starved, "zhang.min"), (3, "classify", 0, Spindle, "manual", Tooling, "wang.fang")],
            history.History.Select(h => (h.Seq, h.Kind, h.Part, h.OldReasonId, h.OldSource, h.NewReasonId, h.By)));
        Assert.Equal([app.Clock.GetUtcNow().AddMinutes(-2), app.Clock.GetUtcNow().AddMinutes(-1), app.Clock.GetUtcNow()], history.History.Select(h => h.At));
        Assert.Equal([(0, Tooling, "wang.fang"), (1, Starved, "zhang.min")], history.Parts.Select(p => (p.Part, p.ReasonId!, p.ClassifiedBy!)));
        Assert.Equal([null, "zhang.min", "wang.fang"], history.History.Select(h => h.SignedBy));
        Assert.Equal("Stop reason reclassified", history.History[2].SignatureMeaning);
        Assert.Equal([1200.0, 600.0], history.Parts.Select(p => p.Seconds));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Classify_ConcurrentChanges_EachAppendedOnceAsAChain(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();
        await InsertStopAsync(database, "l1-lathe", 1001, T0, T0.AddMinutes(30));
        string[] reasons =
        [
            Spindle, Tooling, Starved, "unplanned.equipment.hydraulics", "unplanned.equipment.coolant", "unplanned.quality",
            "unplanned.operator.safety", "planned.changeover",
        ];

        using var person = await OperatorAsync(app, "li.wei");
        var responses = await Task.WhenAll(reasons.Select(r => ClassifyAsync(person, "l1-lathe", 1001, Classification(r, signedBy: "li.wei"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var history = (await client.GetFromJsonAsync<StopReasonsResponse>("/api/downtime/machines/l1-lathe/stops/1001/history"))!.History;
        Assert.Equal(Enumerable.Range(1, reasons.Length), history.Select(h => h.Seq));
        Assert.Equal(reasons.Order(StringComparer.Ordinal), history.Select(h => h.NewReasonId).Order(StringComparer.Ordinal));
        Assert.Null(history[0].OldReasonId);
        for (var i = 1; i < history.Count; i++)
        {
            Assert.Equal(history[i - 1].NewReasonId, history[i].OldReasonId);
        }
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Unclassified_Window_ListsOnlyLongStopsWithoutAnyReason(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();
        await InsertStopAsync(database, "l1-lathe", 1001, T0, T0.AddMinutes(25));                            // flagged
        await InsertStopAsync(database, "l1-lathe", 1002, T0.AddHours(1), T0.AddHours(1).AddMinutes(25), code: 401); // PLC text
        await InsertStopAsync(database, "l1-lathe", 1003, T0.AddHours(2), T0.AddHours(2).AddMinutes(5));   // short
        await InsertStopAsync(database, "l1-lathe", 1004, T0.AddHours(3), T0.AddHours(3).AddMinutes(25));  // classified below
        await InsertStopAsync(database, "l1-mill", 1005, T0.AddHours(4), T0.AddHours(4).AddMinutes(25), micro: true);
        await InsertStopAsync(database, "l1-mill", 1006, app.Clock.GetUtcNow().AddMinutes(-30), null);    // open, flagged
        await OkAsync(ClassifyAsync(client, "l1-lathe", 1004, Classification(Spindle)));

        var line = (await client.GetFromJsonAsync<UnclassifiedStopsResponse>(
            "/api/downtime/unclassified/lines/line-1?from=2026-03-01T00:00:00Z&to=2026-03-02T01:00:00Z"))!;

        Assert.Equal(600, line.UnclassifiedAfterSeconds);
        Assert.Equal([("l1-lathe", 1001L), ("l1-mill", 1006L)], line.Stops.Select(s => (s.MachineId, s.StopId)));
        Assert.All(line.Stops, s => Assert.Equal("none", s.ReasonSource));
        Assert.Null(line.Stops[1].End);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Pareto_Depth_RollsReasonsUpToThatLevel(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();
        await InsertStopAsync(database, "l1-lathe", 1001, T0, T0.AddMinutes(10), code: 101);            // tooling
        await InsertStopAsync(database, "l1-lathe", 1002, T0.AddHours(1), T0.AddHours(1).AddMinutes(5), code: 301); // spindle
        await InsertStopAsync(database, "l1-lathe", 1003, T0.AddHours(2), T0.AddHours(2).AddMinutes(3), code: 201); // starved
        await InsertStopAsync(database, "l1-lathe", 1004, T0.AddHours(3), T0.AddHours(3).AddMinutes(2), code: 401); // text only
        await InsertStopAsync(database, "l1-lathe", 1005, T0.AddHours(4), T0.AddHours(4).AddMinutes(1));           // none

        var level2 = await ParetoAsync(client, extra: "&depth=2");
        var level1 = await ParetoAsync(client, extra: "&depth=1");
        var bad = await client.GetAsync($"/api/downtime/pareto/machines/l1-lathe?{Window}&depth=0");

        Assert.Equal([("unplanned.equipment", 900.0, "reason"), ("unplanned.material", 180.0, "reason"), ("Door opened by operator", 120.0, "plc"), ("unclassified", 60.0, "unclassified")],
            level2.Select(p => (p.Key, p.Seconds, p.Kind)));
        Assert.Equal(["Unplanned", "Equipment failure"], level2[0].Path);
        Assert.Equal(401, level2[2].Code);
        Assert.Equal([("unplanned", 1080.0, 3)], level1.Where(p => p.Kind == "reason").Select(p => (p.Key, p.Seconds, p.Count)));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Classify_StopReportedThroughTheMachine_IsListedWithItsReason(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        (await client.PutAsJsonAsync("/api/machines/l2-press/status", new { state = "Running" })).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var downAt = app.Clock.GetUtcNow();
        (await client.PutAsJsonAsync("/api/machines/l2-press/status", new { state = "Down" })).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromMinutes(20));
        (await client.PutAsJsonAsync("/api/machines/l2-press/status", new { state = "Running" })).EnsureSuccessStatusCode();
        const string window = "from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z";

        var stop = Assert.Single((await client.GetFromJsonAsync<DowntimeEventResponse[]>($"/api/downtime/machines/l2-press?{window}"))!);
        var flaggedBefore = (await client.GetFromJsonAsync<UnclassifiedStopsResponse>($"/api/downtime/unclassified/machines/l2-press?{window}"))!;
        await OkAsync(ClassifyAsync(client, "l2-press", stop.StopId, Classification("unplanned.equipment.hydraulics", why: "oil leak at the cylinder")));
        var flaggedAfter = (await client.GetFromJsonAsync<UnclassifiedStopsResponse>($"/api/downtime/unclassified/machines/l2-press?{window}"))!;
        var listed = Assert.Single((await client.GetFromJsonAsync<DowntimeEventResponse[]>($"/api/downtime/machines/l2-press?{window}"))!);

        Assert.Equal((downAt, downAt.AddMinutes(20), 1200.0), (stop.Start, stop.End, stop.Seconds));
        Assert.Equal(stop.StopId, Assert.Single(flaggedBefore.Stops).StopId);
        Assert.Empty(flaggedAfter.Stops);
        Assert.Equal(("unplanned.equipment.hydraulics", "Hydraulics", "manual"), (listed.ReasonId, listed.Reason, listed.ReasonSource));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Reclassify_APersonsChoice_NeedsTheirSignatureAndIsAudited(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var key = app.CreateClient();
        await InsertStopAsync(database, "l1-lathe", 1001, T0, T0.AddMinutes(30), code: 101);
        using var person = await OperatorAsync(app, "li.wei");

        // Over the PLC's reason: no signature needed. Over a person's: signed by the one acting, or refused.
        await OkAsync(ClassifyAsync(person, "l1-lathe", 1001, Classification(Spindle)));
        var unsigned = await ClassifyAsync(person, "l1-lathe", 1001, Classification(Tooling));
        var byKey = await ClassifyAsync(key, "l1-lathe", 1001, Classification(Tooling, signedBy: "li.wei"));
        var wrong = await ClassifyAsync(person, "l1-lathe", 1001, new { reasonId = Tooling, why = "tool", signature = new { userName = "li.wei", password = "guess" } });
        var signed = await OkAsync(ClassifyAsync(person, "l1-lathe", 1001, Classification(Tooling, why: "insert was chipped", signedBy: "li.wei")));

        Assert.All([unsigned, byKey, wrong], r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Contains("needs an electronic signature", await unsigned.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("An API key cannot sign", await byKey.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, await LedgerRowsAsync(database));
        Assert.Equal([null, "li.wei"], signed.History.Select(h => h.SignedBy));

        var audit = await key.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/audit?entityType=stop&entityId=l1-lathe/1001");
        Assert.Equal(["stop.reclassify", "stop.classify"], audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(("li.wei", "insert was chipped"), (audit[0].GetProperty("signedBy").GetString(), audit[0].GetProperty("why").GetString()));
    }
}
