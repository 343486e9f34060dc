using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmartShop.Server.Andon;
using SmartShop.Server.Tests.Infrastructure;

namespace SmartShop.Server.Tests.Andon;

public sealed class AndonApiTests
{
    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private static Task EscalateAsync(SmartShopApp app) =>
        app.Services.GetServices<IHostedService>().OfType<AndonEscalator>().Single().EscalateAsync(CancellationToken.None);

    [Fact]
    public async Task Call_NobodyAnswers_EscalatesToSupervisorThenManagerUntilAcknowledged()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var hub = await SignalRTestClient.ConnectAsync(app.Server.CreateWebSocketClient(), new Uri(app.Server.BaseAddress, "hubs/plant"), timeout.Token);

        using var raised = await client.PostAsJsonAsync("/api/andon", new { station = "l1-mill", kind = "maintenance", note = "coolant leak" });
        Assert.Equal(HttpStatusCode.Created, raised.StatusCode);
        var call = await Json(raised);
        var id = call.GetProperty("id").GetInt64();
        Assert.Equal(("open", 0), (call.GetProperty("status").GetString(), call.GetProperty("level").GetInt32()));
        Assert.Equal(call.GetProperty("raisedAt").GetDateTimeOffset().AddMinutes(5), call.GetProperty("nextEscalationAt").GetDateTimeOffset());
        Assert.Equal(id, (await hub.NextInvocationAsync("AndonChanged", timeout.Token)).GetProperty("id").GetInt64());

        app.Clock.Advance(TimeSpan.FromMinutes(4));
        await EscalateAsync(app);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/andon"))[0].GetProperty("level").GetInt32());

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await EscalateAsync(app);
        var level1 = (await client.GetFromJsonAsync<JsonElement>("/api/andon"))[0];
        Assert.Equal((1, "supervisor"), (level1.GetProperty("level").GetInt32(), level1.GetProperty("escalatedTo").GetString()));
        Assert.Equal(1, (await hub.NextInvocationAsync("AndonChanged", timeout.Token)).GetProperty("level").GetInt32());

        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await EscalateAsync(app);
        Assert.Equal("manager", (await client.GetFromJsonAsync<JsonElement>("/api/andon"))[0].GetProperty("escalatedTo").GetString());

        using var ack = await client.PostAsync($"/api/andon/{id}/acknowledge", null);
        Assert.Equal("acknowledged", (await Json(ack)).GetProperty("status").GetString());
        using var again = await client.PostAsync($"/api/andon/{id}/acknowledge", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal($"Call {id} is acknowledged by api:tests.", (await Json(again)).GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/andon/{id}/close", new { })).StatusCode);
        using var closed = await client.PostAsJsonAsync($"/api/andon/{id}/close", new { resolution = "hose clamp replaced" });
        var closedCall = await Json(closed);
        Assert.Equal(("closed", "hose clamp replaced"), (closedCall.GetProperty("status").GetString(), closedCall.GetProperty("resolution").GetString()));
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/andon")).EnumerateArray());
        Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/andon?status=closed&station=l1-mill")).EnumerateArray());

        var audit = await client.GetFromJsonAsync<JsonElement>($"/api/audit?entityType=andon&entityId={id}");
        Assert.Equal(["andon.close", "andon.acknowledge", "andon.escalate", "andon.escalate", "andon.raise"], audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task Raise_BadStationOrKind_Is400()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/andon", new { station = "l9-x", kind = "coffee" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["station", "kind"], (await Json(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Handover_NotesOfTheMachineAndItsLine_NewestFirstWithTheirShift()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/handover", new { station = "line-1", text = "Bar stock for SPOOL-25 arrives at 10:00." })).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        using var written = await client.PostAsJsonAsync("/api/handover", new { station = "l1-lathe", text = "Insert changed at 05:40; watch the finish." });
        Assert.Equal(HttpStatusCode.Created, written.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/handover", new { station = "l1-lathe", text = " " })).StatusCode);

        var notes = await client.GetFromJsonAsync<JsonElement>("/api/handover?station=l1-lathe");
        Assert.Equal(["l1-lathe", "line-1"], notes.EnumerateArray().Select(n => n.GetProperty("station").GetString()));
        Assert.False(string.IsNullOrEmpty(notes[0].GetProperty("shiftId").GetString()));
        Assert.Equal("api:tests", notes[0].GetProperty("writtenBy").GetString());
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/handover?station=l2-press")).EnumerateArray());
    }
}
