using System.Diagnostics;
using System.Globalization;
using SmartShop.OpcUa;
using SmartShop.OpcUa.Client;
using SmartShop.OpcUa.Security;
using SmartShop.OpcUa.Services;

namespace SmartShop.Fleet.Bench;

/// <summary>
/// plc-sim with the synthetic plant and the SmartShop server reading all of it, each in its own process, plus the
/// bench's own OPC UA client to plc-sim (SecurityPolicy None) for the per-machine Simulation methods.
/// </summary>
public sealed class Fleet : IAsyncDisposable
{
    private Fleet(ChildProcess plcSim, string endpoint, ServerProcess server, UaClient control)
    {
        PlcSim = plcSim;
        Endpoint = endpoint;
        Server = server;
        Control = control;
    }

    public ChildProcess PlcSim { get; }

    public string Endpoint { get; }

    public ServerProcess Server { get; }

    public UaClient Control { get; }

    /// <summary>Start-up figures for the report: plc-sim start, server ready, connected, all machines on source plc.</summary>
    public IReadOnlyList<(string What, double Seconds)> StartUp { get; private set; } = [];

    /// <summary>
    /// Starts plc-sim (<c>--synthetic LxM --speed 1</c>), writes the plant file for its endpoint, starts the server on
    /// <paramref name="dataDirectory"/> with the PLCs on, and waits until every machine's status has source plc.
    /// </summary>
    public static async Task<Fleet> StartAsync(BenchContext context, string dataDirectory, string serverName)
    {
        var o = context.Options;
        var clock = Stopwatch.StartNew();
        var steps = new List<(string, double)>();
        var port = BenchContext.FreePort();
        context.Progress($"plc-sim: --synthetic {o.Lines}x{o.PerLine} on port {port} (1,000 machines take about a minute to start)");
        var plcSim = ChildProcess.Start("plc-sim", o.Node,
            [
                Path.Combine(context.Root, "plc-sim", "src", "cli.js"), "--synthetic", $"{o.Lines}x{o.PerLine}", "--port", port.ToString(CultureInfo.InvariantCulture),
                "--seed", o.Seed.ToString(CultureInfo.InvariantCulture), "--speed", "1", "--data-dir", Path.Combine(context.Work, "plc-sim"),
            ],
            context.Root, Path.Combine(context.Logs, "plc-sim.log"), watchStdout: l => l.StartsWith("opc.tcp://", StringComparison.Ordinal));
        ServerProcess? server = null;
        UaClient? control = null;
        try
        {
            var endpoint = (await plcSim.WaitForLineAsync(TimeSpan.FromMinutes(5), context.Cancellation)).Trim();
            steps.Add(("plc-sim listening", clock.Elapsed.TotalSeconds));
            context.Progress($"plc-sim: {endpoint}");

            var plantFile = Path.Combine(context.Work, "fleet-plant.yaml");
            await File.WriteAllTextAsync(plantFile, FleetPlant.Yaml(o.Machines, o.PerLine, endpoint), context.Cancellation);
            var settings = ServerProcess.BaseSettings(plantFile, dataDirectory);
            settings["Plc:Enabled"] = "true";
            settings["Plc:Security"] = o.Security;
            settings["Plc:AutoAcceptUntrusted"] = "true";
            settings["Plc:PublishingInterval"] = ServerProcess.TimeSpanSetting(o.PublishingInterval);
            if (o.SamplingInterval is { } sampling)
            {
                settings["Plc:SamplingInterval"] = ServerProcess.TimeSpanSetting(sampling);
            }

            settings["Plc:PkiPath"] = Path.Combine(context.Work, "server-pki");
            var serverStart = clock.Elapsed.TotalSeconds;
            server = await ServerProcess.StartAsync(context, serverName, settings);
            steps.Add(("server ready (/ready 200)", clock.Elapsed.TotalSeconds - serverStart));
            context.Progress($"server: ready at {server.BaseAddress} after {server.ReadyAfterSeconds:0.0} s");

            control = await UaClient.ConnectAsync(new UaClientOptions
            {
                EndpointUrl = endpoint,
                SecurityPolicy = SecurityPolicy.None,
                SecurityMode = MessageSecurityMode.None,
                AllowInsecure = true,
                PkiPath = Path.Combine(context.Work, "control-pki"),
                AutoAcceptUntrustedServerCertificates = true,
                ApplicationName = "SmartShop fleet bench",
                SessionName = "fleet bench control",
                SessionTimeout = TimeSpan.FromMinutes(30),
            }, TimeProvider.System, context.Cancellation);

            var fleet = new Fleet(plcSim, endpoint, server, control);
            await fleet.WaitAllOnPlcAsync(context, steps, serverStart, clock);
            fleet.StartUp = steps;
            return fleet;
        }
        catch
        {
            if (control is not null)
            {
                await control.DisposeAsync();
            }

            if (server is not null)
            {
                await server.DisposeAsync();
            }

            await plcSim.StopAsync(TimeSpan.FromSeconds(15));
            await plcSim.DisposeAsync();
            throw;
        }
    }

