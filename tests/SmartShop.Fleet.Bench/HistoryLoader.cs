using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using SmartShop.Server.Plant;

namespace SmartShop.Fleet.Bench;

/// <summary>What a history load wrote (saved as history.json in the run's folder, for --reuse-history).</summary>
public sealed record HistoryLoad(
    DateTimeOffset From, DateTimeOffset To, long Intervals, long Stops, long Samples, double GenerateSeconds, IReadOnlyList<string> SinkNotes,
    int Machines = 0, int PerLine = 0, int Days = 0, int Seed = 0)
{
    public const string FileName = "history.json";

    public async Task SaveAsync(string folder) =>
        await File.WriteAllTextAsync(Path.Combine(folder, FileName), System.Text.Json.JsonSerializer.Serialize(this));

    /// <summary>
    /// Copies a kept run's SQLite history (the database with its -wal/-shm files) into <paramref name="sqliteDir"/>;
    /// refuses one made for another plant size, window or seed.
    /// </summary>
    public static async Task<HistoryLoad> ReuseAsync(string keptRun, string sqliteDir, BenchOptions o)
    {
        var load = System.Text.Json.JsonSerializer.Deserialize<HistoryLoad>(await File.ReadAllTextAsync(Path.Combine(keptRun, FileName)))
            ?? throw new InvalidOperationException($"{keptRun}/{FileName} is empty.");
        if ((load.Machines, load.PerLine, load.Days, load.Seed) != (o.Machines, o.PerLine, o.Days, o.Seed))
        {
            throw new InvalidOperationException($"{keptRun} holds {load.Days} days of {load.Machines} machines ({load.PerLine} per line, seed {load.Seed}), not what this run asks for.");
        }

        Directory.CreateDirectory(sqliteDir);
        foreach (var file in Directory.GetFiles(Path.Combine(keptRun, "sqlite"), "smartshop.db*"))
        {
            File.Copy(file, Path.Combine(sqliteDir, Path.GetFileName(file)), overwrite: true);
        }

        return load;
    }
}

/// <summary>
/// Generates the history of every machine of the plant file (<see cref="LedgerGenerator"/>, a day of all machines at a
/// time, machines in parallel) and writes each day into the sinks while the next is generated.
/// </summary>
public static class HistoryLoader
{
    public static async Task<HistoryLoad> LoadAsync(BenchContext context, string plantFile, DateTimeOffset to, IReadOnlyList<IHistorySink> sinks)
    {
        var ct = context.Cancellation;
        var plant = PlantCatalog.Load(plantFile, Path.GetFileName(plantFile), TimeProvider.System).Plant;
        var from = to.AddDays(-context.Options.Days);
        var generator = new LedgerGenerator(plant, from, to, context.Options.Seed);
        var channel = Channel.CreateBounded<HistoryChunk>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var clock = Stopwatch.StartNew();
        context.Progress($"history: generating {context.Options.Days} days of {plant.Machines.Count} machines ({from:yyyy-MM-dd HH:mm} to {to:yyyy-MM-dd HH:mm} UTC) into {string.Join(" and ", sinks.Select(s => s.Name))}");

        // A day of every machine is generated while the day before is written.
        var producer = Task.Run(async () =>
        {
            try
            {
                foreach (var chunk in generator.Generate())
                {
                    await channel.Writer.WriteAsync(chunk, ct);
                }

                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.Complete(e);
            }
        }, CancellationToken.None);

        long intervals = 0, stops = 0, samples = 0, days = 0;
        await foreach (var chunk in channel.Reader.ReadAllAsync(ct))
        {
            foreach (var sink in sinks)
            {
                await sink.WriteAsync(chunk, ct);
            }

            intervals += chunk.Intervals.Count;
            stops += chunk.Stops.Count;
            samples += chunk.SamplesApplied;
            if (++days % 5 == 0)
            {
                context.Progress(string.Create(CultureInfo.InvariantCulture, $"history: {days} days, {intervals:#,0} intervals, {stops:#,0} stops"));
            }
        }

        await producer;
        var generated = clock.Elapsed.TotalSeconds;
        var notes = new List<string>();
        foreach (var sink in sinks)
        {
            notes.Add($"{sink.Name}: {await sink.CompleteAsync(ct)}");
        }

        context.Progress(string.Create(CultureInfo.InvariantCulture, $"history: {intervals:#,0} intervals and {stops:#,0} stops in {clock.Elapsed.TotalSeconds:0} s ({string.Join("; ", notes)})"));
        var load = new HistoryLoad(from, to, intervals, stops, samples, generated, notes, context.Options.Machines, context.Options.PerLine, context.Options.Days, context.Options.Seed);
        await load.SaveAsync(context.Work);
        return load;
    }
}
