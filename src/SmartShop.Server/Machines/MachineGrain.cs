using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using SmartShop.Core.Machines;
using SmartShop.Core.Oee;
using SmartShop.Core.Plant;
using SmartShop.Grains;
using SmartShop.Grains.Concurrency;
using SmartShop.Grains.Runtime;
using SmartShop.Server.Audit;
using SmartShop.Server.Dashboard;
using SmartShop.Server.Oee;
using SmartShop.Server.Plant;

namespace SmartShop.Server.Machines;

/// <summary>One grain per machine, keyed by the machine id from the plant file.</summary>
public interface IMachineGrain : IGrainWithStringKey
{
    [ReadOnly]
    Task<MachineStatus> GetStatus();

    /// <summary>A person reports the machine's state (machines without a PLC connection, or an operator's correction).</summary>
    Task<MachineStatus> ReportState(ReportMachineState command);

    /// <summary>Samples from the PLC (the OPC UA connector), in the order they arrived.</summary>
    Task ReportSamples(MachineSampleBatch batch);

    /// <summary>The connection to the machine's PLC was lost at <paramref name="at"/> (MES clock).</summary>
    Task ReportConnectionLost(DateTimeOffset at, string reason);

    /// <summary>A person classified or split one of the machine's stops: it no longer counts as unclassified.</summary>
    Task StopClassified(long stopId);

    /// <summary>The machine's clock now: the MES clock plus the PLC's offset (its stops and intervals are on this clock).</summary>
    [ReadOnly]
    Task<DateTimeOffset> GetMachineTime();

    /// <summary>The current shift's figures with the unsettled time included.</summary>
    Task<MachineLive> GetLive();

    /// <summary>The machine's time not in the database yet: settled but unsaved intervals, and the unsettled rest up to now.</summary>
    [ReadOnly]
    Task<UnsavedLedger> GetUnsaved();

    /// <summary>Writes the settled ledger and state now (otherwise every <see cref="OeeOptions.FlushInterval"/>).</summary>
    Task Flush();
}

/// <summary>Reported state; immutable, as every grain message.</summary>
/// <param name="By">Who reports it: the report's audit entry is written with it, in one transaction.</param>
public sealed record ReportMachineState(MachineState State, string? Reason, string? By = null);

/// <summary>A batch of one machine's samples; immutable.</summary>
public sealed record MachineSampleBatch(IReadOnlyList<MachineSample> Samples);

