using System.Diagnostics;
using System.Globalization;
using System.Text;
using SmartShop.OpcUa;

namespace SmartShop.Fleet.Bench;

/// <summary>
/// PLC change to hub push, while every machine streams. A sample of machines (the probes) is held in PackML Execute
/// with ForceState, so they change only when the bench says; the bench's hub client watches them (watchMachine). At
/// most <see cref="BenchOptions.Rate"/> times a second, a probe that has been quiet for a while is changed on plc-sim:
/// Running → Down with Simulation/InjectFault (the machine aborts at once), Down → Running with Simulation/ForceState
/// (Execute). t0 is the bench's clock just before the Call request is sent; t1 when the WebSocket frame of the first
/// push showing the new state arrived (MachineStatusChanged, sent to every view, or MachineLive, the watched figure,
/// at most twice a second). One process, one monotonic clock.
/// </summary>
public static class LatencyBench
{
    private static readonly TimeSpan Cooldown = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan SampleTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Probe machines spread evenly over the plant: (line id, machine id).</summary>
    public static (string Line, string Machine)[] Probes(BenchOptions o, int count)
    {
        var all = FleetPlant.Machines(o.Machines, o.PerLine).ToArray();
        count = Math.Min(count, all.Length);
        return [.. Enumerable.Range(0, count).Select(i => all[(int)((long)i * all.Length / count)]).Select(m => (FleetPlant.LineId(m.Line), FleetPlant.MachineId(m.Line, m.Position)))];
    }

    public static async Task RunAsync(BenchContext context, Fleet fleet, (string Line, string Machine)[] probes)
    {
        var o = context.Options;
        var ct = context.Cancellation;
        var pending = new Dictionary<string, Sample>(StringComparer.Ordinal);
        var current = new Dictionary<string, string>(StringComparer.Ordinal);
        var gate = new Lock();
        await using var hub = await HubClient.ConnectAsync(fleet.Server.BaseAddress, ct);
        hub.Pushed = push =>
        {
            lock (gate)
            {
                current[push.MachineId] = push.State;

                if (pending.TryGetValue(push.MachineId, out var sample) && push.State == sample.Target)
                {
                    if (push.Kind == "MachineStatusChanged")
                    {
                        if (sample.StatusTicks is null)
                        {
                            sample.StatusTicks = push.ReceivedTicks;
                            sample.SourceToPushMs = (push.ReceivedWall - push.Since).TotalMilliseconds;
                        }
                    }
                    else
                    {
                        sample.LiveTicks ??= push.ReceivedTicks;
                    }

                    if (sample.StatusTicks is not null && sample.LiveTicks is not null)
                    {
                        pending.Remove(push.MachineId);
                        sample.Done.TrySetResult();
                    }
                }
            }
        };

        foreach (var (_, machine) in probes)
        {
            await hub.InvokeAsync("WatchMachine", machine, ct);
        }

        await WaitAllRunningAsync(context, probes, current, gate);
        context.Progress($"latency: {probes.Length} probes running and watched; {o.Samples} samples at most {o.Rate} per second");

        var random = new Random(o.Seed);
        var lastTrigger = probes.ToDictionary(p => p.Machine, _ => 0L, StringComparer.Ordinal);

        // The probes change only when the bench changes them: each is in the state its last change asked for.
        var expected = probes.ToDictionary(p => p.Machine, _ => "Running", StringComparer.Ordinal);
        var samples = new List<Sample>();
        var interval = TimeSpan.FromSeconds(1 / o.Rate);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < o.Samples; i++)
        {
            var due = interval * i;
            if (clock.Elapsed < due)
            {
                await Task.Delay(due - clock.Elapsed, ct);
            }

            (string Line, string Machine) probe;
            string from;
            while (true)
            {
                lock (gate)
                {
                    var now = Stopwatch.GetTimestamp();
                    var ready = probes.Where(p => !pending.ContainsKey(p.Machine)
                        && Stopwatch.GetElapsedTime(lastTrigger[p.Machine], now) > Cooldown).ToArray();
                    if (ready.Length > 0)
                    {
                        probe = ready[random.Next(ready.Length)];
                        from = expected[probe.Machine];
                        break;
                    }
                }

                await Task.Delay(50, ct);
            }

            var sample = new Sample(probe.Machine, from == "Running" ? "Down" : "Running");
            lock (gate)
            {
                pending[probe.Machine] = sample;
            }

            sample.T0 = Stopwatch.GetTimestamp();
            lastTrigger[probe.Machine] = sample.T0;
            if (sample.Target == "Down")
            {
                await fleet.CallSimulationAsync(probe.Line, probe.Machine, "InjectFault", [new Variant(Fleet.FaultCode), new Variant(0.0)], ct);
            }
            else
            {
                await fleet.CallSimulationAsync(probe.Line, probe.Machine, "ForceState", [new Variant(Fleet.PackMlExecute), new Variant(0.0)], ct);
            }

            sample.CallDone = Stopwatch.GetTimestamp();
            samples.Add(sample);
            _ = sample.Done.Task.WaitAsync(SampleTimeout, ct).ContinueWith(
                _ =>
                {
                    lock (gate)
                    {
                        // Shown or not, the PLC is in the state asked for (a lost push leaves the hub's last word).
                        expected[sample.Machine] = sample.Done.Task.IsCompletedSuccessfully ? sample.Target : current.GetValueOrDefault(sample.Machine) ?? sample.Target;
                        if (pending.TryGetValue(sample.Machine, out var p) && ReferenceEquals(p, sample))
                        {
                            pending.Remove(sample.Machine);
                        }
                    }
                },
                CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            if ((i + 1) % 50 == 0)
            {
                context.Progress($"latency: {i + 1} of {o.Samples} changes sent");
            }
        }

        await Task.WhenAll(samples.Select(s => s.Done.Task.WaitAsync(SampleTimeout, ct).ContinueWith(_ => { }, TaskScheduler.Default)));
        Report(context, probes.Length, samples, clock.Elapsed, hub);
    }

