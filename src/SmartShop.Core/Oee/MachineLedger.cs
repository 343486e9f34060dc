using SmartShop.Core.Machines;
using SmartShop.Core.Shifts;

namespace SmartShop.Core.Oee;

/// <summary>A stop (downtime event) as the ledger sees it: opened when a stop state begins, closed when it ends.</summary>
/// <param name="StopId">Per machine, increasing.</param>
/// <param name="End">Null while the stop lasts.</param>
/// <param name="MicroStop">Decided when the stop ends: shorter than the threshold, during an order, down or idle.</param>
public sealed record StopRecord(
    string MachineId,
    long StopId,
    DateTimeOffset Start,
    DateTimeOffset? End,
    MachineState State,
    string? OrderId,
    bool MicroStop);

/// <summary>
/// What a <see cref="MachineLedger"/> needs to carry on after a restart: the open interval and stop, the stop pieces
/// whose minor-stop decision is pending, and the next stop id. Stored with the machine grain's state.
/// </summary>
public sealed record MachineLedgerState(
    DateTimeOffset Start,
    MachineState State,
    JobContext? Job,
    long Good,
    long Scrap,
    long? StopId,
    bool StopStart,
    DateTimeOffset? StopBegan,
    IReadOnlyList<LedgerInterval> PendingStopPieces,
    long NextStopId);

/// <summary>
/// One machine's ISO 22400 time ledger, pure and deterministic: state changes, job changes and counted units go in
/// with their (source) timestamps; closed <see cref="LedgerInterval"/>s and <see cref="StopRecord"/>s come out.
/// Intervals are split at every calendar boundary (shift, break, planned downtime, production day), state change and
/// job change, so every interval has one element, one shift and one product. Events older than the open interval are
/// applied at its start (time never runs backwards in the ledger). Pieces of a stop are held back until it is known
/// whether the stop is a minor stop (it ended under the threshold) or not (it reached the threshold).
/// </summary>
public sealed class MachineLedger
{
    private readonly string _machineId;
    private readonly IShiftCalendar _calendar;
    private readonly TimeSpan _microStopThreshold;
    private readonly List<LedgerInterval> _closed = [];
    private readonly List<StopRecord> _stops = [];
    private readonly List<LedgerInterval> _pending = [];
    private CalendarPeriod _period;
    private DateTimeOffset _start;
    private MachineState _state;
    private JobContext? _job;
    private long _good;
    private long _scrap;
    private long? _stopId;
    private bool _stopStart;
    private DateTimeOffset? _stopBegan;
    private long _nextStopId;

    /// <summary>A new ledger: the machine's state is unknown from <paramref name="start"/> on.</summary>
    public MachineLedger(string machineId, IShiftCalendar calendar, TimeSpan microStopThreshold, DateTimeOffset start, long firstStopId = 1)
        : this(machineId, calendar, microStopThreshold, new MachineLedgerState(start, MachineState.Unknown, null, 0, 0, null, false, null, [], firstStopId))
    {
    }

    /// <summary>A ledger carrying on from a stored <see cref="MachineLedgerState"/>.</summary>
    public MachineLedger(string machineId, IShiftCalendar calendar, TimeSpan microStopThreshold, MachineLedgerState state)
    {
        ArgumentException.ThrowIfNullOrEmpty(machineId);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfLessThan(microStopThreshold, TimeSpan.Zero);
        _machineId = machineId;
        _calendar = calendar;
        _microStopThreshold = microStopThreshold;
        _start = state.Start;
        _state = state.State;
        _job = state.Job;
        _good = state.Good;
        _scrap = state.Scrap;
        _stopId = state.StopId;
        _stopStart = state.StopStart;
        _stopBegan = state.StopBegan;
        _pending.AddRange(state.PendingStopPieces);
        _nextStopId = state.NextStopId;
        _period = calendar.PeriodAt(_start);
    }

    public string MachineId => _machineId;

    /// <summary>The state of the open interval.</summary>
    public MachineState State => _state;

    public JobContext? Job => _job;

    /// <summary>The stop under way, if any.</summary>
    public long? CurrentStopId => _stopId;

    /// <summary>Where the time not yet settled starts: the first stop piece held for the minor-stop decision, else the open interval.</summary>
    public DateTimeOffset UnsettledSince => _pending.Count > 0 ? _pending[0].Start : _start;

    /// <summary>Start of the open interval.</summary>
    public DateTimeOffset OpenSince => _start;

    /// <summary>What to store to carry on after a restart.</summary>
    public MachineLedgerState Snapshot() =>
        new(_start, _state, _job, _good, _scrap, _stopId, _stopStart, _stopBegan, [.. _pending], _nextStopId);

    /// <summary>Closes intervals at the calendar boundaries up to <paramref name="now"/> (call it on a timer, and before reading).</summary>
    public void AdvanceTo(DateTimeOffset now)
    {
        while (_period.End <= now && _period.End > _start)
        {
            var boundary = _period.End;
            CloseOpen(boundary);
            _start = boundary;
            _stopStart = false;
            _period = _calendar.PeriodAt(boundary);
        }
    }