/// <summary>
/// A machine: its PLC samples and manual reports go through a <see cref="MachineTracker"/> into the ISO 22400 ledger;
/// every <see cref="OeeOptions.FlushInterval"/> the settled intervals, stops and the tracker's state are written in one
/// transaction (<see cref="LedgerStore"/>), so a crash loses no counted unit and counts none twice. Status changes are
/// pushed to browsers.
/// </summary>
// The grain type is part of every stored state's key: pinned so renaming the class keeps machines' state.
[GrainType("machine")]
public sealed class MachineGrain(
    PlantCatalog catalog,
    LedgerStore store,
    IPlantNotifier notifier,
    IOptions<OeeOptions> options,
    ILogger<MachineGrain> logger,
    TimeProvider clock) : Grain, IMachineGrain
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly List<LedgerInterval> _unsaved = [];
    private readonly List<StopUpdate> _unsavedStops = [];
    private MachineDefinition _machine = null!;
    private MachineTracker _tracker = null!;
    private ShiftTotals _shift;
    private DateTimeOffset _shiftWindowStart = DateTimeOffset.MinValue;
    private string? _manualReason;
    private long _version;
    private DateTimeOffset _savedThrough;
    private bool _dirty;
    private Task _lastSave = Task.CompletedTask;
    private MachineStatus? _lastPushed;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var id = this.GetPrimaryKeyString();
        _machine = catalog.Plant.FindMachine(id) ?? throw new InvalidOperationException($"No machine '{id}' in the plant file.");
        var calendar = catalog.Plant.CalendarForMachine(id)!;
        var now = clock.GetUtcNow();
        var stored = await store.LoadAsync(id, cancellationToken);
        if (stored is null)
        {
            _tracker = new MachineTracker(_machine, calendar, now);
        }
        else
        {
            var state = JsonSerializer.Deserialize<StoredState>(stored.Payload, Json)
                ?? throw new InvalidOperationException($"The stored ledger of machine '{id}' is JSON null.");
            _version = stored.Version;
            _manualReason = state.ManualReason;
            _tracker = new MachineTracker(_machine, calendar, now, state.Tracker);
            _dirty = true;
        }

        _savedThrough = UnsavedSince();
        await LoadShiftAsync(cancellationToken);
        _lastPushed = Current();
        // The flush interleaves with the grain's other turns: while its write waits for the database (SQLite's one
        // writer, shared by a thousand machines), samples keep being applied and state changes pushed. Held in the
        // turn, a slow write delayed a machine's pushed state by seconds (tests/SmartShop.Fleet.Bench/RESULTS.md).
        RegisterGrainTimer(OnTimerAsync, new GrainTimerCreationOptions(options.Value.FlushInterval, options.Value.FlushInterval) { Interleave = true });
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await SaveAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not save the ledger of machine {MachineId} on deactivation", _machine.Id);
        }
    }

    public Task<MachineStatus> GetStatus() => Task.FromResult(Current());

    public async Task<MachineStatus> ReportState(ReportMachineState command)
    {
        var before = Current();
        var reason = string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim();
        if (command.State == before.State && reason == before.Reason && before.Source == MachineStateSource.Manual)
        {
            return before;
        }

        _tracker.ReportManualState(clock.GetUtcNow(), command.State);
        _manualReason = reason;
        if (command.State == before.State)
        {
            // Same state, another reason or source: the status starts again, as a new report.
            _tracker.RestartStatus(clock.GetUtcNow());
        }

        Collect();
        var after = Current();
        var audit = command.By is null ? null : new AuditRecord(command.By, "machine.report-state", "machine", _machine.Id,
            new { state = before.State.ToString(), before.Reason }, new { state = after.State.ToString(), after.Reason });
        await SaveAsync(CancellationToken.None, audit); // an operator's report is written at once, with its audit entry
        await PushIfChangedAsync();
        return Current();
    }

    public async Task ReportSamples(MachineSampleBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _tracker.Apply(batch.Samples);
        _dirty = true; // the open interval's counts and the counter readings changed: the next flush writes them
        if (_tracker.StateSource == MachineStateSource.Plc)
        {
            _manualReason = null;
        }

        Collect();
        notifier.MachineUpdated(_machine.Id);
        await PushIfChangedAsync(); // first: the views learn of a change without waiting for the database
        if (_unsavedStops.Any(s => s.End is null))
        {
            // A stop began: written at once (still in this turn, before the next call), so it can be classified right away.
            await SaveAsync(CancellationToken.None);
        }
    }

    public async Task ReportConnectionLost(DateTimeOffset at, string reason)
    {
        logger.LogWarning("Machine {MachineId}: connection lost ({Reason})", _machine.Id, reason);
        _tracker.ConnectionLost(_tracker.ToMachineTime(at));
        _dirty = true;
        Collect();
        await PushIfChangedAsync();
    }

    public Task<DateTimeOffset> GetMachineTime() => Task.FromResult(_tracker.ToMachineTime(clock.GetUtcNow()));

    public Task StopClassified(long stopId)
    {
        _shift = _shift.MarkClassified(stopId);
        return Task.CompletedTask;
    }

    public Task<MachineLive> GetLive()
    {
        var now = clock.GetUtcNow();
        _tracker.AdvanceTo(now);
        Collect();
        var machineNow = _tracker.ToMachineTime(now);
        var current = catalog.Plant.CalendarForMachine(_machine.Id)!.PeriodAt(machineNow);
        if (current.ShiftId != _shift.ShiftId || current.ProductionDay != _shift.ProductionDay)
        {
            // A new shift began and nothing of it is settled yet (the machine ran through the shift change).
            EnterShiftAt(machineNow);
        }

        var totals = _shift.Totals;
        foreach (var interval in _tracker.Ledger.Unsettled(_tracker.ToMachineTime(now)))
        {
            if (_shift.Contains(interval))
            {
                totals = totals.Add(interval);
            }
        }

        var iso = OeeKpis.From(totals, MicroStopConvention.Iso);
        var threshold = OeeKpis.From(totals, MicroStopConvention.Threshold);
        var health = DataHealth.Evaluate(totals, iso, _tracker.ClockOffset, CounterStale(now), _shift.UnclassifiedStops(_tracker.ToMachineTime(now), options.Value.UnclassifiedAfter));
        var (shiftStart, shiftEnd) = ShiftWindow(_tracker.ToMachineTime(now));
        return Task.FromResult(new MachineLive(
            Current(),
            _tracker.Job,
            _tracker.Ledger.CurrentStopId,
            _shift.ShiftId,
            _shift.ProductionDay,
            shiftStart,
            shiftEnd,
            totals,
            iso,
            threshold,
            health,
            _tracker.LastCountAt,
            _tracker.LastCycleTime,
            _tracker.EnergyKwh));
    }

    public Task<UnsavedLedger> GetUnsaved()
    {
        var now = _tracker.ToMachineTime(clock.GetUtcNow());
        return Task.FromResult(new UnsavedLedger(_savedThrough, [.. _unsaved, .. _tracker.Ledger.Unsettled(now)]));
    }

    public Task Flush() => SaveAsync(CancellationToken.None);

    private async Task OnTimerAsync(CancellationToken cancellationToken)
    {
        _tracker.AdvanceTo(clock.GetUtcNow());
        Collect();
        if (_dirty)
        {
            await SaveAsync(cancellationToken);
        }
    }

    /// <summary>Takes what the ledger settled into the unsaved batch and the shift's running totals.</summary>
    private void Collect()
    {
        var closed = _tracker.Ledger.TakeClosed();
        var stops = _tracker.TakeStops();
        if (closed.Count == 0 && stops.Count == 0)
        {
            return;
        }

        _unsaved.AddRange(closed);
        foreach (var (stop, code) in stops)
        {
            _unsavedStops.Add(new StopUpdate(stop.StopId, stop.Start, stop.End, stop.State, stop.OrderId, stop.MicroStop, code));
        }

        foreach (var interval in closed)
        {
            if (!_shift.Contains(interval))
            {
                if (interval.Start < _shiftWindowStart)
                {
                    continue; // settled late, for a shift already over: it is in the database, not the live figure
                }

                EnterShiftAt(interval.Start);
            }

            _shift = _shift.Add(interval);
        }

        foreach (var (stop, code) in stops)
        {
            _shift = _shift.Track(stop, code);
        }

        _dirty = true;
    }

    /// <summary>
    /// Writes the settled ledger and the tracker's state as they are now. Saves run one after the other (each needs
    /// the version the one before wrote); the timer's save interleaves with other turns, so what it writes is taken
    /// before its first await, and only that is taken off the unsaved lists when the write succeeds: what settles
    /// meanwhile waits for the next save, and <see cref="GetUnsaved"/> stays exact throughout.
    /// </summary>
    private Task SaveAsync(CancellationToken cancellationToken, AuditRecord? audit = null)
    {
        var save = SaveAfterAsync(_lastSave, cancellationToken, audit);
        _lastSave = save;
        return save;
    }

    private async Task SaveAfterAsync(Task previous, CancellationToken cancellationToken, AuditRecord? audit)
    {
        try
        {
            await previous;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // That save's caller has its failure; this one writes everything still unsaved.
        }

        Collect();
        var payload = JsonSerializer.Serialize(new StoredState(_tracker.Snapshot(clock.GetUtcNow()), _manualReason), Json);
        var savedThrough = UnsavedSince();
        LedgerInterval[] intervals = [.. _unsaved];
        StopUpdate[] stops = [.. _unsavedStops];
        _dirty = false; // a sample applied during the write marks it again
        try
        {
            _version = await store.SaveAsync(_machine.Id, payload, _version, intervals, stops, cancellationToken, audit);
        }
        catch
        {
            _dirty = true;
            throw;
        }

        _savedThrough = savedThrough;
        _unsaved.RemoveRange(0, intervals.Length);
        _unsavedStops.RemoveRange(0, stops.Length);
    }

    /// <summary>Where the time not yet written starts: the first stop piece still held, else the open interval.</summary>
    private DateTimeOffset UnsavedSince() => _tracker.Ledger.UnsettledSince;

    /// <summary>Starts the running totals of the shift instance containing <paramref name="at"/> (machine time), empty.</summary>
    private void EnterShiftAt(DateTimeOffset at)
    {
        var period = catalog.Plant.CalendarForMachine(_machine.Id)!.PeriodAt(at);
        _shift = new ShiftTotals(period.ShiftId, period.ProductionDay, OeeTotals.Empty, []);
        _shiftWindowStart = ShiftWindow(at).Start;
    }

    /// <summary>The current shift's settled totals and stops, from the database (after an activation).</summary>
    private async Task LoadShiftAsync(CancellationToken cancellationToken)
    {
        var now = _tracker.ToMachineTime(clock.GetUtcNow());
        EnterShiftAt(now);

        // Only the shift's own rows: its intervals all start in its window (the ledger splits at calendar boundaries),
        // and its stops are the ones those intervals belong to, read by key. Reading two days of intervals and every
        // stop of the machine made each activation cost more with every day of history: a thousand machines starting
        // on 30 days of it ran past the 30 s grain response timeout (tests/SmartShop.Fleet.Bench/RESULTS.md).
        var intervals = await store.IntervalsAsync([_machine.Id], _shiftWindowStart, _tracker.Ledger.OpenSince, cancellationToken);
        var inShift = intervals.Where(_shift.Contains).ToList();
        foreach (var interval in inShift)
        {
            _shift = _shift.Add(interval);
        }

        var stopIds = inShift.Where(i => i.StopId is not null).Select(i => i.StopId!.Value).ToHashSet();
        var stops = await store.StopsByIdAsync(_machine.Id, stopIds, cancellationToken);
        var classified = await store.ClassifiedStopsAsync(_machine.Id, stopIds, cancellationToken);
        foreach (var stop in stops)
        {
            var record = new StopRecord(stop.MachineId, stop.StopId, DateTimeOffset.FromUnixTimeMilliseconds(stop.StartMs),
                stop.EndMs is { } end ? DateTimeOffset.FromUnixTimeMilliseconds(end) : null, (MachineState)stop.State, stop.OrderId, stop.MicroStop);
            _shift = _shift.Track(record, stop.PlcCode);
            if (classified.Contains(stop.StopId))
            {
                _shift = _shift.MarkClassified(stop.StopId);
            }
        }
    }

    /// <summary>The current shift instance (or stretch between shifts): the calendar periods of one shift id and production day around <paramref name="at"/>.</summary>
    private (DateTimeOffset Start, DateTimeOffset End) ShiftWindow(DateTimeOffset at)
    {
        var calendar = catalog.Plant.CalendarForMachine(_machine.Id)!;
        var period = calendar.PeriodAt(at);
        var (start, end) = (period.Start, period.End);
        for (var i = 0; i < 64 && start > DateTimeOffset.MinValue.AddDays(1); i++)
        {
            var before = calendar.PeriodAt(start.AddTicks(-1));
            if (before.ShiftId != period.ShiftId || before.ProductionDay != period.ProductionDay)
            {
                break;
            }

            start = before.Start;
        }

        for (var i = 0; i < 64 && end < DateTimeOffset.MaxValue.AddDays(-1); i++)
        {
            var after = calendar.PeriodAt(end);
            if (after.ShiftId != period.ShiftId || after.ProductionDay != period.ProductionDay)
            {
                break;
            }

            end = after.End;
        }

        return (start, end);
    }

    private bool CounterStale(DateTimeOffset now)
    {
        if (_tracker.State != MachineState.Running || _tracker.Job?.IdealCycleTime is not { } pru)
        {
            return false;
        }

        var limit = pru * options.Value.StaleCounterCycles;
        limit = limit < TimeSpan.FromMinutes(2) ? TimeSpan.FromMinutes(2) : limit;
        var since = _tracker.LastCountAt is { } last && last > _tracker.StateSince ? last : _tracker.StateSince;
        return _tracker.ToMachineTime(now) - since > limit;
    }

    private MachineStatus Current()
    {
        var reason = _tracker.StateSource == MachineStateSource.Manual
            ? _manualReason
            : _tracker.StopCode is { } code ? _machine.StopReasonText(code) ?? $"Code {code}" : null;
        return new MachineStatus(_machine.Id, _tracker.State, _tracker.StateSince, reason, _tracker.StateSource);
    }

    private async Task PushIfChangedAsync()
    {
        var status = Current();
        if (status != _lastPushed)
        {
            _lastPushed = status;
            await notifier.MachineStatusChanged(MachineStatusResponse.From(status));
        }
    }

    /// <summary>The stored payload: the tracker, and the reason of a manual report.</summary>
    private sealed record StoredState(MachineTrackerState Tracker, string? ManualReason);
}

