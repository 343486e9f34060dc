using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SmartShop.Fleet.Bench;

/// <summary>
/// The fleet streams; for a fixed window the bench reads, once a second, the server's and plc-sim's CPU time and
/// resident memory from /proc (and the server's thread count), and at both ends of the window what flowed: samples
/// the connector received (GET /api/plc/endpoints), pushes a hub client received, and what the server wrote to its
/// SQLite database (ledger saves, intervals, stops).
/// </summary>
public static class StreamingBench
{
    public static async Task RunAsync(BenchContext context, Fleet fleet, string sqliteFile)
    {
        var o = context.Options;
        var ct = context.Cancellation;
        await using var hub = await HubClient.ConnectAsync(fleet.Server.BaseAddress, ct);
        context.Progress($"streaming: measuring {o.Window.TotalSeconds:0} s");

        var server = fleet.Server.Process;
        var plcSim = fleet.PlcSim;
        var serverCpu = new List<double>();
        var serverRss = new List<double>();
        var threads = new List<double>();
        var plcSimCpu = new List<double>();
        var plcSimRss = new List<double>();
        var machineBusy = new List<double>();

        var before = await CountersAsync(fleet, hub, sqliteFile, ct);
        var clock = Stopwatch.StartNew();
        var (lastSeconds, lastServer, lastPlc, lastBusy) = (0.0, server.CpuSeconds(), plcSim.CpuSeconds(), ProcFs.MachineBusySeconds());
        while (clock.Elapsed < o.Window)
        {
            await Task.Delay(1000, ct);
            var seconds = clock.Elapsed.TotalSeconds;
            var (s, p, b) = (server.CpuSeconds(), plcSim.CpuSeconds(), ProcFs.MachineBusySeconds());
            var dt = seconds - lastSeconds;
            serverCpu.Add((s - lastServer) / dt * 100);
            plcSimCpu.Add((p - lastPlc) / dt * 100);
            machineBusy.Add((b - lastBusy) / dt * 100);
            serverRss.Add(server.ResidentMiB());
            plcSimRss.Add(plcSim.ResidentMiB());
            threads.Add(ProcFs.StatusKiB(server.Id, "Threads"));
            (lastSeconds, lastServer, lastPlc, lastBusy) = (seconds, s, p, b);
        }

        var after = await CountersAsync(fleet, hub, sqliteFile, ct);
        var window = clock.Elapsed.TotalSeconds;
        double Rate(Func<Counters, double> f) => (f(after) - f(before)) / window;

        var r = context.Report;
        r.AppendLine("## 1. Streaming: 1,000 machines into the MES");
        r.AppendLine();
        r.AppendLine(CultureInfo.InvariantCulture, $"plc-sim `--synthetic {o.Lines}x{o.PerLine} --speed 1` ({o.Machines:#,0} machines, {o.Machines * FleetPlant.SubscribedSignals:#,0} monitored items: {FleetPlant.SubscribedSignals} signals per machine); connector security {o.Security}, publishing interval {o.PublishingInterval.TotalMilliseconds:0} ms, sampling interval {o.SamplingDescription}; Oee:FlushInterval 5 s (default); SQLite. Window {window:0} s after a {o.Warmup.TotalSeconds:0} s warm-up; per-second samples.");
        r.AppendLine();
        r.AppendLine("Start-up:");
        r.AppendLine();
        r.AppendLine("| step | seconds |");
        r.AppendLine("| --- | ---: |");
        foreach (var (what, seconds) in fleet.StartUp)
        {
            r.AppendLine(CultureInfo.InvariantCulture, $"| {what} | {seconds:0.0} |");
        }

        r.AppendLine();
        r.AppendLine("| per second | median | p90 | max |");
        r.AppendLine("| --- | ---: | ---: | ---: |");
        Row(r, "server CPU, % of one core", new Stats(serverCpu), "0");
        Row(r, "server resident memory, MiB", new Stats(serverRss), "0");
        Row(r, "server threads", new Stats(threads), "0");
        Row(r, "plc-sim CPU, % of one core", new Stats(plcSimCpu), "0");
        Row(r, "plc-sim resident memory, MiB", new Stats(plcSimRss), "0");
        Row(r, "whole machine busy, % of one core (2 cores = 200)", new Stats(machineBusy), "0");
        r.AppendLine();
        r.AppendLine("| flow over the window | per second | total |");
        r.AppendLine("| --- | ---: | ---: |");
        Flow(r, "samples received by the connector", Rate(c => c.Samples), after.Samples - before.Samples);
        Flow(r, "hub MachineStatusChanged pushes to one client", Rate(c => c.StatusPushes), after.StatusPushes - before.StatusPushes);
        Flow(r, "ledger saves (machine_ledger versions: one transaction each)", Rate(c => c.LedgerSaves), after.LedgerSaves - before.LedgerSaves);
        Flow(r, "intervals written (oee_interval)", Rate(c => c.Intervals), after.Intervals - before.Intervals);
        Flow(r, "stops added (downtime_event rows)", Rate(c => c.Stops), after.Stops - before.Stops);
        r.AppendLine();
        r.AppendLine(CultureInfo.InvariantCulture, $"Connector: {after.Subscribed:#,0} signals subscribed, connected {after.Connected}, reconnects {after.Reconnects}. Server CPU over the window: {(after.ServerCpu - before.ServerCpu) / window * 100:0} % of one core (mean); plc-sim {(after.PlcSimCpu - before.PlcSimCpu) / window * 100:0} %. Load average at the end: {ProcFs.LoadAverage()}.");
        r.AppendLine();
        context.Progress(string.Create(CultureInfo.InvariantCulture,
            $"streaming: server CPU median {new Stats(serverCpu).Median:0} %, RSS median {new Stats(serverRss).Median:0} MiB; {Rate(c => c.Samples):0} samples/s; {Rate(c => c.LedgerSaves):0} saves/s"));
    }

