using System.Net.Http.Json;
using System.Text.Json;
using SmartShop.OpcUa.Tests.PlcSim;
using SmartShop.Server.Oee;
using SmartShop.Server.Plc;
using SmartShop.Server.Tests.Infrastructure;

namespace SmartShop.Server.Tests.Plc;

/// <summary>The MES reading the real plc-sim over OPC UA: machines' states and counts reach the grains and the ledger.</summary>
public sealed class PlcConnectorTests
{
    // Guards against a hung test, not claims about speed.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(90);

    /// <summary>The demo plant file with its endpoints moved to where the test's plc-sim listens.</summary>
    internal static string DemoPlantFor(string endpointUrl, string directory)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "SmartShop.sln")))
        {
            root = Path.GetDirectoryName(root)!;
        }

        var text = File.ReadAllText(Path.Combine(root, "deploy", "plants", "demo.yaml"))
            .Replace("opc.tcp://127.0.0.1:4840", endpointUrl, StringComparison.Ordinal);
        var path = Path.Combine(directory, "plant.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    internal static Dictionary<string, string> ConnectorSettings(string dataDirectory) => new()
    {
        ["Plc:Enabled"] = "true",
        ["Plc:Security"] = "signandencrypt",
        ["Plc:AutoAcceptUntrusted"] = "true",
        ["Plc:PublishingInterval"] = "00:00:00.200",
        ["Plc:PkiPath"] = Path.Combine(dataDirectory, "pki"),
        ["Oee:FlushInterval"] = "00:00:01",
    };

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

            await Task.Delay(200, CancellationToken.None);
            last = await read();
        }

        return last;
    }

    [Fact]
    public async Task DemoPlant_PlcSimRunning_MachinesRunAndCountThroughTheLedger()
    {
        await using var plcSim = await PlcSimServer.StartAsync(speed: 20);
        var directory = Directory.CreateTempSubdirectory("smartshop-connector-").FullName;
        try
        {
            await using var database = await TestDatabase.CreateAsync("sqlite");
            await using var app = new SmartShopApp(database, DemoPlantFor(plcSim.EndpointUrl, directory), realClock: true, settings: ConnectorSettings(directory));
            using var client = app.CreateClient();

            var endpoints = await PollAsync(
                () => client.GetFromJsonAsync<EndpointResponse[]>("/api/plc/endpoints")!,
                e => e!.Length == 1 && e[0].Connected && e[0].SamplesReceived > 0,
                "the connector to connect");
            Assert.Equal(85, endpoints![0].SubscribedSignals); // 8 machines × 10 read signals, and the unit mode of the 5 PackML ones
            Assert.Equal(8, endpoints[0].MachineIds.Count);

            var live = await PollAsync(
                () => client.GetFromJsonAsync<MachineLiveResponse>("/api/machines/l2-press/live")!,
                // Counted inside planned time or outside it, as the demo calendar says of the simulator's (accelerated) time.
                l => l!.Status.Source == "plc" && l.Figure.Quantities.Good + l.Figure.Quantities.NotPlanned > 0,
                "the press to count good parts");
            Assert.True(live!.Figure.Elements.Pot + live.Figure.Elements.NotPlanned > 0);
            Assert.Equal("plc", live.Status.Source);

            // The settled ledger reaches the database in batches; history sees it.
            var from = TimeProvider.System.GetUtcNow().AddDays(-1).ToString("O");
            var to = TimeProvider.System.GetUtcNow().AddDays(30).ToString("O"); // plc-sim's clock runs 20 × faster
            var history = await PollAsync(
                () => client.GetFromJsonAsync<OeeHistory>($"/api/oee/machines/l2-press?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}")!,
                h => h!.Groups.Single().Figure.Quantities is var q && q.Good + q.NotPlanned > 0,
                "settled intervals with counts in the database");
            Assert.Equal(["l2-press"], history!.CountedMachines);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
