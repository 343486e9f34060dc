using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using SmartShop.Fleet.Bench;

// Issue 5's benchmark: 1,000 simulated machines (plc-sim) streaming into the SmartShop server, PLC change to hub push
// and to a real browser, and 30 days of OEE recomputed from the stored ledger. See RESULTS.md for the method and the
// figures.   dotnet run -c Release --project tests/SmartShop.Fleet.Bench -- [options]   (--help lists them)
if (BenchOptions.WantsHelp(args))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (cancel.IsCancellationRequested)
    {
        // A second Ctrl-C: no more waiting for clean shutdowns.
        ChildProcess.KillAll();
        PostgresCluster.StopAll();
        return;
    }

    e.Cancel = true;
    Console.Error.WriteLine("bench: stopping (Ctrl-C again to kill everything at once)");
    cancel.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
{
    c.Cancel = true;
    cancel.Cancel();
});
AppDomain.CurrentDomain.ProcessExit += (_, _) =>
{
    ChildProcess.KillAll();
    PostgresCluster.StopAll();
};

var root = BenchContext.RepositoryRoot();
var work = Directory.CreateTempSubdirectory("smartshop-fleet-bench-").FullName;
var context = new BenchContext(options, root, work, cancel.Token);
var exitCode = 0;
try
{
    context.Report.AppendLine(await Header.WriteAsync(context, args));
    if (options.Build)
    {
        context.Progress("build: dotnet build -c Release src/SmartShop.Server");
        await ChildProcess.RunAsync("build", "dotnet", ["build", "-c", "Release", Path.Combine(root, "src", "SmartShop.Server"), "-nologo"], root, Path.Combine(context.Logs, "build.log"), cancel.Token);
    }

    await Bench.RunAsync(context);
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    context.Progress("cancelled: the report below is partial");
    exitCode = 130;
}
catch (Exception e)
{
    context.Progress($"failed: {e}");
    context.Report.AppendLine(CultureInfo.InvariantCulture, $"**The run failed:** {e.Message}");
    exitCode = 1;
}
finally
{
    ChildProcess.KillAll();
    PostgresCluster.StopAll();
}

var report = context.Report.ToString();
Console.WriteLine(report);
if (options.Output is { } output)
{
    await File.WriteAllTextAsync(output, report, CancellationToken.None);
}

if (options.Keep)
{
    context.Progress($"kept {work}");
}
else
{
    try
    {
        Directory.Delete(work, recursive: true);
    }
    catch (IOException)
    {
        // A file still held by an exiting child; the OS cleans temp eventually.
    }
}

context.Progress($"done in {context.Elapsed.TotalMinutes:0.0} min");
return exitCode;

