using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace SmartShop.Fleet.Bench;

/// <summary>
/// Times the OEE history API over the generated window against a running server: per query a first run (grains
/// activating, caches cold) and then <see cref="BenchOptions.Runs"/> runs; wall time, the server's CPU time for the
/// request (from /proc), its peak resident memory while the request ran (sampled every 20 ms), the response size and
/// the intervals the query reads (counted in the database beforehand).
/// </summary>
public static class RecomputeBench
{
    /// <summary>Every query the bench knows: (id, label, scope path, groupBy, the machines read, or null for all).</summary>
    public static IReadOnlyList<Query> AllQueries(BenchOptions o)
    {
        var line1 = Enumerable.Range(1, o.PerLine).Select(m => FleetPlant.MachineId(1, m)).ToArray();
        var area1 = FleetPlant.Machines(o.Machines, o.PerLine).Where(m => m.Line <= FleetPlant.LinesPerArea).Select(m => FleetPlant.MachineId(m.Line, m.Position)).ToArray();
        return
        [
            new("plant-none", $"plant ({o.Machines:#,0} machines), groupBy none", "plant/all", "none", null),
            new("plant-machine", "plant, groupBy machine", "plant/all", "machine", null),
            new("plant-day", "plant, groupBy day", "plant/all", "day", null),
            new("plant-shift", "plant, groupBy shift", "plant/all", "shift", null),
            new("area-day", $"area-1 ({area1.Length} machines), groupBy day", "areas/area-1", "day", area1),
            new("line-day", $"line-1 ({line1.Length} machines), groupBy day", "lines/line-1", "day", line1),
            new("machine-shift", "machine l1-m1, groupBy shift", "machines/l1-m1", "shift", [FleetPlant.MachineId(1, 1)]),
        ];
    }

    /// <summary>The queries this run times (<see cref="BenchOptions.Queries"/>).</summary>
    public static IReadOnlyList<Query> Queries(BenchOptions o, IReadOnlyList<string>? ids = null) =>
        [.. AllQueries(o).Where(q => (ids ?? o.Queries).Contains(q.Id))];

    public sealed record Query(string Id, string Label, string Path, string GroupBy, IReadOnlyCollection<string>? Machines);

    public sealed record Result(Query Query, long Rows, int Groups, double ResponseKiB, double FirstMs, double FirstCpuS, double FirstPeakMiB, Stats Ms, Stats CpuS, Stats PeakMiB, string? Error);

    /// <summary>Counts each query's rows in the database (before timing anything).</summary>
    public static async Task<Dictionary<string, long>> CountRowsAsync(System.Data.Common.DbConnection connection, IReadOnlyList<Query> queries, HistoryLoad load, CancellationToken ct)
    {
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        var (fromMs, toMs) = (load.From.ToUnixTimeMilliseconds(), load.To.ToUnixTimeMilliseconds());
        long? plant = null;
        foreach (var q in queries)
        {
            rows[q.Label] = q.Machines is null
                ? plant ??= await HistoryRows.CountAsync(connection, null, fromMs, toMs, ct)
                : await HistoryRows.CountAsync(connection, q.Machines, fromMs, toMs, ct);
        }

        return rows;
    }

