using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using SmartShop.OpcUa.Client;
using SmartShop.OpcUa.Security;
using SmartShop.OpcUa.Services;

namespace SmartShop.OpcUa.Bench;

/// <summary>
/// One run: plc-sim with a synthetic plant in its own process; our consumer (<see cref="OurConsumer"/>) and the
/// node-opcua consumer (plc-sim/bench/client-subscribe.js) each in its own process, subscribed at the same time to
/// the same nodes with the same parameters; then, per phase, plc-sim's burst mode at a given number of rounds per
/// second (every machine completes a part per round: GoodCount, CycleTime and EnergyKwh change, with real-time source
/// timestamps) and several measuring windows in which both consumers are marked at the same moments. Per window and
/// consumer: notifications/s received, CPU seconds (from /proc, for both), latency p50/p99 (receive time − source
/// timestamp, one machine clock). Medians over the windows and the ratios ours / node-opcua are printed as Markdown.
/// </summary>
public static class EndToEndBench
{
    private const string PlcSimNamespace = "urn:smartshop:plc-sim";

    // The signals burst mode changes (plc-sim/src/opcua/server.js): each burst round is one notification per machine
    // for each of these that is monitored.
    private static readonly string[] BurstSignals = ["GoodCount", "CycleTime", "EnergyKwh"];