namespace SmartShop.Fleet.Bench
{
    /// <summary>The run: history first (it is what the streaming server starts from in mode all), then the fleet, then the queries.</summary>
    public static class Bench
    {
        public static async Task RunAsync(BenchContext context)
        {
            var o = context.Options;
            var ct = context.Cancellation;
            var recompute = o.Includes("recompute");
            var plantFile = Path.Combine(context.Work, "fleet-plant.yaml");
            await File.WriteAllTextAsync(plantFile, FleetPlant.Yaml(o.Machines, o.PerLine, "opc.tcp://127.0.0.1:4840"), ct);
            var sqliteDir = Path.Combine(context.Work, "sqlite");
            var sqliteFile = Path.Combine(sqliteDir, "smartshop.db");
            var recomputeReport = new StringBuilder();
            HistoryLoad? load = null;
            PostgresCluster? postgres = null;
            var queries = RecomputeBench.AllQueries(o).Where(q => o.Queries.Contains(q.Id) || (o.UnderLoad && BenchOptions.UnderLoadQueries.Contains(q.Id))).ToArray();
            Dictionary<string, long> sqliteRows = [];
            Dictionary<string, long> postgresRows = [];
            try
            {
                if (recompute && o.ReuseHistory is { } kept)
                {
                    context.Progress($"history: copying the SQLite history of {kept}");
                    load = await HistoryLoad.ReuseAsync(kept, sqliteDir, o);
                    await load.SaveAsync(context.Work);
                }

                await MigrateAsync(context, "migrate-sqlite", [$"--SmartShop:DataDirectory={sqliteDir}"]);
                if (recompute && load is null)
                {
                    var sinks = new List<IHistorySink> { await SqliteHistorySink.OpenAsync(sqliteFile, ct) };
                    if (o.Databases.Contains("postgres"))
                    {
                        context.Progress("postgres: starting a throwaway cluster");
                        postgres = await PostgresCluster.StartAsync(ct);
                        await MigrateAsync(context, "migrate-postgres", ["--SmartShop:Database:Provider=PostgreSql", $"--SmartShop:Database:ConnectionString={postgres.ConnectionString}"]);
                        sinks.Add(await PostgresHistorySink.OpenAsync(postgres.ConnectionString, ct));
                    }

                    // The history ends when the bench starts: the fleet's server carries on from it as after a restart.
                    var now = TimeProvider.System.GetUtcNow();
                    var to = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
                    try
                    {
                        load = await HistoryLoader.LoadAsync(context, plantFile, to, sinks);
                    }
                    finally
                    {
                        foreach (var sink in sinks)
                        {
                            await sink.DisposeAsync();
                        }
                    }

                    if (postgres is not null)
                    {
                        await using var pg = new NpgsqlConnection(postgres.ConnectionString);
                        await pg.OpenAsync(ct);
                        postgresRows = await RecomputeBench.CountRowsAsync(pg, queries, load, ct);
                    }
                }

                if (recompute && load is not null)
                {
                    if (sqliteRows.Count == 0)
                    {
                        await using var sqlite = new SqliteConnection($"Data Source={sqliteFile};Mode=ReadOnly;Pooling=false");
                        await sqlite.OpenAsync(ct);
                        sqliteRows = await RecomputeBench.CountRowsAsync(sqlite, queries, load, ct);
                    }

                    var size = new FileInfo(sqliteFile).Length / 1024.0 / 1024.0;
                    recomputeReport.AppendLine("## 4. Recompute 30 days of OEE for 1,000 machines from the stored ledger");
                    recomputeReport.AppendLine();
                    recomputeReport.AppendLine(CultureInfo.InvariantCulture,
                        $"History: {o.Days} days ({load.From:yyyy-MM-dd HH:mm} to {load.To:yyyy-MM-dd HH:mm} UTC) of {o.Machines:#,0} machines, made by Core's MachineTracker from {load.Samples:#,0} modelled PLC samples (see LedgerGenerator.cs): {load.Intervals:#,0} intervals ({load.Intervals / (double)o.Machines / o.Days:0} per machine and day) and {load.Stops:#,0} stops; generated and written in {load.GenerateSeconds:0} s ({string.Join("; ", load.SinkNotes)}){(o.ReuseHistory is null ? "" : $"; copied from {o.ReuseHistory}")}. SQLite file {size:#,0} MiB.");
                    recomputeReport.AppendLine();
                }

                if (o.NeedsFleet || (recompute && o.UnderLoad))
                {
                    await using var fleet = await Fleet.StartAsync(context, sqliteDir, "server-fleet");
                    context.Progress($"warm-up: {o.Warmup.TotalSeconds:0} s");
                    await Task.Delay(o.Warmup, ct);
                    if (o.Includes("streaming"))
                    {
                        await StreamingBench.RunAsync(context, fleet, sqliteFile);
                    }

                    var probes = LatencyBench.Probes(o, Math.Max(o.Watched, o.BrowserPages));
                    if (o.Includes("latency") || o.Includes("browser"))
                    {
                        await fleet.PinRunningAsync(probes, ct);
                    }

                    if (o.Includes("latency"))
                    {
                        await LatencyBench.RunAsync(context, fleet, probes);
                    }

                    if (o.Includes("browser"))
                    {
                        await BrowserBench.RunAsync(context, fleet, probes);
                    }

                    if (recompute && o.UnderLoad && load is not null)
                    {
                        var idle = fleet.Server.Process.ResidentMiB();
                        var results = await RecomputeBench.RunAsync(context, fleet.Server, load, sqliteRows, "SQLite, streaming", BenchOptions.UnderLoadQueries);
                        RecomputeBench.Report(recomputeReport, context, "SQLite, while all machines stream", $"The fleet's server (PLCs on, {o.Machines:#,0} machines streaming) on the SQLite database holding the history.", results, idle);
                    }

                    context.Progress("fleet: stopping (SIGTERM; the grains flush)");
                }

                if (recompute && load is not null)
                {
                    await using (var server = await ServerProcess.StartAsync(context, "server-sqlite", ServerProcess.BaseSettings(plantFile, sqliteDir)))
                    {
                        var idle = server.Process.ResidentMiB();
                        var results = await RecomputeBench.RunAsync(context, server, load, sqliteRows, "SQLite");
                        RecomputeBench.Report(recomputeReport, context, "SQLite, PLCs off", "A server with Plc:Enabled=false on the same SQLite file: nothing else runs.", results, idle);
                    }

                    if (postgres is not null)
                    {
                        var settings = ServerProcess.BaseSettings(plantFile, Path.Combine(context.Work, "pg-data"));
                        settings["SmartShop:Database:Provider"] = "PostgreSql";
                        settings["SmartShop:Database:ConnectionString"] = postgres.ConnectionString;
                        await using var server = await ServerProcess.StartAsync(context, "server-postgres", settings);
                        var idle = server.Process.ResidentMiB();
                        var results = await RecomputeBench.RunAsync(context, server, load, postgresRows, "PostgreSQL");
                        RecomputeBench.Report(recomputeReport, context, $"PostgreSQL {postgres.Version}, PLCs off", "A server with Plc:Enabled=false on a throwaway local cluster (default settings but fsync off), the same history loaded by COPY, then ANALYZE.", results, idle);
                    }
                }
            }
            finally
            {
                context.Report.Append(recomputeReport);
                if (postgres is not null)
                {
                    await postgres.DisposeAsync();
                }
            }
        }

        private static Task MigrateAsync(BenchContext context, string name, string[] settings) =>
            ChildProcess.RunAsync(name, "dotnet", [context.ServerDll, "db", "migrate", .. settings], context.Work, Path.Combine(context.Logs, $"{name}.log"), context.Cancellation);
    }
}
