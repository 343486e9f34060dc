using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using SmartShop.OpcUa;
using SmartShop.OpcUa.Client;
using SmartShop.OpcUa.Security;
using SmartShop.OpcUa.Services;
using SmartShop.Server.Downtime;
using SmartShop.Server.Oee;
using SmartShop.Server.Plc;
using SmartShop.Server.Tests.Infrastructure;
using SmartShop.Server.Tests.Plc;

namespace SmartShop.Server.Tests.Oee.Scenarios;

/// <summary>PackML state numbers a scenario forces (ISA-TR88.00.02).</summary>
internal static class PackMl
{
    public const int Clearing = 1;
    public const int Stopped = 2;
    public const int Execute = 6;
    public const int Held = 11;
}

/// <summary>PackML unit modes.</summary>
internal static class UnitMode
{
    public const int Production = 1;
    public const int Manual = 3;
}

/// <summary>
/// One scenario: plc-sim with the scenario's plant, paused, driven step by step over OPC UA in simulated time, and the
/// MES (the real server on SQLite, real clock, OPC UA connector) reading it; figures are read back through the HTTP API.
/// Each step moves plc-sim's clock to an exact instant, commands the machine there (so the PLC's source timestamps are
/// that instant), and waits until the MES has applied it before the next step, so every interval the MES books starts
/// and ends at an instant the test chose and the expected figures can be worked out by hand.
/// </summary>
/// <remarks>
/// The MES's notion of the machine's "now" is its own clock plus the PLC's clock offset, so it drifts on in real time
/// while plc-sim is paused. Steps therefore keep clear of calendar boundaries by more than the seconds a step takes,
/// and every scenario ends with a state change after the last shift it reads, so that shift is closed at its end.
/// </remarks>
internal sealed class ScenarioRig : IAsyncDisposable
{
    private const string Ns = "nsu=urn:smartshop:plc-sim;s=";
    private const string MachineNode = ScenarioPlant.Line + "/" + ScenarioPlant.Machine;
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private readonly string _directory;
    private readonly ScenarioPlcSim _plcSim;
    private readonly TestDatabase _database;
    private readonly SmartShopApp _app;
    private readonly HttpClient _http;
    private UaClient _sim;

    private ScenarioRig(string directory, ScenarioPlcSim plcSim, UaClient sim, TestDatabase database, SmartShopApp app, HttpClient http)
    {
        _directory = directory;
        _plcSim = plcSim;
        _sim = sim;
        _database = database;
        _app = app;
        _http = http;
    }

    /// <summary>
    /// The day the scenarios run on, two days after today (UTC). plc-sim's clock must be ahead of the MES's: a machine's
    /// ledger starts when its grain activates (MES clock), and a PLC sample older than that would be booked at its start.
    /// </summary>
    public static DateOnly Day { get; } = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(2);

    /// <summary>An instant of the scenario's day (UTC, which is also the plant's time zone); <paramref name="day"/> days later.</summary>
    public static DateTimeOffset At(int hour, int minute, int second = 0, int day = 0) =>
        new(Day.AddDays(day).ToDateTime(new TimeOnly(hour, minute, second)), TimeSpan.Zero);

