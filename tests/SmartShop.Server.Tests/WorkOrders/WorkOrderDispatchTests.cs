using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartShop.OpcUa.Tests.PlcSim;
using SmartShop.Server.Plc;
using SmartShop.Server.Tests.Infrastructure;
using SmartShop.Server.Tests.Plc;

namespace SmartShop.Server.Tests.WorkOrders;

/// <summary>Orders sent to the real plc-sim over OPC UA (ISA-95 job control) and followed back from its counters.</summary>
public sealed class WorkOrderDispatchTests
{
    // Guards against a hung test, not claims about speed.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(150);

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        using var guard = new CancellationTokenSource(Guard);
        var last = await read();
        while (!done(last))
        {
            if (guard.IsCancellationRequested)
            {
                Assert.Fail($"Timed out waiting for {what}; last: {JsonSerializer.Serialize(last)}");
            }

            await Task.Delay(250, CancellationToken.None);
            last = await read();
        }

        return last;
    }

    private static async Task<HttpClient> SupervisorAsync(SmartShopApp app, HttpClient admin)
    {
        using var created = await admin.PostAsJsonAsync("/api/users", new { userName = "li.na", displayName = "Li Na", roles = new[] { "supervisor" }, password = "supervisor-pass" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "li.na", password = "supervisor-pass" })).StatusCode);
        return client;
    }

    private static readonly object Signature = new { signature = new { userName = "li.na", password = "supervisor-pass" } };

    [Fact]
    public async Task ReleasedOrder_IsDownloadedStartedAndCompletedWhenTheLineOutputCountsItsQuantity()
    {
        await using var plcSim = await PlcSimServer.StartAsync(speed: 20);
        var directory = Directory.CreateTempSubdirectory("smartshop-dispatch-").FullName;
        try
        {
            await using var database = await TestDatabase.CreateAsync("sqlite");
            var settings = PlcConnectorTests.ConnectorSettings(directory);
            settings["WorkOrders:FollowInterval"] = "00:00:00.500";
            await using var app = new SmartShopApp(database, PlcConnectorTests.DemoPlantFor(plcSim.EndpointUrl, directory), realClock: true, settings: settings);
            using var admin = app.CreateClient();
            using var supervisor = await SupervisorAsync(app, admin);
            await PollAsync(() => admin.GetFromJsonAsync<EndpointResponse[]>("/api/plc/endpoints")!, e => e!.Length == 1 && e[0].Connected, "the connector to connect");

            using var created = await admin.PostAsJsonAsync("/api/work-orders", new { id = "WO-SIM-1", product = "SPOOL-20", quantity = 3, unit = "pcs", lineId = "line-1" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

            // Release downloads the job (ISA-95 Store) to the line's four machines; nothing starts yet.
            using var released = await supervisor.PostAsJsonAsync("/api/work-orders/WO-SIM-1/release", Signature);
            Assert.Equal(HttpStatusCode.OK, released.StatusCode);
            var order = await released.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("released", order.GetProperty("status").GetString());
            var dispatch = order.GetProperty("progress").GetProperty("lastDispatch").EnumerateArray().ToList();
            Assert.Equal(["l1-lathe", "l1-mill", "l1-deburr", "l1-cmm"], dispatch.Select(d => d.GetProperty("machineId").GetString()));
            Assert.All(dispatch, d =>
            {
                Assert.Equal(("isa95", "store", true, true), (d.GetProperty("interface").GetString(), d.GetProperty("command").GetString(), d.GetProperty("accepted").GetBoolean(), d.GetProperty("sent").GetBoolean()));
            });

            // Start allows the jobs to run: the machines take them over from their own, and the output counts.
            using var started = await supervisor.PostAsJsonAsync("/api/work-orders/WO-SIM-1/start", new { });
            Assert.Equal(HttpStatusCode.OK, started.StatusCode);
            var running = await PollAsync(
                () => admin.GetFromJsonAsync<JsonElement>("/api/work-orders/WO-SIM-1"),
                o => o.GetProperty("progress").GetProperty("running").GetArrayLength() > 0,
                "a machine to run the job");
            Assert.Equal("running", running.GetProperty("status").GetString());
            Assert.Subset(
                new HashSet<string?> { "l1-lathe", "l1-mill", "l1-deburr", "l1-cmm" },
                running.GetProperty("progress").GetProperty("running").EnumerateArray().Select(m => m.GetString()).ToHashSet());

            var done = await PollAsync(
                () => admin.GetFromJsonAsync<JsonElement>("/api/work-orders/WO-SIM-1"),
                o => o.GetProperty("status").GetString() == "completed",
                "the order to complete at 3 good units");
            Assert.True(done.GetProperty("progress").GetProperty("good").GetInt64() >= 3);
            var last = done.GetProperty("history").EnumerateArray().Last();
            Assert.Equal(("work-order.complete", "system"), (last.GetProperty("action").GetString(), last.GetProperty("userName").GetString()));
            Assert.StartsWith("the output counted ", last.GetProperty("why").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Release_PlcUnreachable_IsRefusedAndChangesNothingThenWorksOnceItIsBack()
    {
        await using var plcSim = await PlcSimServer.StartAsync(speed: 1);
        var directory = Directory.CreateTempSubdirectory("smartshop-dispatch-").FullName;
        try
        {
            await using var database = await TestDatabase.CreateAsync("sqlite");
            await using var app = new SmartShopApp(database, PlcConnectorTests.DemoPlantFor(plcSim.EndpointUrl, directory), realClock: true, settings: PlcConnectorTests.ConnectorSettings(directory));
            using var admin = app.CreateClient();
            using var supervisor = await SupervisorAsync(app, admin);
            await PollAsync(() => admin.GetFromJsonAsync<EndpointResponse[]>("/api/plc/endpoints")!, e => e!.Length == 1 && e[0].Connected, "the connector to connect");
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/work-orders", new { id = "WO-SIM-2", product = "VALVE-CV20", quantity = 10, unit = "pcs", operations = new[] { new { machineId = "l2-press" } } })).StatusCode);

            await plcSim.KillAsync();
            await PollAsync(() => admin.GetFromJsonAsync<EndpointResponse[]>("/api/plc/endpoints")!, e => !e![0].Connected, "the connector to notice");
            using var refused = await supervisor.PostAsJsonAsync("/api/work-orders/WO-SIM-2/release", Signature);
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.StartsWith("Order WO-SIM-2 was not released: l2-press: ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.EndsWith("Nothing was changed.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal("created", (await admin.GetFromJsonAsync<JsonElement>("/api/work-orders/WO-SIM-2")).GetProperty("status").GetString());

            await plcSim.RestartAsync();
            await PollAsync(() => admin.GetFromJsonAsync<EndpointResponse[]>("/api/plc/endpoints")!, e => e![0].Connected, "the connector to reconnect");
            using var released = await supervisor.PostAsJsonAsync("/api/work-orders/WO-SIM-2/release", Signature);
            Assert.Equal(HttpStatusCode.OK, released.StatusCode);

            // Cancelling withdraws the job (Abort) and ends the order whatever the machine answers.
            using var cancel = await supervisor.PostAsJsonAsync("/api/work-orders/WO-SIM-2/cancel", new { why = "customer withdrew" });
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
            var cancelled = await cancel.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
            Assert.Equal("abort", cancelled.GetProperty("progress").GetProperty("lastDispatch")[0].GetProperty("command").GetString());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