    private async Task WaitAllOnPlcAsync(BenchContext context, List<(string, double)> steps, double serverStart, Stopwatch clock)
    {
        var machines = context.Options.Machines;
        var connectedAt = double.NaN;
        var lastReport = TimeSpan.Zero;
        while (true)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            if (double.IsNaN(connectedAt) && (await Server.EndpointsAsync(context.Cancellation)).Connected)
            {
                connectedAt = clock.Elapsed.TotalSeconds - serverStart;
                steps.Add(("connector: every monitored item created (endpoint connected)", connectedAt));
            }

            var statuses = await Server.StatusesAsync(context.Cancellation);
            var onPlc = statuses.Count(s => s.Source == "plc");
            if (onPlc == machines)
            {
                steps.Add(("every machine's status from the PLC (source plc)", clock.Elapsed.TotalSeconds - serverStart));
                context.Progress($"server: all {machines} machines report source plc");
                return;
            }

            if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(10))
            {
                lastReport = clock.Elapsed;
                context.Progress($"server: {onPlc} of {machines} machines on source plc");
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"Only {onPlc} of {machines} machines reported source plc within 10 minutes.");
            }

            if (PlcSim.HasExited || Server.Process.HasExited)
            {
                throw new InvalidOperationException("plc-sim or the server exited while waiting for the machines.");
            }

            await Task.Delay(1000, context.Cancellation);
        }
    }

    /// <summary>Calls a machine's Simulation method (<c>s=&lt;line&gt;/&lt;machine&gt;/Simulation/&lt;method&gt;</c>).</summary>
    public async Task CallSimulationAsync(string lineId, string machineId, string method, Variant[] arguments, CancellationToken cancellationToken)
    {
        var obj = Control.ResolveNodeId($"nsu={FleetPlant.Namespace};s={lineId}/{machineId}/Simulation");
        var methodId = Control.ResolveNodeId($"nsu={FleetPlant.Namespace};s={lineId}/{machineId}/Simulation/{method}");
        var result = await Control.CallAsync(obj, methodId, arguments, cancellationToken);
        if (!result.StatusCode.IsGood)
        {
            throw new InvalidOperationException($"{machineId} Simulation/{method} failed: {result.StatusCode}.");
        }
    }

    /// <summary>Holds machines in PackML Execute (forced, so they stop simulating and change only when the bench says).</summary>
    public async Task PinRunningAsync(IEnumerable<(string Line, string Machine)> machines, CancellationToken cancellationToken)
    {
        var calls = machines.Select(m => new CallMethodRequest
        {
            ObjectId = Control.ResolveNodeId($"nsu={FleetPlant.Namespace};s={m.Line}/{m.Machine}/Simulation"),
            MethodId = Control.ResolveNodeId($"nsu={FleetPlant.Namespace};s={m.Line}/{m.Machine}/Simulation/ForceState"),
            InputArguments = [new Variant(PackMlExecute), new Variant(0.0)],
        }).ToArray();
        var results = await Control.CallAsync(calls, cancellationToken);
        if (results.FirstOrDefault(r => !r.StatusCode.IsGood) is { } bad)
        {
            throw new InvalidOperationException($"ForceState failed: {bad.StatusCode}.");
        }
    }

    public const int PackMlExecute = 6;

    /// <summary>The stop code InjectFault uses (the station type's 301 Drive fault).</summary>
    public const int FaultCode = 301;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Control.DisposeAsync();
        }
        catch (Exception e) when (e is UaException or IOException or OperationCanceledException)
        {
            // plc-sim may be gone already.
        }

        await Server.DisposeAsync();
        await PlcSim.StopAsync(TimeSpan.FromSeconds(20));
        await PlcSim.DisposeAsync();
    }
}