    private static void Row(System.Text.StringBuilder r, string what, Stats s, string format) =>
        r.AppendLine(CultureInfo.InvariantCulture, $"| {what} | {Stats.F(s.Median, format)} | {Stats.F(s.Percentile(90), format)} | {Stats.F(s.Max, format)} |");

    private static void Flow(System.Text.StringBuilder r, string what, double perSecond, double total) =>
        r.AppendLine(CultureInfo.InvariantCulture, $"| {what} | {perSecond:#,0.0} | {total:#,0} |");

    private sealed record Counters(double Samples, int Subscribed, bool Connected, int Reconnects, double StatusPushes, double LedgerSaves, double Intervals, double Stops, double ServerCpu, double PlcSimCpu);

    private static async Task<Counters> CountersAsync(Fleet fleet, HubClient hub, string sqliteFile, CancellationToken ct)
    {
        var (samples, subscribed, connected, reconnects) = await fleet.Server.EndpointsAsync(ct);
        var (saves, intervals, stops) = await DatabaseCountersAsync(sqliteFile, ct);
        return new Counters(samples, subscribed, connected, reconnects, hub.StatusChangedMessages, saves, intervals, stops, fleet.Server.Process.CpuSeconds(), fleet.PlcSim.CpuSeconds());
    }

    /// <summary>Sum of ledger versions (one per save), the largest interval id and stop rowid: cheap to read while the server writes.</summary>
    public static async Task<(long Saves, long Intervals, long Stops)> DatabaseCountersAsync(string sqliteFile, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqliteFile, Mode = SqliteOpenMode.ReadOnly, DefaultTimeout = 60 }.ToString());
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT coalesce(sum(version), 0) FROM machine_ledger), (SELECT coalesce(max(id), 0) FROM oee_interval), (SELECT coalesce(max(rowid), 0) FROM downtime_event)";
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