    private static async Task WaitAllRunningAsync(BenchContext context, (string Line, string Machine)[] probes, Dictionary<string, string> current, Lock gate)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            lock (gate)
            {
                if (probes.All(p => current.GetValueOrDefault(p.Machine) == "Running"))
                {
                    return;
                }
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                lock (gate)
                {
                    var missing = probes.Where(p => current.GetValueOrDefault(p.Machine) != "Running").Select(p => $"{p.Machine}={current.GetValueOrDefault(p.Machine) ?? "?"}");
                    throw new TimeoutException($"Probes not shown Running within 60 s: {string.Join(", ", missing.Take(10))}");
                }
            }

            await Task.Delay(200, context.Cancellation);
        }
    }

    private static void Report(BenchContext context, int probes, List<Sample> samples, TimeSpan elapsed, HubClient hub)
    {
        var o = context.Options;
        static double Ms(long from, long? to) => to is { } t ? Stopwatch.GetElapsedTime(from, t).TotalMilliseconds : double.NaN;
        var first = samples.Select(s => Ms(s.T0, Min(s.StatusTicks, s.LiveTicks))).ToArray();
        var status = samples.Select(s => Ms(s.T0, s.StatusTicks)).ToArray();
        var live = samples.Select(s => Ms(s.T0, s.LiveTicks)).ToArray();
        var call = samples.Select(s => Ms(s.T0, s.CallDone)).ToArray();
        var toDown = samples.Where(s => s.Target == "Down").Select(s => Ms(s.T0, Min(s.StatusTicks, s.LiveTicks)));
        var toRunning = samples.Where(s => s.Target == "Running").Select(s => Ms(s.T0, Min(s.StatusTicks, s.LiveTicks)));
        var lost = first.Count(double.IsNaN);
        var target = 250 + o.PublishingInterval.TotalMilliseconds;
        var firstStats = new Stats(first);

        var r = context.Report;
        r.AppendLine("## 2. PLC change to hub push (SignalR client)");
        r.AppendLine();
        r.AppendLine(CultureInfo.InvariantCulture, $"{samples.Count} changes on {probes} watched probe machines while all {o.Machines:#,0} stream, {samples.Count / elapsed.TotalSeconds:0.0} per second; connector publishing interval {o.PublishingInterval.TotalMilliseconds:0} ms (Plc:PublishingInterval), sampling interval {o.SamplingDescription}. Target: within 250 ms + publishing interval = {target:0} ms. Milliseconds:");
        r.AppendLine();
        r.AppendLine("| t0 = before the Call is sent, t1 = | n | p50 | p95 | p99 | max |");
        r.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        Row(r, "**first push showing the new state**", firstStats);
        Row(r, "MachineStatusChanged (to every view)", new Stats(status));
        Row(r, "MachineLive (watched figure, decimated)", new Stats(live));
        Row(r, "first push, Running → Down (InjectFault)", new Stats(toDown));
        Row(r, "first push, Down → Running (ForceState Execute)", new Stats(toRunning));
        Row(r, "Call round trip to plc-sim (context)", new Stats(call));
        Row(r, "PLC source timestamp of the change → MachineStatusChanged (the MES's part)", new Stats(samples.Select(s => s.SourceToPushMs)));
        r.AppendLine();
        r.AppendLine(CultureInfo.InvariantCulture, $"Within {target:0} ms: {first.Count(v => v <= target) * 100.0 / samples.Count:0.0} % of changes (p99 {Stats.F(firstStats.Percentile(99))} ms). The last row needs no Call: plc-sim stamps a change with its clock (speed 1: the wall clock of this machine), the MES pushes that timestamp as the state's `since`, and the bench compares it with its wall clock when the frame arrives (±1 ms). Changes with no push within {SampleTimeout.TotalSeconds:0} s: {lost}. The hub client received {hub.Messages:#,0} invocations ({hub.StatusChangedMessages:#,0} MachineStatusChanged, {hub.MachineLiveMessages:#,0} MachineLive, {hub.BytesReceived / 1024.0 / 1024.0:0.0} MiB) in {elapsed.TotalSeconds:0} s.");
        r.AppendLine();
        context.Progress(string.Create(CultureInfo.InvariantCulture,
            $"latency: first push p50 {firstStats.Median:0} ms, p99 {firstStats.Percentile(99):0} ms, max {firstStats.Max:0} ms; lost {lost}"));
    }

    private static long? Min(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static void Row(StringBuilder r, string what, Stats s) =>
        r.AppendLine(CultureInfo.InvariantCulture, $"| {what} | {s.Count} | {Stats.F(s.Median)} | {Stats.F(s.Percentile(95))} | {Stats.F(s.Percentile(99))} | {Stats.F(s.Max)} |");

    private sealed class Sample(string machine, string target)
    {
        public string Machine { get; } = machine;

        public string Target { get; } = target;

        public long T0 { get; set; }

        public long CallDone { get; set; }

        public long? StatusTicks { get; set; }

        public long? LiveTicks { get; set; }

        /// <summary>Wall clock at the MachineStatusChanged frame minus the PLC's source timestamp of the change.</summary>
        public double SourceToPushMs { get; set; } = double.NaN;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