    private const string Usage = """
        Usage: dotnet run -c Release --project tests/SmartShop.OpcUa.Bench -- [options]
          --lines N             synthetic plant lines (default 20)
          --per-line N          machines per line (default 10)
          --signals A,B,...     monitored signals per machine (default State,GoodCount,RejectCount,StopReason,CycleTime,EnergyKwh)
          --rates R,R,...       burst rounds per second, one phase each; 0 = as fast as plc-sim can (default 20,0)
          --windows N           measuring windows per phase (default 5)
          --window-seconds S    length of a window (default 8)
          --warmup-seconds S    burst before the first window of a phase (default 8)
          --settle-seconds S    extra burst before the first phase of each security mode (default 10), so that the
                                .NET JIT (tiered, with PGO) and V8 have optimised the hot paths before anything is measured
          --publishing-ms MS    publishing interval of both subscriptions (default 100)
          --in-flight N         Publish requests each client keeps outstanding (default 10)
          --queue-size N        monitored item queue size, sampling interval 0 (default 100)
          --security LIST       none, sign-encrypt (Basic256Sha256), or both in turn (default none,sign-encrypt)
          --node PATH           the node executable (default node)
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var a = new BenchArgs(args);
        if (a.Flag("--help"))
        {
            Console.WriteLine(Usage);
            return 0;
        }

        var settings = new Settings(
            Lines: (int)a.Number("--lines", 20),
            PerLine: (int)a.Number("--per-line", 10),
            Signals: (a.Text("--signals") ?? "State,GoodCount,RejectCount,StopReason,CycleTime,EnergyKwh").Split(','),
            Rates: (a.Text("--rates") ?? "20,0").Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture)).ToArray(),
            Windows: (int)a.Number("--windows", 5),
            Window: TimeSpan.FromSeconds(a.Number("--window-seconds", 8)),
            Warmup: TimeSpan.FromSeconds(a.Number("--warmup-seconds", 8)),
            Settle: TimeSpan.FromSeconds(a.Number("--settle-seconds", 10)),
            PublishingMs: (int)a.Number("--publishing-ms", 100),
            InFlight: (int)a.Number("--in-flight", 10),
            QueueSize: (int)a.Number("--queue-size", 100),
            Securities: (a.Text("--security") ?? "none,sign-encrypt").Split(','),
            Node: a.Text("--node") ?? "node");

        var root = RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("smartshop-opcua-bench-").FullName;
        var started = Stopwatch.StartNew();
        var report = new StringBuilder();
        try
        {
            report.AppendLine(MachineFacts(settings, root));
            await using var plcSim = await StartPlcSimAsync(settings, root, work);
            var url = plcSim.Url;
            Console.Error.WriteLine($"bench: plc-sim at {url} after {started.Elapsed.TotalSeconds:0} s");

            var itemsFile = Path.Combine(work, "items.txt");
            await File.WriteAllLinesAsync(itemsFile, Items(settings));
            await using var control = await UaClient.ConnectAsync(new UaClientOptions
            {
                EndpointUrl = url,
                SecurityPolicy = SecurityPolicy.None,
                SecurityMode = MessageSecurityMode.None,
                AllowInsecure = true,
                PkiPath = Path.Combine(work, "control-pki"),
                AutoAcceptUntrustedServerCertificates = true,
                SessionTimeout = TimeSpan.FromMinutes(30),
            }, TimeProvider.System);
            var simulation = new SimulationMethods(
                control.ResolveNodeId($"nsu={PlcSimNamespace};s=Simulation"),
                control.ResolveNodeId($"nsu={PlcSimNamespace};s=Simulation/StartBurst"),
                control.ResolveNodeId($"nsu={PlcSimNamespace};s=Simulation/StopBurst"));
            var goodCounts = Enumerable.Range(1, settings.Lines)
                .SelectMany(l => Enumerable.Range(1, settings.PerLine).Select(m => control.ResolveNodeId($"nsu={PlcSimNamespace};s=line-{l}/l{l}-m{m}/GoodCount")))
                .Select(n => new ReadValueId { NodeId = n, AttributeId = AttributeIds.Value })
                .ToArray();

            foreach (var security in settings.Securities)
            {
                await using var ours = StartOurs(settings, root, work, url, itemsFile, security);
                await using var theirs = StartNodeOpcua(settings, root, work, url, itemsFile, security);
                var ready = await Task.WhenAll(
                    ours.ReadLineAsync(l => l.StartsWith("ready ", StringComparison.Ordinal), TimeSpan.FromMinutes(3)),
                    theirs.ReadLineAsync(l => l.StartsWith("ready ", StringComparison.Ordinal), TimeSpan.FromMinutes(3)));
                Console.Error.WriteLine($"bench: {security}: both consumers subscribed ({ready[0]}, {ready[1]}) after {started.Elapsed.TotalSeconds:0} s");

                // A first mark, not measured: whatever a consumer does once for its first report stays out of the windows.
                await MarkAsync([ours, theirs], plcSim.Process, Stopwatch.StartNew());

                for (var i = 0; i < settings.Rates.Length; i++)
                {
                    var rate = settings.Rates[i];
                    var warmup = i == 0 ? settings.Settle + settings.Warmup : settings.Warmup;
                    var phase = await RunPhaseAsync(settings, control, simulation, goodCounts, plcSim.Process, ours, theirs, rate, warmup);
                    report.AppendLine(FormatPhase(settings, security, rate, phase));
                    Console.Error.WriteLine($"bench: {security}, rate {rate}: done after {started.Elapsed.TotalSeconds:0} s");
                }

                await Task.WhenAll(ours.StopAsync(TimeSpan.FromSeconds(15)), theirs.StopAsync(TimeSpan.FromSeconds(15)));
            }

            await control.CloseAsync();
            report.AppendLine(CultureInfo.InvariantCulture, $"Total run time {started.Elapsed.TotalSeconds:0} s; load average at the end {File.ReadAllText("/proc/loadavg").Trim()}.");
            Console.WriteLine(report.ToString());
            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by an exiting child: the temp folder is cleaned by the OS eventually.
            }
        }
    }

    private static async Task<Phase> RunPhaseAsync(
        Settings settings, UaClient control, SimulationMethods simulation, ReadValueId[] goodCounts,
        ChildProcess server, ChildProcess ours, ChildProcess theirs, double rate, TimeSpan warmup)
    {
        await CallAsync(control, simulation.Object, simulation.StartBurst, new Variant(rate));
        await Task.Delay(warmup);

        var phase = new Phase();
        var consumers = new[] { ours, theirs };
        var clock = Stopwatch.StartNew();
        var monitoredBurstSignals = settings.Signals.Count(s => BurstSignals.Contains(s));
        var mark = await MarkAsync(consumers, server, clock);
        var good = await SumAsync(control, goodCounts);
        for (var w = 0; w < settings.Windows; w++)
        {
            await Task.Delay(settings.Window);
            var markNow = await MarkAsync(consumers, server, clock);
            var goodNow = await SumAsync(control, goodCounts);
            var seconds = markNow.Seconds - mark.Seconds;
            var (cpu, cpuNow, serverCpu, serverCpuNow) = (mark.Cpu, markNow.Cpu, mark.ServerCpu, markNow.ServerCpu);
            phase.Produced.Add((goodNow - good) * monitoredBurstSignals / seconds);
            phase.ServerCpu.Add((serverCpuNow - serverCpu) / seconds);
            for (var c = 0; c < consumers.Length; c++)
            {
                var r = markNow.Reports[c];
                var side = c == 0 ? phase.Ours : phase.Theirs;
                side.Rate.Add(r.WindowCount / seconds);
                side.Received += r.WindowCount;
                side.Cores.Add((cpuNow[c] - cpu[c]) / seconds);
                side.CpuMicrosPerNotification.Add(r.WindowCount == 0 ? double.NaN : (cpuNow[c] - cpu[c]) * 1e6 / r.WindowCount);
                side.P50.Add(r.P50Ms ?? double.NaN);
                side.P99.Add(r.P99Ms ?? double.NaN);
                side.RssMiB = Math.Max(side.RssMiB, consumers[c].ResidentMiB());
            }

            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bench: rate {rate} window {w + 1}: produced {phase.Produced[^1]:0}/s; ours {phase.Ours.Rate[^1]:0}/s {phase.Ours.Cores[^1]:0.000} cores p50 {phase.Ours.P50[^1]:0.0} ms p99 {phase.Ours.P99[^1]:0.0} ms; node-opcua {phase.Theirs.Rate[^1]:0}/s {phase.Theirs.Cores[^1]:0.000} cores p50 {phase.Theirs.P50[^1]:0.0} ms p99 {phase.Theirs.P99[^1]:0.0} ms; server {phase.ServerCpu[^1]:0.000} cores"));
            (mark, good) = (markNow, goodNow);
        }

        await CallAsync(control, simulation.Object, simulation.StopBurst);

        // Let both drain what is queued so the next phase starts clean (its warm-up is not measured either).
        await Task.Delay(TimeSpan.FromSeconds(2));
        return phase;
    }

    private static async Task CallAsync(UaClient control, NodeId objectId, NodeId methodId, params Variant[] inputs)
    {
        var response = await control.SendAsync<CallResponse>(new CallRequest
        {
            MethodsToCall = [new CallMethodRequest { ObjectId = objectId, MethodId = methodId, InputArguments = inputs }],
        });
        if (response.Results is not [{ StatusCode.IsGood: true }])
        {
            throw new InvalidOperationException($"Calling {methodId} failed: {response.Results?.FirstOrDefault()?.StatusCode}.");
        }
    }

    /// <summary>Marks every consumer at once: CPU read and "mark" sent back to back, then the replies collected.</summary>
    private static async Task<Mark> MarkAsync(ChildProcess[] consumers, ChildProcess server, Stopwatch clock)
    {
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = new double[consumers.Length];
        for (var c = 0; c < consumers.Length; c++)
        {
            cpu[c] = consumers[c].CpuSeconds();
            await consumers[c].SendAsync("mark");
        }

        var serverCpu = server.CpuSeconds();
        var reports = await Task.WhenAll(consumers.Select(c => c.ReadReportAsync()));
        return new Mark(seconds, cpu, serverCpu, reports);
    }

    /// <summary>Parts counted by all machines (GoodCount wraps at 2^32, far beyond a bench run).</summary>
    private static async Task<long> SumAsync(UaClient control, ReadValueId[] nodes)
    {
        long sum = 0;
        foreach (var value in await control.ReadAsync(nodes))
        {
            sum += value.Value.TryGetValue(out uint count) ? count : 0;
        }

        return sum;
    }

    private static IEnumerable<string> Items(Settings s) =>
        from l in Enumerable.Range(1, s.Lines)
        from m in Enumerable.Range(1, s.PerLine)
        from signal in s.Signals
        select $"s=line-{l}/l{l}-m{m}/{signal}";

    private static ChildProcess StartOurs(Settings s, string root, string work, string url, string itemsFile, string security)
    {
        // The same program in its "client" mode: under `dotnet X.dll` the host is dotnet, under the apphost it is us.
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        var prefix = Path.GetFileNameWithoutExtension(self) == "dotnet" ? new[] { typeof(EndToEndBench).Assembly.Location } : [];
        return ChildProcess.Start("ours", self, [.. prefix, "client", .. ConsumerArguments(s, url, itemsFile, security, Path.Combine(work, "ours-pki"))], root);
    }

    private static ChildProcess StartNodeOpcua(Settings s, string root, string work, string url, string itemsFile, string security) =>
        ChildProcess.Start("node-opcua", s.Node,
            [Path.Combine(root, "plc-sim", "bench", "client-subscribe.js"), .. ConsumerArguments(s, url, itemsFile, security, Path.Combine(work, "node-pki"))], root);

    private static string[] ConsumerArguments(Settings s, string url, string itemsFile, string security, string pki) =>
    [
        "--url", url, "--items", itemsFile, "--publishing-ms", Invariant(s.PublishingMs), "--in-flight", Invariant(s.InFlight),
        "--queue-size", Invariant(s.QueueSize), "--max-per-publish", "1000", "--security", security, "--pki", pki,
    ];

    private static async Task<PlcSim> StartPlcSimAsync(Settings s, string root, string work)
    {
        var process = ChildProcess.Start("plc-sim", s.Node,
        [
            Path.Combine(root, "plc-sim", "src", "cli.js"), "--synthetic", $"{s.Lines}x{s.PerLine}", "--port", Invariant(FreePort()),
            "--seed", "42", "--speed", "1", "--data-dir", Path.Combine(work, "plc-sim"),
        ], root);
        try
        {
            var url = await process.ReadLineAsync(l => l.StartsWith("opc.tcp://", StringComparison.Ordinal), TimeSpan.FromMinutes(5));
            return new PlcSim(process, url.Trim());
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SmartShop.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run the bench inside the SmartShop repository (SmartShop.sln not found).");
    }

    private static string MachineFacts(Settings s, string root)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        var node = Process.Start(new ProcessStartInfo(s.Node, "--version") { RedirectStandardOutput = true }) is { } p
            ? p.StandardOutput.ReadToEnd().Trim()
            : "?";
        var opcua = File.ReadAllText(Path.Combine(root, "plc-sim", "node_modules", "node-opcua-client", "package.json"));
        var version = System.Text.Json.JsonDocument.Parse(opcua).RootElement.GetProperty("version").GetString();
        var signals = string.Join(", ", s.Signals);
        return string.Create(CultureInfo.InvariantCulture, $"""
            ## Run {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC

            {Environment.ProcessorCount} cores ({cpu}), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, Node {node},
            node-opcua-client {version}; load average at the start {File.ReadAllText("/proc/loadavg").Trim()}.
            plc-sim `--synthetic {s.Lines}x{s.PerLine}`: {s.Lines * s.PerLine} machines x {s.Signals.Length} signals ({signals}) = {s.Lines * s.PerLine * s.Signals.Length}
            monitored items per client; publishing interval {s.PublishingMs} ms, {s.InFlight} Publish requests in flight, sampling
            interval 0, queue size {s.QueueSize}, at most 1,000 notifications per Publish; {s.Windows} windows of {s.Window.TotalSeconds:0} s per phase after {s.Warmup.TotalSeconds:0} s of warm-up
            ({(s.Settle + s.Warmup).TotalSeconds:0} s for the first phase of each security mode).

            """);
    }

    private static string FormatPhase(Settings s, string security, double rate, Phase p)
    {
        var o = p.Ours;
        var t = p.Theirs;
        var title = rate > 0 ? $"{rate:0} burst rounds/s" : "burst as fast as plc-sim can (rounds/s 0)";
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### Security {security}, {title}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"plc-sim produced {Median(p.Produced):#,0} notifications/s per subscriber (median; 3 per machine per round), using {Median(p.ServerCpu):0.00} cores.");
        text.AppendLine();
        text.AppendLine("| median of the windows | ours (UaClient) | node-opcua | ours / node-opcua |");
        text.AppendLine("| --- | ---: | ---: | ---: |");
        Row(text, "notifications/s received", "#,0", Median(o.Rate), Median(t.Rate));
        Row(text, "notifications received in all windows (total)", "#,0", o.Received, t.Received);
        Row(text, "CPU, cores", "0.000", Median(o.Cores), Median(t.Cores));
        Row(text, "CPU per notification, µs", "0.00", Median(o.CpuMicrosPerNotification), Median(t.CpuMicrosPerNotification));
        Row(text, "latency p50, ms", "0.0", Median(o.P50), Median(t.P50));
        Row(text, "latency p99, ms", "0.0", Median(o.P99), Median(t.P99));
        Row(text, "resident memory (max), MiB", "0", o.RssMiB, t.RssMiB);
        text.AppendLine();
        text.AppendLine("<details><summary>windows</summary>");
        text.AppendLine();
        text.AppendLine("| window | produced/s | ours/s | node-opcua/s | ours cores | node-opcua cores | ours p50 / p99 ms | node-opcua p50 / p99 ms | server cores |");
        text.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (var w = 0; w < p.Produced.Count; w++)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {w + 1} | {p.Produced[w]:#,0} | {o.Rate[w]:#,0} | {t.Rate[w]:#,0} | {o.Cores[w]:0.000} | {t.Cores[w]:0.000} | {o.P50[w]:0.0} / {o.P99[w]:0.0} | {t.P50[w]:0.0} / {t.P99[w]:0.0} | {p.ServerCpu[w]:0.000} |"));
        }

        text.AppendLine();
        text.AppendLine("</details>");
        return text.ToString();
    }

    private static void Row(StringBuilder text, string what, string format, double ours, double theirs) =>
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {ours.ToString(format, CultureInfo.InvariantCulture)} | {theirs.ToString(format, CultureInfo.InvariantCulture)} | {ours / theirs:0.00} |"));

    private static double Median(List<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record Settings(
        int Lines, int PerLine, string[] Signals, double[] Rates, int Windows, TimeSpan Window, TimeSpan Warmup, TimeSpan Settle,
        int PublishingMs, int InFlight, int QueueSize, string[] Securities, string Node);

    private sealed record PlcSim(ChildProcess Process, string Url) : IAsyncDisposable
    {
        /// <summary>SIGTERM (plc-sim shuts its server down cleanly on it), SIGKILL if it has not exited after 15 s.</summary>
        public async ValueTask DisposeAsync()
        {
            using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", Process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await Process.WaitOrKillAsync(TimeSpan.FromSeconds(15));
            await Process.DisposeAsync();
        }
    }

    private sealed record Mark(double Seconds, double[] Cpu, double ServerCpu, ConsumerReport[] Reports);

    private sealed record SimulationMethods(NodeId Object, NodeId StartBurst, NodeId StopBurst);

    private sealed class Phase
    {
        public List<double> Produced { get; } = [];
        public List<double> ServerCpu { get; } = [];
        public Side Ours { get; } = new();
        public Side Theirs { get; } = new();
    }

    private sealed class Side
    {
        public List<double> Rate { get; } = [];
        public long Received { get; set; }
        public List<double> Cores { get; } = [];
        public List<double> CpuMicrosPerNotification { get; } = [];
        public List<double> P50 { get; } = [];
        public List<double> P99 { get; } = [];
        public double RssMiB { get; set; }
    }
}
