using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartShop.Core.Machines;
using SmartShop.Server.Machines;
using SmartShop.Server.Tests.Infrastructure;

namespace SmartShop.Server.Tests.WorkOrders;

/// <summary>The order list's progress against each order's own page, with machines counting for orders as a PLC reports them.</summary>
public sealed class WorkOrderProgressApiTests
{
    private static async Task<HttpClient> SupervisorAsync(SmartShopApp app, HttpClient admin)
    {
        using var created = await admin.PostAsJsonAsync("/api/users", new { userName = "li.na", displayName = "Li Na", roles = new[] { "supervisor" }, password = "li.na-password" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        using var signIn = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "li.na", password = "li.na-password" });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        return client;
    }

    private static readonly object Signature = new { signature = new { userName = "li.na", password = "li.na-password" } };

    private static MachineSample Number(MachineSignal signal, double value, DateTimeOffset at) => new(signal, value, null, at, at);

    private static MachineSample Job(string orderId, DateTimeOffset at) => new(MachineSignal.JobId, 0, orderId, at, at);

    private static (long Good, long Scrap, decimal Remaining, double Percent) Progress(JsonElement progress) =>
        (progress.GetProperty("good").GetInt64(), progress.GetProperty("scrap").GetInt64(), progress.GetProperty("remaining").GetDecimal(), progress.GetProperty("percent").GetDouble());

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task List_UnitsStoredAndNotYetStored_EachOrderShowsTheProgressOfItsOwnPage(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var admin = app.CreateClient();
        using var supervisor = await SupervisorAsync(app, admin);

        // WO-P1 runs on line 1 (counted at its last machine, the CMM), WO-P2 on the lathe alone; WO-P3 is never
        // released, WO-P4 is cancelled before it is.
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/work-orders", new { id = "WO-P1", product = "SPOOL-20", quantity = 10, unit = "pcs", priority = 1, lineId = "line-1" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/work-orders", new { id = "WO-P2", product = "SPOOL-20", quantity = 4, unit = "pcs", priority = 2, operations = new[] { new { machineId = "l1-lathe" } } })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/work-orders", new { id = "WO-P3", product = "SPOOL-20", quantity = 5, unit = "pcs", priority = 3, lineId = "line-1" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/work-orders", new { id = "WO-P4", product = "SPOOL-20", quantity = 5, unit = "pcs", priority = 4, lineId = "line-1" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsJsonAsync("/api/work-orders/WO-P1/release", Signature)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsJsonAsync("/api/work-orders/WO-P2/release", Signature)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsJsonAsync("/api/work-orders/WO-P4/cancel", new { why = "customer withdrew" })).StatusCode);

        // The CMM (status word: 1 running, 0 idle) measures 5 good and 1 bad of WO-P1, stops (that interval is stored),
        // then 2 more good that only its grain holds yet. The lathe (PackML: 6 Execute) makes 3 of WO-P2, stored, then
        // 4 of WO-P1, which are not WO-P1's output: its finished units leave the line at the CMM.
        var grains = app.Services.GetRequiredService<SmartShop.Grains.IGrainFactory>();
        var cmm = grains.GetGrain<IMachineGrain>("l1-cmm");
        var lathe = grains.GetGrain<IMachineGrain>("l1-lathe");
        var at = app.Clock.GetUtcNow();
        await cmm.ReportSamples(new MachineSampleBatch([Job("WO-P1", at), Number(MachineSignal.State, 1, at), Number(MachineSignal.GoodCount, 100, at), Number(MachineSignal.RejectCount, 20, at)]));
        await lathe.ReportSamples(new MachineSampleBatch([Job("WO-P2", at), Number(MachineSignal.State, 6, at), Number(MachineSignal.GoodCount, 500, at)]));
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        at = app.Clock.GetUtcNow();
        await cmm.ReportSamples(new MachineSampleBatch([Number(MachineSignal.GoodCount, 105, at), Number(MachineSignal.RejectCount, 21, at)]));
        await lathe.ReportSamples(new MachineSampleBatch([Number(MachineSignal.GoodCount, 503, at)]));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        at = app.Clock.GetUtcNow();
        await cmm.ReportSamples(new MachineSampleBatch([Number(MachineSignal.State, 0, at)]));
        await lathe.ReportSamples(new MachineSampleBatch([Job("WO-P1", at)]));
        await cmm.Flush();
        await lathe.Flush();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        at = app.Clock.GetUtcNow();
        await cmm.ReportSamples(new MachineSampleBatch([Number(MachineSignal.State, 1, at)]));
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        at = app.Clock.GetUtcNow();
        await cmm.ReportSamples(new MachineSampleBatch([Number(MachineSignal.GoodCount, 107, at)]));
        await lathe.ReportSamples(new MachineSampleBatch([Number(MachineSignal.GoodCount, 507, at)]));

        var list = (await admin.GetFromJsonAsync<JsonElement>("/api/work-orders")).EnumerateArray()
            .ToDictionary(o => o.GetProperty("id").GetString()!, o => o.GetProperty("progress"));
        Assert.Equal(["WO-P1", "WO-P2", "WO-P3", "WO-P4"], list.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((7L, 1L, 3m, 70.0), Progress(list["WO-P1"]));
        Assert.Equal((3L, 0L, 1m, 75.0), Progress(list["WO-P2"]));
        Assert.Equal(JsonValueKind.Null, list["WO-P3"].ValueKind);
        Assert.Equal((0L, 0L, 5m, 0.0), Progress(list["WO-P4"]));
        foreach (var id in new[] { "WO-P1", "WO-P2", "WO-P3", "WO-P4" })
        {
            var page = (await admin.GetFromJsonAsync<JsonElement>($"/api/work-orders/{id}")).GetProperty("progress");
            Assert.Equal(page.ValueKind, list[id].ValueKind);
            if (page.ValueKind != JsonValueKind.Null)
            {
                Assert.Equal(Progress(page), Progress(list[id]));
            }
        }
    }
}