    /// <summary>The machine entered <paramref name="state"/> at <paramref name="at"/>.</summary>
    public void SetState(DateTimeOffset at, MachineState state)
    {
        at = Clamp(at);
        AdvanceTo(at);
        if (state == _state)
        {
            return;
        }

        CloseOpen(at);
        var wasStop = _stopId is not null;
        if (wasStop)
        {
            EndStop(at);
        }

        _start = at;
        _state = state;
        _period = _calendar.PeriodAt(at);
        if (TimeClassifier.IsStop(state))
        {
            _stopId = _nextStopId++;
            _stopStart = true;
            _stopBegan = at;
            _stops.Add(new StopRecord(_machineId, _stopId.Value, at, null, state, _job?.OrderId, false));
        }
    }

    /// <summary>The machine's job changed at <paramref name="at"/> (null: no order active).</summary>
    public void SetJob(DateTimeOffset at, JobContext? job)
    {
        at = Clamp(at);
        AdvanceTo(at);
        if (job == _job || (job is not null && _job is not null && job.OrderId == _job.OrderId && job.ProductId == _job.ProductId))
        {
            _job = job ?? _job;
            return;
        }

        CloseOpen(at);
        _start = at;
        _job = job;
        _stopStart = false;
        _period = _calendar.PeriodAt(at);
    }

    /// <summary>Units counted at <paramref name="at"/> (deltas, from <see cref="CumulativeCounter"/>).</summary>
    public void Count(DateTimeOffset at, long good, long scrap)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(good);
        ArgumentOutOfRangeException.ThrowIfNegative(scrap);
        AdvanceTo(Clamp(at));
        _good += good;
        _scrap += scrap;
    }

    /// <summary>Intervals closed and settled since the last call, in time order; each is returned once.</summary>
    public IReadOnlyList<LedgerInterval> TakeClosed()
    {
        if (_closed.Count == 0)
        {
            return [];
        }

        var result = _closed.ToArray();
        _closed.Clear();
        return result;
    }

    /// <summary>Stops opened or closed since the last call (a stop appears again when it closes); each record once.</summary>
    public IReadOnlyList<StopRecord> TakeStops()
    {
        if (_stops.Count == 0)
        {
            return [];
        }

        var result = _stops.ToArray();
        _stops.Clear();
        return result;
    }

    /// <summary>
    /// The time not settled yet, as intervals: stop pieces waiting for the minor-stop decision, and the open interval up
    /// to <paramref name="now"/> (after <see cref="AdvanceTo"/>). Live figures add these to the settled ones.
    /// </summary>
    public IReadOnlyList<LedgerInterval> Unsettled(DateTimeOffset now)
    {
        AdvanceTo(now);
        var result = new List<LedgerInterval>(_pending.Count + 1);
        result.AddRange(_pending);
        if (now > _start || _good > 0 || _scrap > 0)
        {
            result.Add(Build(now > _start ? now : _start));
        }

        return result;
    }

    private DateTimeOffset Clamp(DateTimeOffset at) => at < _start ? _start : at;

    private LedgerInterval Build(DateTimeOffset end) => new(
        _machineId,
        _start,
        end,
        _state,
        TimeClassifier.Classify(_state, _job is not null, _period.Kind),
        _period.Kind,
        _period.ShiftId,
        _period.ProductionDay,
        _job?.OrderId,
        _job?.ProductId,
        _job?.IdealCycleTime,
        _stopId,
        _stopStart,
        false,
        _good,
        _scrap);

    /// <summary>Closes the open interval at <paramref name="end"/> (dropped when empty: no time and no units).</summary>
    private void CloseOpen(DateTimeOffset end)
    {
        if (end <= _start && _good == 0 && _scrap == 0)
        {
            return;
        }

        var interval = Build(end);
        _good = 0;
        _scrap = 0;
        if (_stopBegan is { } began && end - began < _microStopThreshold && IsMicroStopCandidate(interval))
        {
            // Part of a stop that may yet turn out minor: held until it ends or reaches the threshold.
            _pending.Add(interval);
            return;
        }

        Settle(microStop: false);
        _closed.Add(interval);
    }

    private static bool IsMicroStopCandidate(LedgerInterval interval) => TimeClassifier.IsMinorStopCandidate(interval.State);

    /// <summary>The current stop ended at <paramref name="at"/>: decide whether it was minor, settle its pieces, close its record.</summary>
    private void EndStop(DateTimeOffset at)
    {
        var began = _stopBegan ?? at;
        var micro = at - began < _microStopThreshold
            && TimeClassifier.IsMinorStopCandidate(_state)
            && _pending.Any(p => p.Element == TimeElement.UnitDelayTime);
        Settle(micro);
        _stops.Add(new StopRecord(_machineId, _stopId!.Value, began, at, _state, _job?.OrderId, micro));
        _stopId = null;
        _stopBegan = null;
        _stopStart = false;
    }

    /// <summary>Moves the held stop pieces to the closed ones; delay-time pieces become minor stops if <paramref name="microStop"/>.</summary>
    private void Settle(bool microStop)
    {
        foreach (var piece in _pending)
        {
            _closed.Add(microStop && piece.Element == TimeElement.UnitDelayTime ? piece with { MicroStop = true } : piece);
        }

        _pending.Clear();
    }
}
