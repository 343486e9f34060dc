using SmartShop.Core.Machines;
using SmartShop.Core.Plant;
using SmartShop.Core.Shifts;

namespace SmartShop.Core.Oee;

/// <summary>What a <see cref="MachineTracker"/> stores to carry on after a restart.</summary>
public sealed record MachineTrackerState(
    MachineLedgerState Ledger,
    CumulativeCounter GoodCounter,
    CumulativeCounter ScrapCounter,
    int? RawState,
    int? Mode,
    string? JobId,
    string? Product,
    int? StopCode,
    MachineStateSource StateSource,
    DateTimeOffset StateSince,
    DateTimeOffset? LastSampleAt,
    TimeSpan ClockOffset,
    DateTimeOffset? LastCountAt,
    double? LastCycleTime,
    double? EnergyKwh,
    DateTimeOffset SavedAt,
    bool Starved = false,
    bool Blocked = false);

/// <summary>
/// Turns a machine's PLC samples (and manual reports) into its ISO 22400 ledger: raw state through the state model,
/// cumulative counters into units, the PLC's job into job context, stop-reason codes onto the current stop. Time is
/// the PLC's: samples apply at their source timestamp, and the tracker's notion of "now" is the MES clock plus the
/// offset last seen between source time and arrival (so an accelerated simulator or a PLC with a skewed clock stays
/// consistent; the offset is reported as clock skew). Pure and deterministic: the grain around it does the I/O.
/// </summary>
public sealed class MachineTracker
{
    private readonly MachineDefinition _machine;
    private readonly MachineLedger _ledger;
    private readonly List<StopRecord> _stopsWithCodes = [];
    private readonly Dictionary<long, int> _codes = [];
    private CumulativeCounter _good;
    private CumulativeCounter _scrap;
    private int? _raw;
    private int? _mode;
    private string? _jobId;
    private string? _product;
    private int? _stopCode;
    private bool _starved;
    private bool _blocked;
    private bool _goodAfterGap;
    private bool _scrapAfterGap;

    public MachineTracker(MachineDefinition machine, IShiftCalendar calendar, DateTimeOffset now, MachineTrackerState? restored = null)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(calendar);
        _machine = machine;
        if (restored is null)
        {
            _ledger = new MachineLedger(machine.Id, calendar, machine.MicroStopThreshold, now);
            _good = new CumulativeCounter(null);
            _scrap = new CumulativeCounter(null);
            StateSince = now;
            return;
        }

        _ledger = new MachineLedger(machine.Id, calendar, machine.MicroStopThreshold, restored.Ledger);
        _good = restored.GoodCounter;
        _scrap = restored.ScrapCounter;
        _raw = restored.RawState;
        _mode = restored.Mode;
        _jobId = restored.JobId;
        _product = restored.Product;
        _stopCode = restored.StopCode;
        StateSource = restored.StateSource;
        StateSince = restored.StateSince;
        LastSampleAt = restored.LastSampleAt;
        ClockOffset = restored.ClockOffset;
        LastCountAt = restored.LastCountAt;
        LastCycleTime = restored.LastCycleTime;
        EnergyKwh = restored.EnergyKwh;
        _starved = restored.Starved;
        _blocked = restored.Blocked;

