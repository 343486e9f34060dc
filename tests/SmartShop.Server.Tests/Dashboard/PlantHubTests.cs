using System.Net.Http.Json;
using SmartShop.Server.Tests.Infrastructure;

namespace SmartShop.Server.Tests.Dashboard;

public sealed class PlantHubTests
{
    [Fact]
    public async Task MachineStatusChanged_ReportedState_ReachesConnectedClient()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var http = app.CreateClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var hub = await SignalRTestClient.ConnectAsync(app.Server.CreateWebSocketClient(), new Uri(app.Server.BaseAddress, "hubs/plant"), timeout.Token);

        (await http.PutAsJsonAsync("/api/machines/l1-mill/status", new { state = "Down", reason = "Tool breakage" }, timeout.Token)).EnsureSuccessStatusCode();
        var pushed = await hub.NextInvocationAsync("MachineStatusChanged", timeout.Token);

        Assert.Equal("l1-mill", pushed.GetProperty("machineId").GetString());
        Assert.Equal("Down", pushed.GetProperty("state").GetString());
        Assert.Equal("Tool breakage", pushed.GetProperty("reason").GetString());
        Assert.Equal("manual", pushed.GetProperty("source").GetString());
    }

    [Fact]
    public async Task MachineStatusChanged_RepeatedIdenticalReport_IsPushedOnce()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var http = app.CreateClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var hub = await SignalRTestClient.ConnectAsync(app.Server.CreateWebSocketClient(), new Uri(app.Server.BaseAddress, "hubs/plant"), timeout.Token);

        (await http.PutAsJsonAsync("/api/machines/l1-mill/status", new { state = "Idle" }, timeout.Token)).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync("/api/machines/l1-mill/status", new { state = "Idle" }, timeout.Token)).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync("/api/machines/l1-mill/status", new { state = "Running" }, timeout.Token)).EnsureSuccessStatusCode();

        var first = await hub.NextInvocationAsync("MachineStatusChanged", timeout.Token);
        var second = await hub.NextInvocationAsync("MachineStatusChanged", timeout.Token);
        Assert.Equal(("Idle", "Running"), (first.GetProperty("state").GetString(), second.GetProperty("state").GetString()));
    }
}
