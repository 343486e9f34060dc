using System.Text.Json;
using System.Text.Json.Serialization;
using SmartShop.Core.Machines;
using SmartShop.Core.Oee;
using SmartShop.Core.Plant;
using SmartShop.Core.Shifts;

namespace SmartShop.Fleet.Bench;

/// <summary>A stop as it ends up in downtime_event after the server's upserts.</summary>
public sealed record GeneratedStop(string MachineId, long StopId, long StartMs, long? EndMs, MachineState State, string? OrderId, bool MicroStop, int? PlcCode);

/// <summary>A stretch of generated history for every machine: what the server would have written meanwhile, in write order.</summary>
/// <param name="Ledgers">Each machine's stored ledger state (machine id, JSON payload), in the last chunk only.</param>
public sealed record HistoryChunk(IReadOnlyList<LedgerInterval> Intervals, IReadOnlyList<GeneratedStop> Stops, IReadOnlyList<(string MachineId, string Payload)> Ledgers, long SamplesApplied);

/// <summary>
/// History as the server stores it, made by the server's own pure ledger: a simple model of plc-sim's synthetic
/// "station" (the machine type of <c>--synthetic</c>) produces PLC samples with source timestamps, and Core's
/// <see cref="MachineTracker"/> (the same code the machine grain runs) turns them into ISO 22400 intervals, stops and the
/// ledger state to carry on from. So shift and break splits, minor-stop decisions, elements, order context and
/// counters are exactly the server's; only the machine behaviour is modelled.
/// </summary>
/// <remarks>
/// The model, per machine (plc-sim's station type): cycle = ideal × (1 + |N(0,1)| × 0.04), 1 % scrap; jobs of 200 good
/// parts alternating P-1 and P-2 with a 5-minute changeover (unit mode Manual, code 501); micro-stops (Held, code 101)
/// every 10 min of operation on average, 8 s log-normal; failures (Aborting → Aborted, code 301) every 4 h of operation,
/// repair 10 min log-normal, then Stopped, Resetting, Idle, Starting; starved or blocked (Suspended with the PackML
/// flag, 202/203) every 45 min of operation, 60 s log-normal; a 1-hour planned maintenance (unit mode Maintenance)
/// once a week at a time of its own. Counters are sampled every 60 s and before every state change. All machines advance
/// a day at a time and each day's rows are written in the order the server would write them (intervals by end, stops by
/// start), so a machine's rows are spread over the table as in a real database, not stored together.
/// </remarks>
public sealed class LedgerGenerator(PlantDefinition plant, DateTimeOffset from, DateTimeOffset to, int seed)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private const int JobQuantity = 200;
    private const double Jitter = 0.04;
    private const double ScrapRate = 0.01;
    private const long MicroStopEveryMs = 10 * 60_000;
    private const long FailureEveryMs = 4 * 3_600_000;
    private const long SuspendEveryMs = 45 * 60_000;
    private const long ChangeoverMs = 5 * 60_000;
    private const long MaintenanceMs = 3_600_000;
    private const long WeekMs = 7 * 86_400_000L;
    private const long TransitionMs = 1000;
    private const long CountEveryMs = 60_000;

    public DateTimeOffset From { get; } = from;

    public DateTimeOffset To { get; } = to;

    /// <summary>Every machine's history, a day at a time (the last chunk carries the ledger states).</summary>
    public IEnumerable<HistoryChunk> Generate()
    {
        var runs = plant.Machines.Select((m, i) => new Run(this, m, plant.CalendarForMachine(m.Id) ?? throw new InvalidOperationException($"No calendar for {m.Id}."), new Random(HashCode.Combine(seed, i)), i)).ToArray();
        Parallel.ForEach(runs, r => r.Start());
        for (var day = From; day < To; day = day.AddDays(1))
        {
            var limit = (day.AddDays(1) < To ? day.AddDays(1) : To).ToUnixTimeMilliseconds();
            Parallel.ForEach(runs, r => r.Advance(limit));
            yield return Chunk(runs, last: false);
        }

        Parallel.ForEach(runs, r => r.Finish());
        yield return Chunk(runs, last: true);
    }

    private static HistoryChunk Chunk(Run[] runs, bool last)
    {
        var intervals = runs.SelectMany(r => r.TakeIntervals()).OrderBy(i => i.End).ThenBy(i => i.MachineId, StringComparer.Ordinal).ToList();
        var stops = runs.SelectMany(r => r.TakeStops()).OrderBy(s => s.StartMs).ThenBy(s => s.MachineId, StringComparer.Ordinal).ToList();
        var ledgers = last ? runs.Select(r => (r.MachineId, r.Payload!)).ToList() : [];
        return new HistoryChunk(intervals, stops, ledgers, runs.Sum(r => r.TakeSamples()));
    }

    /// <summary>One machine's simulation, its tracker and what it collected since it was last asked.</summary>
    private sealed class Run(LedgerGenerator owner, MachineDefinition machine, IShiftCalendar calendar, Random random, int index)
    {
        private readonly MachineTracker _tracker = new(machine, calendar, owner.From);
        private readonly List<LedgerInterval> _intervals = [];
        private readonly Dictionary<long, GeneratedStop> _openStops = [];
        private readonly List<GeneratedStop> _stops = [];
        private readonly long _endMs = owner.To.ToUnixTimeMilliseconds();
        private long _t = owner.From.ToUnixTimeMilliseconds();
        private long _good = index * 1000L;
        private long _scrap;
        private long _countedGood = -1;
        private long _countedScrap = -1;
        private long _lastCountAt;
        private long _samples;
        private int _job;
        private long _jobGood;
        private string _product = "P-1";
        private long _untilMicro;
        private long _untilFailure;
        private long _untilSuspend;
        private long _nextMaintenance;
        private long _remaining;

        public string MachineId => machine.Id;

        /// <summary>The stored ledger state, once finished.</summary>
        public string? Payload { get; private set; }

        public List<LedgerInterval> TakeIntervals()
        {
            var taken = _intervals.ToList();
            _intervals.Clear();
            return taken;
        }

        public List<GeneratedStop> TakeStops()
        {
            var taken = _stops.ToList();
            _stops.Clear();
            return taken;
        }

        public long TakeSamples()
        {
            var taken = _samples;
            _samples = 0;
            return taken;
        }

        public void Start()
        {
            _untilMicro = Exponential(MicroStopEveryMs);
            _untilFailure = Exponential(FailureEveryMs);
            _untilSuspend = Exponential(SuspendEveryMs);
            _nextMaintenance = _t + (long)(random.NextDouble() * WeekMs);
            Emit(MachineSignal.Mode, 1);
            Emit(MachineSignal.Starved, 0);
            Emit(MachineSignal.Blocked, 0);
            Emit(MachineSignal.StopReason, 0);
            StartJob();
            Counters(force: true);
            State(6);
            _remaining = CycleMs();
        }

        /// <summary>Runs the machine until <paramref name="limitMs"/> (the event under way may end a little later).</summary>
        public void Advance(long limitMs)
        {
            while (_t < limitMs && _t < _endMs)
            {
                var next = Math.Min(_remaining, Math.Min(_untilMicro, Math.Min(_untilFailure, _untilSuspend)));
                Operate(next);
                _remaining -= next;
                if (_remaining == 0)
                {
                    CompletePart();
                    _remaining = CycleMs();
                    if (_jobGood >= JobQuantity)
                    {
                        EndJob();
                    }
                    else if (_t >= _nextMaintenance)
                    {
                        Maintenance();
                    }
                }
                else if (_untilFailure == 0)
                {
                    Failure();
                }
                else if (_untilMicro == 0)
                {
                    MicroStop();
                }
                else if (_untilSuspend == 0)
                {
                    Suspend();
                }
            }

            Collect();
        }

        /// <summary>The end of the history: settles what the ledger can, keeps open stops open, and stores the ledger state.</summary>
        public void Finish()
        {
            Advance(_endMs);
            _tracker.AdvanceTo(owner.To);
            Collect();
            _stops.AddRange(_openStops.Values);
            _openStops.Clear();
            Payload = JsonSerializer.Serialize(new StoredState(_tracker.Snapshot(owner.To), null), Json);
        }

        /// <summary>Running time passes (operation counters run down; counts are sampled once a minute).</summary>
        private void Operate(long ms)
        {
            _t += ms;
            _untilMicro -= ms;
            _untilFailure -= ms;
            _untilSuspend -= ms;
        }

        private void CompletePart()
        {
            if (random.NextDouble() < ScrapRate)
            {
                _scrap++;
            }
            else
            {
                _good++;
                _jobGood++;
            }

            if (_t - _lastCountAt >= CountEveryMs)
            {
                Counters(force: false);
            }
        }

        private void MicroStop()
        {
            Emit(MachineSignal.StopReason, 101);
            State(11);
            Pause(LogNormal(8_000, 0.5));
            Emit(MachineSignal.StopReason, 0);
            State(6);
            _untilMicro = Exponential(MicroStopEveryMs);
        }

        private void Failure()
        {
            Emit(MachineSignal.StopReason, 301);
            State(8);
            Pause(TransitionMs);
            State(9);
            Pause(LogNormal(10 * 60_000, 0.6));
            State(2);
            Emit(MachineSignal.StopReason, 0);
            Restart();
            _untilFailure = Exponential(FailureEveryMs);
        }

        private void Suspend()
        {
            var starved = random.NextDouble() < 0.6;
            Emit(starved ? MachineSignal.Starved : MachineSignal.Blocked, 1);
            Emit(MachineSignal.StopReason, starved ? 202 : 203);
            State(5);
            Pause(LogNormal(60_000, 0.8));
            State(6);
            Emit(starved ? MachineSignal.Starved : MachineSignal.Blocked, 0);
            Emit(MachineSignal.StopReason, 0);
            _untilSuspend = Exponential(SuspendEveryMs);
        }

        private void EndJob()
        {
            State(16);
            Pause(TransitionMs);
            State(17);
            Pause(TransitionMs);
            var previous = _product;
            StartJob();
            if (_product != previous)
            {
                Emit(MachineSignal.Mode, 3);
                Emit(MachineSignal.StopReason, 501);
                Pause(ChangeoverMs);
                Emit(MachineSignal.Mode, 1);
                Emit(MachineSignal.StopReason, 0);
            }

            Restart();
        }

        private void Maintenance()
        {
            Emit(MachineSignal.Mode, 2);
            State(2);
            Pause(MaintenanceMs);
            Emit(MachineSignal.Mode, 1);
            Restart();
            _nextMaintenance += WeekMs;
        }

        /// <summary>Resetting → Idle → Starting → Execute, a second each.</summary>
        private void Restart()
        {
            State(15);
            Pause(TransitionMs);
            State(4);
            Pause(TransitionMs);
            State(3);
            Pause(TransitionMs);
            State(6);
        }

        private void StartJob()
        {
            _job++;
            _jobGood = 0;
            _product = _job % 2 == 1 ? "P-1" : "P-2";
            Emit(MachineSignal.JobId, 0, $"AUTO-{machine.Id}-{_job:0000}");
            Emit(MachineSignal.Product, 0, _product);
        }

        /// <summary>Time passes outside Execute: the operation counters hold.</summary>
        private void Pause(long ms) => _t += ms;

        private void State(int packMl)
        {
            Counters(force: false, beforeStateChange: true);
            Emit(MachineSignal.State, packMl);
        }

        private void Counters(bool force, bool beforeStateChange = false)
        {
            if (force || _good != _countedGood)
            {
                Emit(MachineSignal.GoodCount, _good, maximum: uint.MaxValue);
                _countedGood = _good;
            }

            if (force || _scrap != _countedScrap)
            {
                Emit(MachineSignal.RejectCount, _scrap, maximum: uint.MaxValue);
                _countedScrap = _scrap;
            }

            if (!beforeStateChange || force)
            {
                _lastCountAt = _t;
            }
        }

        private void Emit(MachineSignal signal, double number, string? text = null, ulong maximum = 0)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(_t, _endMs));
            _tracker.Apply(new MachineSample(signal, number, text, at, at, true, maximum));
            _samples++;
        }

        /// <summary>Takes what the ledger settled: intervals, and stops merged as the server's upserts merge them.</summary>
        private void Collect()
        {
            _intervals.AddRange(_tracker.Ledger.TakeClosed());
            foreach (var (stop, code) in _tracker.TakeStops())
            {
                var previous = _openStops.GetValueOrDefault(stop.StopId);
                var row = new GeneratedStop(machine.Id, stop.StopId, stop.Start.ToUnixTimeMilliseconds(), stop.End?.ToUnixTimeMilliseconds(), stop.State, stop.OrderId, stop.MicroStop, code ?? previous?.PlcCode);
                if (stop.End is null)
                {
                    _openStops[stop.StopId] = row;
                }
                else
                {
                    _openStops.Remove(stop.StopId);
                    _stops.Add(row);
                }
            }
        }

        private long CycleMs()
        {
            var ideal = machine.IdealCycleTimeFor(_product) ?? TimeSpan.FromSeconds(15);
            return Math.Max(1, (long)(ideal.TotalMilliseconds * (1 + (Math.Abs(Normal()) * Jitter))));
        }

        private long Exponential(long mean) => Math.Max(1, (long)(-mean * Math.Log(1 - random.NextDouble())));

        private long LogNormal(double mean, double sigma)
        {
            var mu = Math.Log(mean) - (sigma * sigma / 2);
            return Math.Max(1, (long)Math.Exp(mu + (sigma * Normal())));
        }

        private double Normal()
        {
            var u1 = 1 - random.NextDouble();
            var u2 = random.NextDouble();
            return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
    }

    /// <summary>The machine grain's stored payload (MachineGrain.StoredState): the tracker, and a manual report's reason.</summary>
    private sealed record StoredState(MachineTrackerState Tracker, string? ManualReason);
}