/// <summary>
/// A machine's time not in the database: every stored interval of the machine ends at or before
/// <paramref name="SavedThrough"/>, and <paramref name="Intervals"/> start there (a save between reading the two is
/// harmless: filter the stored ones by <paramref name="SavedThrough"/>).
/// </summary>
public sealed record UnsavedLedger(DateTimeOffset SavedThrough, IReadOnlyList<LedgerInterval> Intervals);

/// <summary>Asking many machine grains for their unsaved ledgers.</summary>
public static class UnsavedLedgers
{
    private const int GrainCallsAtOnce = 16;

    /// <summary>
    /// Each machine's unsaved ledger, in the order given. A few at a time: on a cold server each grain activates here
    /// and reads its shift's rows, and 1,000 asked at once queued past the 30 s grain call timeout (the fleet bench).
    /// </summary>
    public static async Task<UnsavedLedger[]> OfAsync(IGrainFactory grains, IReadOnlyList<string> machines, CancellationToken cancellationToken)
    {
        var unsaved = new UnsavedLedger[machines.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, machines.Count),
            new ParallelOptions { MaxDegreeOfParallelism = GrainCallsAtOnce, CancellationToken = cancellationToken },
            async (i, _) => unsaved[i] = await grains.GetGrain<IMachineGrain>(machines[i]).GetUnsaved());
        return unsaved;
    }
}

/// <summary>A machine's live figures for the current shift.</summary>
public sealed record MachineLive(
    MachineStatus Status,
    JobContext? Job,
    long? StopId,
    string? ShiftId,
    DateOnly ProductionDay,
    DateTimeOffset ShiftStart,
    DateTimeOffset ShiftEnd,
    OeeTotals Totals,
    OeeKpis Iso,
    OeeKpis Threshold,
    DataHealth Health,
    DateTimeOffset? LastCountAt,
    double? LastCycleTime,
    double? EnergyKwh);
