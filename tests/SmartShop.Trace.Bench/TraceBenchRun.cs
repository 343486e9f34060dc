using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace SmartShop.Trace.Bench;

/// <summary>One run: per provider, a fresh database and server for each mode; the Markdown report.</summary>
public static class TraceBenchRun
{
    public static async Task<string> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Run {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC on {Machine()}; {RuntimeInformation.FrameworkDescription}; load average at the start {Load()}.");
        report.AppendLine(CultureInfo.InvariantCulture, $"Options: mode {string.Join("+", options.Modes)}, db {string.Join("+", options.Databases)}, concurrency {string.Join(",", options.Concurrency)}, {options.Phase.TotalSeconds:0} s per phase, {(options.SharedLots ? "shared" : "per-client")} lots; history {Stats.N(options.Units)} units / {Stats.N(options.Links)} links, {options.Samples} samples, seed {options.Seed}.");
        report.AppendLine();
        foreach (var provider in options.Databases)
        {
            if (options.Modes.Contains("completions"))
            {
                using var database = await BenchDatabase.CreateAsync(provider, options.Keep);
                Console.Error.WriteLine($"== {database.Name}: completions");
                await using var server = BenchServer.Start(database);
                var phases = await CompletionBench.RunAsync(server, options, ct);
                report.AppendLine(CultureInfo.InvariantCulture, $"### Completions, {database.Name}");
                report.AppendLine();
                report.AppendLine(await database.DescribeAsync());
                report.AppendLine();
                report.AppendLine("| clients | units | units/s | p50 ms | p95 ms | p99 ms | max ms | refused | serials | lots | audit | server sessions were (sampled) | load |");
                report.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- | --- | ---: |");
                foreach (var p in phases)
                {
                    var refused = p.Refused.Count == 0 ? "0" : string.Join("; ", p.Refused.OrderByDescending(r => r.Value).Select(r => $"{r.Value} × {r.Key}"));
                    report.AppendLine(CultureInfo.InvariantCulture,
                        $"| {p.Clients} | {Stats.N(p.Units)} | {Stats.F(p.Units / p.Seconds)} | {Stats.F(p.LatencyMs.Median)} | {Stats.F(p.LatencyMs.Percentile(95))} | {Stats.F(p.LatencyMs.Percentile(99))} | {Stats.F(p.LatencyMs.Max)} | {refused} | {p.Serials} | {p.Lots} | {p.Audit} | {p.Waits} | {p.Load} |");
                }

                report.AppendLine();
            }

            if (options.Modes.Contains("trace"))
            {
                using var database = await BenchDatabase.CreateAsync(provider, options.Keep);
                Console.Error.WriteLine($"== {database.Name}: trace");
                await using var server = BenchServer.Start(database);
                report.Append(await TraceBench.RunAsync(server, database, options, ct));
                report.AppendLine();
            }
        }

        return report.ToString();
    }

    /// <summary>The machine's 1-minute load average (runnable threads; this machine has 2 cores, shared).</summary>
    public static string Load() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return $"{Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), {memory:0} GiB, {RuntimeInformation.OSDescription}";
    }
}
