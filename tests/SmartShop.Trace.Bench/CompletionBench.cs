using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace SmartShop.Trace.Bench;

/// <summary>
/// Unit completions as stations send them: per phase a new running order on line 1 (0.25 m of BAR-20 and 2 ORING-20
/// per spool) with received lots, then N clients, each on its own connection, POST /api/work-orders/{id}/units with
/// the two lots for the measured seconds (after a warm-up), each waiting for its answer before the next. Every unit
/// gets an issued serial (code_counter upsert), two verified and consumed lots, two genealogy links and an audit entry.
/// Afterwards the database is checked: serials unique and gapless, lots' remaining exact, audit chain intact.
/// </summary>
public static class CompletionBench
{
    private const decimal BarPerUnit = 0.25m;
    private const decimal OringPerUnit = 2m;
    private const decimal BarReceived = 1_000_000m;
    private const decimal OringReceived = 10_000_000m;
    private const string Supervisor = "bench.lead";
    private const string SupervisorPassword = "bench-lead-password";
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);

    public sealed record Phase(
        int Clients,
        long Units,
        double Seconds,
        Stats LatencyMs,
        IReadOnlyDictionary<string, int> Refused,
        string Serials,
        string Lots,
        string Audit,
        string Waits,
        string Load);

    public static async Task<IReadOnlyList<Phase>> RunAsync(BenchServer server, BenchOptions options, CancellationToken ct)
    {
        using var admin = server.Client();
        await ExpectAsync(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/users",
            new { userName = Supervisor, displayName = "Bench lead", roles = new[] { "supervisor" }, password = SupervisorPassword }, ct), "create the supervisor");
        using var supervisor = server.Client(anonymous: true);
        await ExpectAsync(HttpStatusCode.OK, await supervisor.PostAsJsonAsync("/api/auth/sign-in", new { userName = Supervisor, password = SupervisorPassword }, ct), "sign in");

        var phases = new List<Phase>();
        foreach (var clients in options.Concurrency)
        {
            phases.Add(await RunPhaseAsync(server, admin, supervisor, clients, options, ct));
        }

        return phases;
    }

    private static async Task<Phase> RunPhaseAsync(BenchServer server, HttpClient admin, HttpClient supervisor, int clients, BenchOptions options, CancellationToken ct)
    {
        var order = $"WO-C{clients:000}";
        Console.Error.WriteLine($"  completions, {clients} client(s): order {order}, {(options.SharedLots ? "shared" : "per-client")} lots");
        await ExpectAsync(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/work-orders", new
        {
            id = order,
            product = "SPOOL-20",
            quantity = 1_000_000,
            unit = "pcs",
            lineId = "line-1",
            bom = new[] { new { material = "BAR-20", quantityPerUnit = BarPerUnit, unit = "m" }, new { material = "ORING-20", quantityPerUnit = OringPerUnit, unit = "pcs" } },
        }, ct), "create the order");

        var lotPairs = new List<(string Bar, string Oring)>();
        for (var k = 0; k < (options.SharedLots ? 1 : clients); k++)
        {
            var pair = ($"BAR-{order}-{k:00}", $"ORING-{order}-{k:00}");
            await ExpectAsync(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/lots", new { id = pair.Item1, material = "BAR-20", quantity = BarReceived, unit = "m", supplier = "Baosteel" }, ct), "receive a lot");
            await ExpectAsync(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/lots", new { id = pair.Item2, material = "ORING-20", quantity = OringReceived, unit = "pcs", supplier = "Parker" }, ct), "receive a lot");
            lotPairs.Add(pair);
        }

        await ExpectAsync(HttpStatusCode.OK, await supervisor.PostAsJsonAsync($"/api/work-orders/{order}/release", new { signature = new { userName = Supervisor, password = SupervisorPassword } }, ct), "release");
        await ExpectAsync(HttpStatusCode.OK, await supervisor.PostAsJsonAsync($"/api/work-orders/{order}/start", new { }, ct), "start");

        var stations = Enumerable.Range(0, clients).Select(k => new Station(server.Client(), order, lotPairs[options.SharedLots ? 0 : k])).ToList();
        try
        {
            // Warm-up: connections open, JIT and the database's caches warm; these units are checked, not timed.
            await Task.WhenAll(stations.Select(s => s.RunAsync(Warmup, record: false, ct)));
            using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var waits = WaitSampler.RunAsync(server.Database, sampling.Token);
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(stations.Select(s => s.RunAsync(options.Phase, record: true, ct)));
            var seconds = clock.Elapsed.TotalSeconds;
            await sampling.CancelAsync();
            var waited = await waits;

            var measured = stations.Sum(s => s.Measured);
            var latency = new Stats(stations.SelectMany(s => s.LatenciesMs));
            var refused = stations.SelectMany(s => s.Refused).GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
            var (serials, lots, audit) = await CheckAsync(server, admin, order, stations, lotPairs, ct);
            Console.Error.WriteLine($"    {measured / seconds:0.0} units/s, p50 {latency.Median:0.0} ms, p99 {latency.Percentile(99):0.0} ms, refused {refused.Values.Sum()}; serials {serials}; lots {lots}; audit {audit}");
            return new Phase(clients, measured, seconds, latency, refused, serials, lots, audit, waited, TraceBenchRun.Load());
        }
        finally
        {
            stations.ForEach(s => s.Dispose());
        }
    }

    /// <summary>What the database holds afterwards, against what the stations were told.</summary>
    private static async Task<(string Serials, string Lots, string Audit)> CheckAsync(
        BenchServer server, HttpClient admin, string order, IReadOnlyList<Station> stations, IReadOnlyList<(string Bar, string Oring)> lotPairs, CancellationToken ct)
    {
        await using var db = server.Db();
        var stored = await db.Units.AsNoTracking().Where(u => u.OrderId == order).Select(u => u.Serial).ToListAsync(ct);
        var answered = stations.SelectMany(s => s.Serials).ToList();
        var numbers = stored.Select(s => int.Parse(s[(s.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture)).Order().ToList();
        var gapless = numbers.Count > 0 && numbers[0] == 1 && numbers[^1] == numbers.Count && numbers.Distinct().Count() == numbers.Count;
        var sameAsAnswered = answered.Count == stored.Count && answered.ToHashSet().SetEquals(stored);
        var serials = gapless && sameAsAnswered
            ? $"ok: {Stats.N(stored.Count)} unique, 1..{Stats.N(numbers.Count)}"
            : $"WRONG: {stored.Count} stored, {answered.Count} answered 201, gapless {gapless}, same set {sameAsAnswered}";

        var lotProblems = new List<string>();
        foreach (var (bar, oring) in lotPairs)
        {
            var users = stations.Where(s => s.Lots == (bar, oring)).Sum(s => s.Serials.Count);
            foreach (var (lot, received, perUnit) in new[] { (bar, BarReceived, BarPerUnit), (oring, OringReceived, OringPerUnit) })
            {
                var remaining = (await admin.GetFromJsonAsync<JsonElement>($"/api/lots/{lot}", ct)).GetProperty("remaining").GetDecimal();
                var linked = await db.GenealogyLinks.AsNoTracking().Where(l => l.SourceLot == lot).Select(l => l.Quantity).ToListAsync(ct);
                var expected = received - (users * perUnit);
                if (remaining != expected || linked.Count != users || received - linked.Sum() != remaining)
                {
                    lotProblems.Add($"{lot}: remaining {remaining}, expected {expected}, {linked.Count} links for {users} units");
                }
            }
        }

        var lots = lotProblems.Count == 0 ? $"ok: {lotPairs.Count * 2} lot(s) exact" : "WRONG: " + string.Join("; ", lotProblems);
        var verify = await admin.GetFromJsonAsync<JsonElement>("/api/audit/verify", ct);
        var entries = await db.AuditEntries.AsNoTracking().CountAsync(e => e.Action == "unit.complete" && e.EntityId.StartsWith(order + "-"), ct);
        var audit = verify.GetProperty("intact").GetBoolean() && entries == stored.Count
            ? $"intact, {Stats.N(verify.GetProperty("entries").GetInt64())} entries"
            : $"WRONG: intact {verify.GetProperty("intact").GetBoolean()}, {entries} unit entries for {stored.Count} units";
        return (serials, lots, audit);
    }

    private static async Task ExpectAsync(HttpStatusCode expected, HttpResponseMessage response, string what)
    {
        using (response)
        {
            if (response.StatusCode != expected)
            {
                throw new InvalidOperationException($"Could not {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    /// <summary>One station: its own connection, one request at a time.</summary>
    private sealed class Station(HttpClient http, string order, (string Bar, string Oring) lots) : IDisposable
    {
        private readonly object _body = new { components = new[] { new { lot = lots.Bar }, new { lot = lots.Oring } } };

        public (string Bar, string Oring) Lots { get; } = lots;

        public List<string> Serials { get; } = [];

        public List<double> LatenciesMs { get; } = [];

        public List<string> Refused { get; } = [];

        public long Measured { get; private set; }

        public async Task RunAsync(TimeSpan length, bool record, CancellationToken ct)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < length)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsJsonAsync($"/api/work-orders/{order}/units", _body, ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    Serials.Add(JsonDocument.Parse(text).RootElement.GetProperty("serial").GetString()!);
                    if (record)
                    {
                        LatenciesMs.Add(ms);
                        Measured++;
                    }
                }
                else
                {
                    Refused.Add($"{(int)response.StatusCode} {Title(text)}");
                }
            }
        }

        public void Dispose() => http.Dispose();

        /// <summary>A problem's title, or the start of whatever else came back.</summary>
        private static string Title(string text)
        {
            try
            {
                using var problem = JsonDocument.Parse(text);
                return problem.RootElement.TryGetProperty("title", out var title) ? title.GetString() ?? "?" : "?";
            }
            catch (JsonException)
            {
                return text.Length > 60 ? text[..60] : text;
            }
        }
    }
}
