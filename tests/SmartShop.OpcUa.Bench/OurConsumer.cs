using System.Globalization;
using System.Text.Json;
using SmartShop.OpcUa.Client;
using SmartShop.OpcUa.Security;

namespace SmartShop.OpcUa.Bench;

/// <summary>
/// Our side of the comparison, run by the bench as a child process (<c>client</c> subcommand) so that its CPU is its
/// own: a UaClient session, one subscription, the nodes of the items file monitored, every sample counted and its
/// latency (receive time − source timestamp) recorded. It speaks the same stdin/stdout protocol as
/// plc-sim/bench/client-subscribe.js: <c>ready &lt;items&gt;</c> once subscribed, a JSON line per <c>mark</c>, exit on
/// <c>stop</c>.
/// </summary>
public static class OurConsumer
{
    private const string PlcSimNamespace = "urn:smartshop:plc-sim";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var url = options.Text("--url") ?? throw new ArgumentException("--url is required");
        var itemsFile = options.Text("--items") ?? throw new ArgumentException("--items is required");
        var publishing = TimeSpan.FromMilliseconds(options.Number("--publishing-ms", 100));
        var inFlight = (int)options.Number("--in-flight", 10);
        var queueSize = (uint)options.Number("--queue-size", 100);
        var maxPerPublish = (uint)options.Number("--max-per-publish", 1000);
        var secure = (options.Text("--security") ?? "none") == "sign-encrypt";
        var pki = options.Text("--pki") ?? Directory.CreateTempSubdirectory("smartshop-bench-pki-").FullName;

        var time = TimeProvider.System;
        var histogram = new LatencyHistogram();
        var gate = new Lock();
        long received = 0;
        long windowCount = 0;

        await using var client = await UaClient.ConnectAsync(new UaClientOptions
        {
            EndpointUrl = url,
            SecurityPolicy = secure ? SecurityPolicy.Basic256Sha256 : SecurityPolicy.None,
            SecurityMode = secure ? MessageSecurityMode.SignAndEncrypt : MessageSecurityMode.None,
            AllowInsecure = !secure,
            PkiPath = pki,
            AutoAcceptUntrustedServerCertificates = true,
            ApplicationName = "SmartShop bench client",
            SessionTimeout = TimeSpan.FromMinutes(10),
            Warning = w => Console.Error.WriteLine($"our client: {w}"),
        }, time);

        await using var subscription = await client.CreateSubscriptionAsync(new UaSubscriptionOptions
        {
            PublishingInterval = publishing,
            MaxKeepAliveCount = 10,
            LifetimeCount = 60,
            MaxNotificationsPerPublish = maxPerPublish,
            PublishRequestsInFlight = inFlight,
            Warning = w => Console.Error.WriteLine($"our client: {w}"),
        }, (_, samples) =>
        {
            // One clock read per batch: every sample of the batch was decoded before the handler ran.
            var now = UaDateTime.FromDateTimeOffset(time.GetUtcNow()).Ticks;
            lock (gate)
            {
                received += samples.Length;
                windowCount += samples.Length;
                foreach (ref readonly var sample in samples)
                {
                    if (!sample.SourceTimestamp.IsMinValue)
                    {
                        histogram.Add(now - sample.SourceTimestamp.Ticks);
                    }
                }
            }
        });

        var nodeIds = File.ReadAllLines(itemsFile)
            .Where(l => l.Trim().Length > 0)
            .Select(l => client.ResolveNodeId($"nsu={PlcSimNamespace};{l.Trim()}"))
            .ToArray();
        var items = await subscription.AddMonitoredItemsAsync(nodeIds, samplingInterval: TimeSpan.Zero, queueSize);
        var bad = items.Count(i => !i.Status.IsGood);
        if (bad > 0)
        {
            Console.Error.WriteLine($"our client: {bad} of {items.Length} monitored items failed, e.g. {items.First(i => !i.Status.IsGood).Status}");
        }

        Console.Out.WriteLine($"ready {items.Length}");
        Console.Out.Flush();

        while (await Console.In.ReadLineAsync() is { } line)
        {
            if (line == "mark")
            {
                string report;
                lock (gate)
                {
                    // Written by hand: the serializer's first call costs about 0.1 s of CPU, which would land in a window.
                    report = string.Create(CultureInfo.InvariantCulture,
                        $"{{\"received\":{received},\"windowCount\":{windowCount},\"p50Ms\":{JsonNumber(histogram.PercentileMs(0.5))},\"p99Ms\":{JsonNumber(histogram.PercentileMs(0.99))},\"negative\":{histogram.Negative}}}");
                    histogram.Clear();
                    windowCount = 0;
                }

                Console.Out.WriteLine(report);
                Console.Out.Flush();
            }
            else if (line == "stop")
            {
                break;
            }
        }

        if (subscription.Fault is { } fault)
        {
            Console.Error.WriteLine($"our client: the Publish loop stopped: {fault.Message}");
        }

        return 0;
    }

    private static string JsonNumber(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "null";
}

/// <summary>What a consumer says at a mark (JSON, camelCase as client-subscribe.js writes it).</summary>
/// <param name="Received">Notifications since the consumer subscribed.</param>
/// <param name="WindowCount">Notifications since the previous mark.</param>
/// <param name="P50Ms">Median latency of the notifications since the previous mark, ms.</param>
public sealed record ConsumerReport(long Received, long WindowCount, double? P50Ms, double? P99Ms, long Negative)
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}

/// <summary><c>--name value</c> pairs.</summary>
public sealed class BenchArgs(string[] args)
{
    public string? Text(string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public double Number(string name, double defaultValue) =>
        Text(name) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : defaultValue;

    public bool Flag(string name) => Array.IndexOf(args, name) >= 0;
}
