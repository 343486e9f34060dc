using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using SmartShop.Server.Data;

namespace SmartShop.Trace.Bench;

/// <summary>
/// Trace queries on a generated history (<see cref="HistoryGenerator"/>), bulk-loaded straight into the server's
/// tables: backward traces of random units, forward traces (recall scopes) of lots from small to widely used, each
/// through the server's HTTP API one at a time; latency percentiles and answer sizes, and the query plans.
/// </summary>
public static class TraceBench
{
    private sealed record Kind(string Name, string What, IReadOnlyList<string> Paths);

    public static async Task<string> RunAsync(BenchServer server, BenchDatabase database, BenchOptions options, CancellationToken ct)
    {
        var report = new StringBuilder();
        var generator = new HistoryGenerator(options.Units, options.Links, options.Seed);
        Console.Error.WriteLine($"  generating and loading {Stats.N(options.Units)} units ...");
        var clock = Stopwatch.StartNew();
        HistoryFacts facts;
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            await using var sink = new PostgresHistorySink(database.ConnectionString);
            facts = await generator.WriteAsync(sink, ct);
        }
        else
        {
            await using var sink = new SqliteHistorySink(database.ConnectionString);
            facts = await generator.WriteAsync(sink, ct);
        }

        var loaded = clock.Elapsed;
        clock.Restart();
        await AnalyzeAsync(database, ct);
        var analyzed = clock.Elapsed;
        var size = await SizeAsync(database, ct);
        Console.Error.WriteLine($"  loaded in {loaded.TotalSeconds:0} s, analyzed in {analyzed.TotalSeconds:0} s; {size}");