    /// <summary>The production day <paramref name="day"/> days after <see cref="Day"/>, as the API spells it.</summary>
    public static string DayKey(int day = 0) => Day.AddDays(day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>plc-sim's simulated clock (paused between steps).</summary>
    public DateTimeOffset SimTime { get; private set; }

    /// <summary>
    /// Starts plc-sim at <paramref name="simStart"/> (running <paramref name="startScenario"/>, e.g. to preset counters
    /// before the MES's first reading) and pauses it, then the MES, and waits until the MES reads the idle machine.
    /// </summary>
    public static async Task<ScenarioRig> StartAsync(ScenarioPlant plant, DateTimeOffset simStart, string? startScenario = null)
    {
        var directory = Directory.CreateTempSubdirectory("smartshop-scenario-").FullName;
        var plcPlant = Path.Combine(directory, "plc-sim-plant.yaml");
        await File.WriteAllTextAsync(plcPlant, plant.PlcSimYaml());
        var plcSim = await ScenarioPlcSim.StartAsync(plcPlant, simStart, Path.Combine(directory, "plc-sim"), startScenario);
        ScenarioRig? rig = null;
        try
        {
            var sim = await ConnectAsync(plcSim.EndpointUrl, directory);
            await CallAsync(sim, "Simulation", "Pause");

            var mesPlant = Path.Combine(directory, "plant.yaml");
            await File.WriteAllTextAsync(mesPlant, plant.MesYaml(plcSim.EndpointUrl));
            var database = await TestDatabase.CreateAsync("sqlite");
            var app = new SmartShopApp(database, mesPlant, realClock: true, settings: PlcConnectorTests.ConnectorSettings(directory));
            rig = new ScenarioRig(directory, plcSim, sim, database, app, app.CreateClient());
            rig.SimTime = await rig.ReadSimTimeAsync();
            await rig.WaitAsync(l => l.Status.Source == "plc" && l.Status.State == "Idle", "the MES to read the idle machine");
            return rig;
        }
        catch
        {
            if (rig is not null)
            {
                await rig.DisposeAsync();
            }
            else
            {
                await plcSim.DisposeAsync();
                Directory.Delete(directory, recursive: true);
            }

            throw;
        }
    }

    /// <summary>Moves plc-sim's paused clock forward to exactly <paramref name="at"/>.</summary>
    public async Task AdvanceToAsync(DateTimeOffset at)
    {
        if (at < SimTime)
        {
            throw new InvalidOperationException($"plc-sim is at {SimTime:O} already, after {at:O}.");
        }

        if (at > SimTime)
        {
            // plc-sim keeps whole milliseconds and floors: half a millisecond more lands exactly on the instant.
            await CallAsync(_sim, "Simulation", "AdvanceSeconds", new Variant((at - SimTime).TotalSeconds + 0.0005));
        }

        SimTime = await ReadSimTimeAsync();
        Assert.Equal(at, SimTime);
    }

    /// <summary>
    /// Runs plc-sim actions (scenario step actions such as <c>clearFault: true</c>) on the machine at once, in one turn of
    /// plc-sim's loop, so that no simulation step can come between them: a job started and forced into Execute before
    /// plc-sim starts a cycle of its own, a repaired fault forced into Execute before the machine restarts by itself.
    /// </summary>
    public async Task ActAsync(params string[] actions)
    {
        var yaml = "scenario: test step\nsteps:\n" + string.Concat(actions.Select(a => $"  - {{ at: 0, machine: {ScenarioPlant.Machine}, {a} }}\n"));
        var result = await _sim.CallAsync(
            _sim.ResolveNodeId(Ns + "Simulation"), _sim.ResolveNodeId(Ns + "Simulation/LoadScenario"), [new Variant(yaml)]);
        Assert.True(result.StatusCode.IsGood, $"plc-sim LoadScenario: {result.StatusCode}\n{yaml}");
    }

    /// <summary>Starts order <paramref name="jobId"/> for <paramref name="product"/> and holds the machine in Execute (plc-sim making no parts of its own).</summary>
    public Task StartJobRunningAsync(string jobId, string product) =>
        ActAsync($"startJob: {{ jobOrderId: {jobId}, product: {product} }}", $"forceState: {{ state: {PackMl.Execute} }}");

    /// <summary>Ends the active fault and holds the machine in Execute.</summary>
    public Task RepairAsync() => ActAsync("clearFault: true", $"forceState: {{ state: {PackMl.Execute} }}");

    /// <summary>Shows PackML <paramref name="state"/> until told otherwise (plc-sim stops simulating the machine).</summary>
    public Task ForceStateAsync(int state) => CallAsync(_sim, MachineNode + "/Simulation", "ForceState", new Variant(state), new Variant(0.0));

    /// <summary>Aborts the machine with fault <paramref name="code"/> (PackML Aborted, StopReason = code) until <see cref="RepairAsync"/>.</summary>
    public Task InjectFaultAsync(int code) => CallAsync(_sim, MachineNode + "/Simulation", "InjectFault", new Variant(code), new Variant(0.0));

    /// <summary>Presets the PLC's cumulative UInt32 counters.</summary>
    public Task SetCountersAsync(uint good, uint reject) => CallAsync(_sim, MachineNode + "/Simulation", "SetCounters", new Variant(good), new Variant(reject));

    public Task ResetCountersAsync() => CallAsync(_sim, MachineNode + "/Simulation", "ResetCounters");

    public Task SetUnitModeAsync(int mode) => CallAsync(_sim, MachineNode + "/Simulation", "SetUnitMode", new Variant(mode));

    /// <summary>Reads a string node of the machine in plc-sim (e.g. CurrentJob/JobOrderId).</summary>
    public async Task<string?> ReadSimTextAsync(string relativePath)
    {
        var values = await _sim.ReadAsync([new ReadValueId { NodeId = _sim.ResolveNodeId(Ns + MachineNode + "/" + relativePath) }]);
        return values[0].Value.TryGetValue(out string? text) ? text : null;
    }

    /// <summary>Waits until plc-sim itself shows <paramref name="expected"/> at <paramref name="relativePath"/> (its chained transitions run on its next tick).</summary>
    public async Task WaitSimTextAsync(string relativePath, string expected)
    {
        using var guard = new CancellationTokenSource(Guard);
        while (await ReadSimTextAsync(relativePath) != expected)
        {
            if (guard.IsCancellationRequested)
            {
                Assert.Fail($"Timed out waiting for plc-sim's {relativePath} to be {expected}; it is {await ReadSimTextAsync(relativePath)}.");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    /// <summary>Waits until the MES shows the machine in <paramref name="state"/> since exactly <paramref name="since"/> (and with <paramref name="order"/>).</summary>
    public Task<MachineLiveResponse> ExpectStateAsync(string state, DateTimeOffset since, string? order = null) =>
        WaitAsync(
            l => l.Status.State == state && l.Status.Since == since && (order is null || l.OrderId == order),
            $"the MES to show {state} since {since:O}{(order is null ? "" : $" for order {order}")}");

    /// <summary>
    /// Sets the PLC's counters at <paramref name="at"/> and waits until the MES has counted them there: from
    /// <paramref name="since"/> on (a shift start) it then has <paramref name="good"/> and <paramref name="scrap"/> units.
    /// Both counters are sampled on their own, so waiting for one is not enough; history is asked rather than the live
    /// figure, which lags behind a shift change (see LiveShiftScenarioTests).
    /// </summary>
    public async Task CountAsync(DateTimeOffset at, uint goodCount, uint rejectCount, DateTimeOffset since, long good, long scrap)
    {
        await AdvanceToAsync(at);
        await SetCountersAsync(goodCount, rejectCount);
        await WaitAsync(l => l.LastCountAt == at, $"the MES to count units at {at:O}");
        await ExpectTotalsAsync(since, good, scrap);
    }

    /// <summary>Waits until the MES has <paramref name="good"/> and <paramref name="scrap"/> units from <paramref name="since"/> on (history, unsettled time included).</summary>
    public async Task ExpectTotalsAsync(DateTimeOffset since, long good, long scrap)
    {
        using var guard = new CancellationTokenSource(Guard);
        var q = (await FigureAsync(since, SimTime.AddDays(1))).Quantities;
        while (q.Good != good || q.Scrap != scrap)
        {
            if (guard.IsCancellationRequested)
            {
                Assert.Fail($"Timed out waiting for the MES to have {good} good and {scrap} scrap since {since:O}; last: {JsonSerializer.Serialize(q)}");
            }

            await Task.Delay(50, CancellationToken.None);
            q = (await FigureAsync(since, SimTime.AddDays(1))).Quantities;
        }
    }

    public async Task<MachineLiveResponse> WaitAsync(Func<MachineLiveResponse, bool> condition, string what)
    {
        using var guard = new CancellationTokenSource(Guard);
        var live = await LiveAsync();
        while (!condition(live))
        {
            if (guard.IsCancellationRequested)
            {
                Assert.Fail($"Timed out waiting for {what}; last: {JsonSerializer.Serialize(live)}");
            }

            await Task.Delay(50, CancellationToken.None);
            live = await LiveAsync();
        }

        return live;
    }

    public async Task<MachineLiveResponse> LiveAsync() =>
        (await _http.GetFromJsonAsync<MachineLiveResponse>($"/api/machines/{ScenarioPlant.Machine}/live"))!;

    /// <summary>GET /api/oee/machines/m1: stored and not yet stored ledger between the instants.</summary>
    public async Task<OeeHistory> HistoryAsync(DateTimeOffset from, DateTimeOffset to, string groupBy = "none") =>
        (await _http.GetFromJsonAsync<OeeHistory>($"/api/oee/machines/{ScenarioPlant.Machine}?from={Q(from)}&to={Q(to)}&groupBy={groupBy}"))!;

    /// <summary>The single group of an ungrouped history query.</summary>
    public async Task<OeeFigure> FigureAsync(DateTimeOffset from, DateTimeOffset to) => Assert.Single((await HistoryAsync(from, to)).Groups).Figure;

    /// <summary>GET /api/machines/m1/timeline, once the ledger up to <paramref name="to"/> is in the database (it reads only stored intervals).</summary>
    public async Task<TimelineEntry[]> TimelineAsync(DateTimeOffset from, DateTimeOffset to)
    {
        using var guard = new CancellationTokenSource(Guard);
        while (true)
        {
            var timeline = (await _http.GetFromJsonAsync<TimelineEntry[]>($"/api/machines/{ScenarioPlant.Machine}/timeline?from={Q(from)}&to={Q(to)}"))!;
            if (timeline.Length > 0 && timeline[0].Start == from && timeline[^1].End == to)
            {
                return timeline;
            }

            if (guard.IsCancellationRequested)
            {
                Assert.Fail($"Timed out waiting for the stored timeline to reach {to:O}; last: {JsonSerializer.Serialize(timeline)}");
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    /// <summary>GET /api/downtime/machines/m1, after the stored timeline has reached <paramref name="to"/> (stops are stored with their intervals).</summary>
    public async Task<DowntimeEventResponse[]> DowntimeAsync(DateTimeOffset from, DateTimeOffset to)
    {
        await TimelineAsync(from, to);
        return await DowntimeNowAsync(from, to);
    }

    /// <summary>GET /api/downtime/machines/m1 as it is now (stops are stored with the intervals closed when they began and ended).</summary>
    public async Task<DowntimeEventResponse[]> DowntimeNowAsync(DateTimeOffset from, DateTimeOffset to) =>
        (await _http.GetFromJsonAsync<DowntimeEventResponse[]>($"/api/downtime/machines/{ScenarioPlant.Machine}?from={Q(from)}&to={Q(to)}"))!;

    /// <summary>Kills plc-sim (SIGKILL) and waits until the MES shows the machine disconnected.</summary>
    public async Task KillPlcAsync()
    {
        await _sim.DisposeAsync();
        await _plcSim.KillAsync();
        await WaitAsync(l => l.Status.State == "Disconnected", "the MES to notice the connection loss");
    }

    /// <summary>
    /// Starts plc-sim again with its clock at <paramref name="start"/>, running <paramref name="scenarioYaml"/> from that
    /// instant, pauses it, and waits until the MES is connected again.
    /// </summary>
    public async Task RestartPlcAsync(DateTimeOffset start, string scenarioYaml)
    {
        await _plcSim.RestartAsync(start, scenarioYaml);
        _sim = await ConnectAsync(_plcSim.EndpointUrl, _directory);
        await CallAsync(_sim, "Simulation", "Pause");
        SimTime = await ReadSimTimeAsync();
    }

    public async Task<EndpointResponse> EndpointAsync() =>
        Assert.Single((await _http.GetFromJsonAsync<EndpointResponse[]>("/api/plc/endpoints"))!);

    private async Task<DateTimeOffset> ReadSimTimeAsync()
    {
        var values = await _sim.ReadAsync([new ReadValueId { NodeId = _sim.ResolveNodeId(Ns + "Simulation/SimulatedTime") }]);
        Assert.True(values[0].Value.TryGetValue(out UaDateTime time), "Simulation/SimulatedTime is not a DateTime");
        return time.ToDateTimeOffset();
    }

    private static async Task<UaClient> ConnectAsync(string endpointUrl, string directory) =>
        await UaClient.ConnectAsync(new UaClientOptions
        {
            EndpointUrl = endpointUrl,
            PkiPath = Path.Combine(directory, "test-pki"),
            SecurityPolicy = SecurityPolicy.None,
            SecurityMode = MessageSecurityMode.None,
            AllowInsecure = true,
            Reconnect = false,
        }, TimeProvider.System);

    private static async Task CallAsync(UaClient sim, string objectPath, string method, params Variant[] inputs)
    {
        var result = await sim.CallAsync(sim.ResolveNodeId(Ns + objectPath), sim.ResolveNodeId($"{Ns}{objectPath}/{method}"), inputs);
        Assert.True(result.StatusCode.IsGood, $"plc-sim {objectPath}/{method}: {result.StatusCode}");
    }

    private static string Q(DateTimeOffset instant) => Uri.EscapeDataString(instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
        await _sim.DisposeAsync();
        await _plcSim.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A certificate file may still be held for a moment; it is a temp folder.
        }
    }
}
