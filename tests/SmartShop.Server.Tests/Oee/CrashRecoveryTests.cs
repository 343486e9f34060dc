using System.Net.Http.Json;
using SmartShop.OpcUa;
using SmartShop.OpcUa.Client;
using SmartShop.OpcUa.Security;
using SmartShop.OpcUa.Services;
using SmartShop.OpcUa.Tests.PlcSim;
using SmartShop.Server.Oee;
using SmartShop.Server.Tests.Infrastructure;
using SmartShop.Server.Tests.Plc;

namespace SmartShop.Server.Tests.Oee;

/// <summary>
/// The server killed with SIGKILL while plc-sim keeps producing, then started again: every unit the PLC counted is in
/// the MES exactly once, and the time the MES was down shows as no data.
/// </summary>
public sealed class CrashRecoveryTests
{
    private const string Ns = "nsu=urn:smartshop:plc-sim;s=";
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ServerKilledMidProduction_RestartedOnSameDatabase_NoUnitLostOrCountedTwice_GapIsNoData()
    {
        await using var plcSim = await PlcSimServer.StartAsync(speed: 50);
        var directory = Directory.CreateTempSubdirectory("smartshop-crash-").FullName;
        try
        {
            await using var sim = await UaClient.ConnectAsync(new UaClientOptions
            {
                EndpointUrl = plcSim.EndpointUrl,
                PkiPath = Path.Combine(directory, "test-pki"),
                SecurityPolicy = SecurityPolicy.None,
                SecurityMode = MessageSecurityMode.None,
                AllowInsecure = true,
            }, TimeProvider.System);
            await CallAsync(sim, "Simulation", "Simulation/Pause");
            var (good0, reject0) = await CountersAsync(sim);

            var settings = new Dictionary<string, string>(PlcConnectorTests.ConnectorSettings(directory))
            {
                ["SmartShop:PlantFile"] = PlcConnectorTests.DemoPlantFor(plcSim.EndpointUrl, directory),
            };
            await using var server = await SmartShopServer.StartAsync(directory, settings);
            using var http = new HttpClient { BaseAddress = server.BaseAddress }.AsAdmin();

            // The MES has read the baseline; then production runs, and the server dies mid-way.
            await WaitAsync(async () => (await Live(http)).Status.Source == "plc", "the first readings", server);
            await CallAsync(sim, "Simulation", "Simulation/Resume");
            await WaitAsync(async () => await MesUnitsAsync(http) > 0, "units counted before the crash", server);
            await Task.Delay(2500); // flushed at least once, and some units unsaved
            await server.KillAsync();
            await Task.Delay(3000); // the PLC counts on while the MES is down
            await server.RestartAsync();
            await WaitAsync(async () => (await Live(http)).Status is { Source: "plc", State: not "Disconnected" }, "the readings after the restart", server);
            await Task.Delay(2000);

            await CallAsync(sim, "Simulation", "Simulation/Pause");
            var (good1, reject1) = await CountersAsync(sim);
            var expected = (long)(good1 - good0 + reject1 - reject0);
            Assert.True(expected > 0, "plc-sim produced nothing");
            await WaitAsync(async () => await MesUnitsAsync(http) == expected, $"the MES to count exactly {expected} units", server, async () => $"MES has {await MesUnitsAsync(http)}");

            var history = await HistoryAsync(http);
            var elements = history.Groups.Single().Figure.Elements;
            Assert.True(elements.NoData + elements.NotPlanned > 0 || elements.NoData > 0, "the time the MES was down is missing");

            // The MES's downtime is on the timeline as Disconnected (no data, or outside planned time on a day without
            // shifts), between the counted intervals.
            var from = Uri.EscapeDataString(TimeProvider.System.GetUtcNow().AddDays(-1).ToString("O"));
            var to = Uri.EscapeDataString(TimeProvider.System.GetUtcNow().AddDays(60).ToString("O"));
            var timeline = await http.GetFromJsonAsync<TimelineEntry[]>($"/api/machines/l2-press/timeline?from={from}&to={to}");
            Assert.Contains(timeline!, i => i.State == "Disconnected" && i.End > i.Start);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Task<MachineLiveResponse> Live(HttpClient http) => http.GetFromJsonAsync<MachineLiveResponse>("/api/machines/l2-press/live")!;

    private static async Task<OeeHistory> HistoryAsync(HttpClient http)
    {
        // plc-sim's simulated clock runs 50 × faster: the window reaches well ahead.
        var from = Uri.EscapeDataString(TimeProvider.System.GetUtcNow().AddDays(-1).ToString("O"));
        var to = Uri.EscapeDataString(TimeProvider.System.GetUtcNow().AddDays(60).ToString("O"));
        return (await http.GetFromJsonAsync<OeeHistory>($"/api/oee/machines/l2-press?from={from}&to={to}"))!;
    }

    /// <summary>Every unit of the press the MES has, in planned time or not.</summary>
    private static async Task<long> MesUnitsAsync(HttpClient http)
    {
        var q = (await HistoryAsync(http)).Groups.Single().Figure.Quantities;
        return q.Produced + q.NotPlanned;
    }

    private static async Task<(uint Good, uint Reject)> CountersAsync(UaClient sim)
    {
        var values = await sim.ReadAsync(
        [
            new ReadValueId { NodeId = sim.ResolveNodeId(Ns + "line-2/l2-press/GoodCount") },
            new ReadValueId { NodeId = sim.ResolveNodeId(Ns + "line-2/l2-press/RejectCount") },
        ]);
        Assert.True(values[0].Value.TryGetValue(out uint good));
        Assert.True(values[1].Value.TryGetValue(out uint reject));
        return (good, reject);
    }

    private static async Task CallAsync(UaClient sim, string objectId, string methodId)
    {
        var result = await sim.CallAsync(sim.ResolveNodeId(Ns + objectId), sim.ResolveNodeId(Ns + methodId), []);
        Assert.True(result.StatusCode.IsGood, result.StatusCode.ToString());
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what, SmartShopServer server, Func<Task<string>>? detail = null)
    {
        using var guard = new CancellationTokenSource(Guard);
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Restarting.
            }

            if (guard.IsCancellationRequested)
            {
                Assert.Fail($"Timed out waiting for {what}. {(detail is null ? "" : await detail())}\n{server.Output}");
            }

            await Task.Delay(200, CancellationToken.None);
        }
    }
}