    public static async Task<IReadOnlyList<Result>> RunAsync(BenchContext context, ServerProcess server, HistoryLoad load, IReadOnlyDictionary<string, long> rows, string label, IReadOnlyList<string>? queryIds = null)
    {
        var o = context.Options;
        var ct = context.Cancellation;
        var from = Uri.EscapeDataString(load.From.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(load.To.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        var results = new List<Result>();
        foreach (var q in Queries(o, queryIds))
        {
            var uri = new Uri($"/api/oee/{q.Path}?from={from}&to={to}&groupBy={q.GroupBy}", UriKind.Relative);
            var runs = new List<Run>();
            string? error = null;
            for (var i = 0; i <= o.Runs; i++)
            {
                var run = await TimeAsync(server, uri, ct);
                if (run.Error is not null)
                {
                    error = run.Error;
                    context.Progress($"recompute {label}: {q.Label}: {run.Error}");
                    break;
                }

                runs.Add(run);
                context.Progress(string.Create(CultureInfo.InvariantCulture,
                    $"recompute {label}: {q.Label} run {i}: {run.Ms:0} ms, server CPU {run.CpuS:0.00} s, peak RSS {run.PeakMiB:0} MiB, {run.Groups} groups"));
            }

            var first = runs.FirstOrDefault();
            var timed = runs.Skip(1).ToArray();
            results.Add(new Result(
                q, rows.GetValueOrDefault(q.Label), first?.Groups ?? 0, first?.KiB ?? 0, first?.Ms ?? double.NaN, first?.CpuS ?? double.NaN, first?.PeakMiB ?? double.NaN,
                new Stats(timed.Select(r => r.Ms)), new Stats(timed.Select(r => r.CpuS)), new Stats(timed.Select(r => r.PeakMiB)), error));
        }

        return results;
    }

    private sealed record Run(double Ms, double CpuS, double PeakMiB, int Groups, double KiB, string? Error);

    private static async Task<Run> TimeAsync(ServerProcess server, Uri uri, CancellationToken ct)
    {
        var process = server.Process;
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var peak = process.ResidentMiB();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, process.ResidentMiB());
                try
                {
                    await Task.Delay(20, sampling.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }, CancellationToken.None);
        var cpu = process.CpuSeconds();
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await server.Http.GetAsync(uri, ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            var ms = clock.Elapsed.TotalMilliseconds;
            var cpuS = process.CpuSeconds() - cpu;
            await sampling.CancelAsync();
            await sampler;
            if (!response.IsSuccessStatusCode)
            {
                return new Run(ms, cpuS, peak, 0, 0, $"HTTP {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)[..Math.Min(300, body.Length)]}");
            }

            using var doc = JsonDocument.Parse(body);
            return new Run(ms, cpuS, peak, doc.RootElement.GetProperty("groups").GetArrayLength(), body.Length / 1024.0, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            await sampling.CancelAsync();
            await sampler;
            return new Run(clock.Elapsed.TotalMilliseconds, process.HasExited ? double.NaN : process.CpuSeconds() - cpu, peak, 0, 0, $"{e.GetType().Name}: {e.Message}{(process.HasExited ? $" (the server exited with code {process.ExitCode})" : "")}");
        }
    }

    public static void Report(System.Text.StringBuilder r, BenchContext context, string title, string setting, IReadOnlyList<Result> results, double idleRssMiB)
    {
        r.AppendLine(CultureInfo.InvariantCulture, $"### {title}");
        r.AppendLine();
        r.AppendLine(setting);
        r.AppendLine();
        r.AppendLine(CultureInfo.InvariantCulture, $"Server resident memory before the queries: {idleRssMiB:0} MiB. Median of {context.Options.Runs} runs after the first; \"first\" is the first request of the query (for the first query, the grains activate).");
        r.AppendLine();
        r.AppendLine(CultureInfo.InvariantCulture, $"| query ({context.Options.Days} days) | intervals read | groups | response KiB | first: ms | median ms | max ms | server CPU s (median) | peak RSS MiB (median) | intervals/s (median) |");
        r.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var x in results)
        {
            if (x.Error is not null)
            {
                r.AppendLine(CultureInfo.InvariantCulture, $"| {x.Query.Label} | {x.Rows:#,0} | - | - | - | - | - | - | - | failed: {x.Error.Replace("|", "/", StringComparison.Ordinal)} |");
                continue;
            }

            r.AppendLine(CultureInfo.InvariantCulture,
                $"| {x.Query.Label} | {x.Rows:#,0} | {x.Groups:#,0} | {x.ResponseKiB:#,0} | {Stats.F(x.FirstMs)} | {Stats.F(x.Ms.Median)} | {Stats.F(x.Ms.Max)} | {Stats.F(x.CpuS.Median, "0.00")} | {Stats.F(x.PeakMiB.Median)} | {Stats.F(x.Rows / (x.Ms.Median / 1000), "#,0")} |");
        }

        r.AppendLine();
    }
}