        report.AppendLine(CultureInfo.InvariantCulture, $"### Trace queries, {database.Name}");
        report.AppendLine();
        report.AppendLine(await database.DescribeAsync());
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"History: {Stats.N(facts.Orders)} orders, {Stats.N(facts.Units)} units, {Stats.N(facts.Links)} genealogy links, {Stats.N(facts.Lots.Count)} lots, {Stats.N(facts.Containers)} cases and pallets; loaded in {loaded.TotalSeconds:0} s, {(database.Provider == DatabaseProvider.PostgreSql ? "VACUUM ANALYZE" : "ANALYZE")} {analyzed.TotalSeconds:0} s; {size}.");
        report.AppendLine();

        var random = new Random(options.Seed);
        List<string> Pick(IEnumerable<string> from, int n)
        {
            var pool = from.ToList();
            return pool.Count == 0 ? [] : [.. Enumerable.Range(0, n).Select(_ => pool[random.Next(pool.Count)])];
        }

        var wide = Math.Max(5, options.Samples / 10);
        var kinds = new List<Kind>
        {
            new("backward", "backward trace of a random unit", Pick(facts.SampleSerials, options.Samples).Select(s => $"/api/trace/units/{s}").ToList()),
            new("forward-small", "forward trace of a housing lot (a lot used by 250 units)",
                Pick(facts.Lots.Where(l => l.Material.StartsWith("HOUSING", StringComparison.Ordinal) && l.Depth == 2 && l.Status == "consumed").Select(l => l.Id), options.Samples).Select(Forward).ToList()),
            new("forward-supplier-small", "forward trace of a housing supplier lot (split, merged: about 2,500 units)",
                Pick(facts.Lots.Where(l => l.Material.StartsWith("HOUSING", StringComparison.Ordinal) && l.Depth == 0 && l.Status == "consumed").Select(l => l.Id), options.Samples).Select(Forward).ToList()),
            new("forward-wide", "forward trace of a screw lot (used by 20,000 units)",
                Pick(facts.Lots.Where(l => l.Material == "SCREW-M3" && l.Depth == 2 && l.Status == "consumed").Select(l => l.Id), wide).Select(Forward).ToList()),
            new("forward-supplier-wide", "forward trace of a screw supplier lot (a recall: up to 200,000 units)",
                Pick(facts.Lots.Where(l => l.Material == "SCREW-M3" && l.Depth == 0).Select(l => l.Id), wide).Select(Forward).ToList()),
        };

        report.AppendLine("| query | samples | p50 ms | p95 ms | p99 ms | max ms | answer (median) | answer (max) | load |");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: |");
        using var http = server.Client();
        foreach (var kind in kinds.Where(k => k.Paths.Count > 0))
        {
            Console.Error.WriteLine($"  {kind.Name}: {kind.Paths.Count} requests");
            foreach (var path in kind.Paths.Take(3))
            {
                using var warm = await http.GetAsync(path, ct);
                warm.EnsureSuccessStatusCode();
            }

            var latencies = new List<double>();
            var answers = new List<(long Size, string Text)>();
            foreach (var path in kind.Paths)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(path, ct);
                var body = await response.Content.ReadAsByteArrayAsync(ct);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
                }

                answers.Add(Describe(kind.Name, body));
            }

            var stats = new Stats(latencies);
            var ordered = answers.OrderBy(a => a.Size).ToList();
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {kind.What} | {latencies.Count} | {Stats.F(stats.Median)} | {Stats.F(stats.Percentile(95))} | {Stats.F(stats.Percentile(99))} | {Stats.F(stats.Max)} | {ordered[ordered.Count / 2].Text} | {ordered[^1].Text} | {TraceBenchRun.Load()} |");
            Console.Error.WriteLine($"    p50 {stats.Median:0.0} ms, p99 {stats.Percentile(99):0.0} ms; median answer {ordered[ordered.Count / 2].Text}");
        }

        report.AppendLine();
        foreach (var kind in kinds.Where(k => k.Paths.Count > 0))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"<details><summary>{database.Name}: statements and plans of one {kind.What} (GET {kind.Paths[0]})</summary>");
            report.AppendLine();
            report.AppendLine("```");
            report.Append(await QueryPlans.ExplainAsync(server, kind.Paths[0], ct));
            report.AppendLine("```");
            report.AppendLine();
            report.AppendLine("</details>");
            report.AppendLine();
        }

        return report.ToString();

        static string Forward(string lot) => $"/api/trace/lots/{lot}/forward";
    }

    /// <summary>The answer's size in bytes and what it holds.</summary>
    private static (long Size, string Text) Describe(string kind, byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var kb = body.Length / 1024.0;
        if (kind == "backward")
        {
            return (body.Length, string.Create(CultureInfo.InvariantCulture,
                $"{root.GetProperty("links").GetArrayLength()} links, {root.GetProperty("lots").GetArrayLength()} lots, {kb:0.0} KiB"));
        }

        return (root.GetProperty("unitCount").GetInt64(), string.Create(CultureInfo.InvariantCulture,
            $"{Stats.N(root.GetProperty("unitCount").GetInt64())} units ({root.GetProperty("units").GetArrayLength()} listed), {root.GetProperty("derivedLots").GetArrayLength()} derived lots, {root.GetProperty("orders").GetArrayLength()} orders, {Stats.N(root.GetProperty("cases").GetArrayLength())} cases, {root.GetProperty("pallets").GetArrayLength()} pallets, {kb:0} KiB"));
    }

    private static async Task AnalyzeAsync(BenchDatabase database, CancellationToken ct)
    {
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            await using var pg = new NpgsqlConnection(database.ConnectionString);
            await pg.OpenAsync(ct);
            foreach (var table in new[] { "work_order", "material_lot", "container", "produced_unit", "genealogy_link" })
            {
                // VACUUM sets the visibility map, which index-only scans need; a live plant's autovacuum would have.
                await using var vacuum = new NpgsqlCommand($"VACUUM (ANALYZE) {table}", pg) { CommandTimeout = 3600 };
                await vacuum.ExecuteNonQueryAsync(ct);
            }

            return;
        }

        await using var sqlite = new SqliteConnection(database.ConnectionString);
        await sqlite.OpenAsync(ct);
        await using var analyze = new SqliteCommand("ANALYZE", sqlite) { CommandTimeout = 3600 };
        await analyze.ExecuteNonQueryAsync(ct);
    }

    private static async Task<string> SizeAsync(BenchDatabase database, CancellationToken ct)
    {
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            await using var pg = new NpgsqlConnection(database.ConnectionString);
            await pg.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand("""
                SELECT string_agg(t || ' ' || pg_size_pretty(pg_table_size(t::regclass)) || ' + indexes ' || pg_size_pretty(pg_indexes_size(t::regclass)), ', ')
                FROM unnest(ARRAY['produced_unit', 'genealogy_link']) t
                """, pg);
            return $"{await cmd.ExecuteScalarAsync(ct)}";
        }

        var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        return string.Create(CultureInfo.InvariantCulture, $"database file {new FileInfo(file).Length / (1024.0 * 1024):0} MiB");
    }
}