        // The MES did not watch the machine from the last save until now: for a PLC-connected machine that time has no
        // data, and the next counter readings reconcile what was made meanwhile. A state reported by hand stands.
        if (restored.StateSource == MachineStateSource.Plc)
        {
            ConnectionLost(restored.SavedAt);
        }
    }

    public string MachineId => _machine.Id;

    public MachineLedger Ledger => _ledger;

    public MachineState State => _ledger.State;

    public MachineStateSource StateSource { get; private set; }

    /// <summary>When the current state began (machine time).</summary>
    public DateTimeOffset StateSince { get; private set; }

    public JobContext? Job => _ledger.Job;

    /// <summary>The PLC's stop-reason code of the current stop (null when running or none was given).</summary>
    public int? StopCode => _stopCode;

    /// <summary>Source time of the last sample.</summary>
    public DateTimeOffset? LastSampleAt { get; private set; }

    /// <summary>Source time minus arrival time of the newest sample: the PLC's clock skew (or the simulator's acceleration).</summary>
    public TimeSpan ClockOffset { get; private set; }

    /// <summary>When a counter last moved (machine time).</summary>
    public DateTimeOffset? LastCountAt { get; private set; }

    public double? LastCycleTime { get; private set; }

    public double? EnergyKwh { get; private set; }

    /// <summary>The machine's clock for an instant of the MES clock.</summary>
    public DateTimeOffset ToMachineTime(DateTimeOffset now) => now + ClockOffset;

    /// <summary>What to store at <paramref name="now"/> (MES clock) to carry on after a restart.</summary>
    public MachineTrackerState Snapshot(DateTimeOffset now) => new(
        _ledger.Snapshot(), _good, _scrap, _raw, _mode, _jobId, _product, _stopCode, StateSource, StateSince, LastSampleAt, ClockOffset, LastCountAt,
        LastCycleTime, EnergyKwh, ToMachineTime(now), _starved, _blocked);

    /// <summary>Applies samples in source-time order (stable for equal times: the order they came in).</summary>
    public void Apply(IEnumerable<MachineSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        foreach (var sample in samples.OrderBy(s => s.SourceTime))
        {
            Apply(sample);
        }
    }

    public void Apply(in MachineSample sample)
    {
        if (!sample.Good)
        {
            return;
        }

        // Only a sample newer than any seen tells the machine's clock: a value that has not changed for a while (the
        // initial values of a new subscription) carries the time of its last change.
        if (LastSampleAt is not { } last || sample.SourceTime > last)
        {
            LastSampleAt = sample.SourceTime;
            ClockOffset = sample.SourceTime - sample.ReceivedAt;
        }

        // After a gap nothing is known until the samples come again: they apply from their arrival, not from the
        // (older) time their value last changed.
        var at = _ledger.State == MachineState.Disconnected && sample.ReceivedAt + ClockOffset > sample.SourceTime
            ? sample.ReceivedAt + ClockOffset
            : sample.SourceTime;
        switch (sample.Signal)
        {
            case MachineSignal.State:
                _raw = (int)sample.Number;
                Remap(at);
                break;
            case MachineSignal.Mode:
                _mode = (int)sample.Number;
                Remap(at);
                break;
            case MachineSignal.Starved:
                _starved = sample.Number != 0;
                Remap(at);
                break;
            case MachineSignal.Blocked:
                _blocked = sample.Number != 0;
                Remap(at);
                break;
            case MachineSignal.GoodCount:
                Count(at, ref _good, ref _goodAfterGap, sample, good: true);
                break;
            case MachineSignal.RejectCount:
                Count(at, ref _scrap, ref _scrapAfterGap, sample, good: false);
                break;
            case MachineSignal.StopReason:
                var code = (int)sample.Number;
                _stopCode = code == 0 ? null : code;
                if (_stopCode is { } c && _ledger.CurrentStopId is { } stop)
                {
                    _codes[stop] = c;
                }

                break;
            case MachineSignal.JobId:
                _jobId = string.IsNullOrWhiteSpace(sample.Text) ? null : sample.Text.Trim();
                ApplyJob(at);
                break;
            case MachineSignal.Product:
                _product = string.IsNullOrWhiteSpace(sample.Text) ? null : sample.Text.Trim();
                ApplyJob(at);
                break;
            case MachineSignal.CycleTime:
                LastCycleTime = sample.Number;
                break;
            case MachineSignal.EnergyKwh:
                EnergyKwh = sample.Number;
                break;
        }
    }

    /// <summary>A person reports the state (machines without a PLC, or an operator's correction).</summary>
    public void ReportManualState(DateTimeOffset now, MachineState state) => ApplyState(ToMachineTime(now), state, MachineStateSource.Manual);

    /// <summary>The status starts again at <paramref name="now"/> (MES clock) without a new state: a new report of the same state.</summary>
    public void RestartStatus(DateTimeOffset now) => StateSince = ToMachineTime(now);

    /// <summary>The connection to the PLC was lost at <paramref name="at"/> (machine time): no data until samples come again.</summary>
    public void ConnectionLost(DateTimeOffset at)
    {
        ApplyState(at, MachineState.Disconnected, MachineStateSource.Plc);
        (_goodAfterGap, _scrapAfterGap) = (true, true);
    }

    /// <summary>Closes intervals at calendar boundaries up to <paramref name="now"/> (MES clock).</summary>
    public void AdvanceTo(DateTimeOffset now) => _ledger.AdvanceTo(ToMachineTime(now));

    /// <summary>Stops opened or closed since the last call, each with the PLC's code for it when one was seen.</summary>
    public IReadOnlyList<(StopRecord Stop, int? PlcCode)> TakeStops()
    {
        var stops = _ledger.TakeStops();
        var result = new (StopRecord, int?)[stops.Count];
        for (var i = 0; i < stops.Count; i++)
        {
            var code = _codes.TryGetValue(stops[i].StopId, out var c) ? c : (int?)null;
            result[i] = (stops[i], code);
            if (stops[i].End is not null)
            {
                _codes.Remove(stops[i].StopId);
            }
        }

        return result;
    }

    /// <summary>Stop-reason codes that arrived for stops already reported (to be saved with the next batch).</summary>
    public IReadOnlyDictionary<long, int> OpenStopCodes => _codes;

    private void ApplyState(DateTimeOffset at, MachineState state, MachineStateSource source)
    {
        if (state != _ledger.State)
        {
            var since = at < _ledger.OpenSince ? _ledger.OpenSince : at;
            _ledger.SetState(at, state);
            StateSince = since;
            if (!TimeClassifier.IsStop(state))
            {
                _stopCode = null;
            }
            else if (_stopCode is { } code && _ledger.CurrentStopId is { } stop)
            {
                // The PLC wrote the reason with (or just before) the state: it is this stop's.
                _codes[stop] = code;
            }
        }

        StateSource = source;
    }

    /// <summary>The raw state, mode and flags read again through the state model (any of them changed).</summary>
    private void Remap(DateTimeOffset at)
    {
        if (_raw is { } raw)
        {
            ApplyState(at, StateMapper.Map(_machine.StateModel, raw, _mode, _starved, _blocked), MachineStateSource.Plc);
        }
    }

    private void ApplyJob(DateTimeOffset at)
    {
        var job = _jobId is null
            ? null
            : new JobContext(_jobId, _product, _product is null ? null : _machine.IdealCycleTimeFor(_product));
        _ledger.SetJob(at, job);
    }

    private void Count(DateTimeOffset at, ref CumulativeCounter counter, ref bool afterGap, in MachineSample sample, bool good)
    {
        var reading = sample.Number;
        if (reading < 0 || double.IsNaN(reading))
        {
            return;
        }

        if (sample.CounterMaximum != 0 && sample.CounterMaximum != counter.Maximum)
        {
            counter = counter with { Maximum = sample.CounterMaximum };
        }

        var value = (ulong)Math.Min(reading, counter.Maximum);
        (counter, var delta) = counter.Apply(value, afterGap);
        afterGap = false;
        if (delta.Delta > 0)
        {
            _ledger.Count(at, good ? delta.Delta : 0, good ? 0 : delta.Delta);
            LastCountAt = at;
        }
    }
}
