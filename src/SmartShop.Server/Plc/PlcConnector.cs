using System.Threading.Channels;
using Microsoft.Extensions.Options;
using SmartShop.Core.Machines;
using SmartShop.Core.Plant;
using SmartShop.Grains;
using SmartShop.OpcUa;
using SmartShop.OpcUa.Client;
using SmartShop.OpcUa.Security;
using SmartShop.Server.Data;
using SmartShop.Server.Machines;
using SmartShop.Server.Plant;

namespace SmartShop.Server.Plc;

/// <summary>Configuration section <c>Plc</c>: how the MES connects to the machines' OPC UA servers.</summary>
public sealed class PlcOptions
{
    public const string Section = "Plc";

    /// <summary>Connect to the PLCs of the plant file at start-up (off: machines are reported by hand only).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>none, sign or signandencrypt (the default). None is insecure and logged as a warning.</summary>
    public string Security { get; set; } = "signandencrypt";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>Trust a server certificate not in the trust list yet (logged as a warning). Off by default: trust it with <c>smartshop ua trust</c>.</summary>
    public bool AutoAcceptUntrusted { get; set; }

    /// <summary>The PKI folder (default: &lt;data directory&gt;/pki), shared with <c>smartshop ua</c>.</summary>
    public string? PkiPath { get; set; }

    /// <summary>How often the servers send changes (the revised interval may be longer).</summary>
    public TimeSpan PublishingInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How often a server samples each signal (the OPC UA sampling interval); default: the publishing interval. Zero
    /// asks for every change as it happens: a server that reports changes by exception (plc-sim, node-opcua, many
    /// gateways) then polls nothing, where a positive interval makes it read every signal at that rate (1,000 machines
    /// of 11 signals on one plc-sim at 250 ms: 44,000 reads a second, the simulator saturated and changes late by a
    /// second or more). A PLC's server revises zero to the fastest rate it supports.
    /// </summary>
    public TimeSpan? SamplingInterval { get; set; }

    /// <summary>Wait before retrying a server that could not be reached at all; doubled up to a minute.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// The OPC UA connector: one session per endpoint of the plant file (many machines may share one server, as with
/// plc-sim or a gateway), one subscription to every mapped signal of its machines, and the samples handed to the
/// machine grains as plain values in batches. OPC UA types stay in this folder. Connection loss and recovery reach the
/// grains as data-health events; the client reconnects by itself once connected, and the first connection is retried
/// with backoff.
/// </summary>
public sealed partial class PlcConnector(
    PlantCatalog catalog,
    IGrainFactory grains,
    IOptions<PlcOptions> options,
    IConfiguration configuration,
    ILogger<PlcConnector> logger,
    TimeProvider clock) : BackgroundService
{
    private readonly Dictionary<string, EndpointStatus> _endpoints = [];

    private TimeProvider Clock => clock;

    private ILogger Logger => logger;

    private PlcOptions Settings => options.Value;

    private IGrainFactory Grains => grains;

    /// <summary>Each endpoint's connection, for the API and health.</summary>
    public IReadOnlyList<EndpointStatus> Endpoints
    {
        get
        {
            lock (_endpoints)
            {
                return [.. _endpoints.Values];
            }
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return Task.CompletedTask;
        }

        var byEndpoint = catalog.Plant.Machines
            .Where(m => Subscribed(m.Signals).Any())
            .GroupBy(m => m.Endpoint.Url, StringComparer.Ordinal)
            .ToArray();
        return Task.WhenAll(byEndpoint.Select(g => Task.Run(() => RunEndpointAsync(g.Key, [.. g], stoppingToken), CancellationToken.None)));
    }

    /// <summary>The signals read by subscription (job start/stop are called, not read).</summary>
    private static IEnumerable<(MachineSignal Signal, SignalAddress Address)> Subscribed(SignalMap map)
    {
        if (map.State is { } state)
        {
            yield return (MachineSignal.State, state);
        }

        if (map.GoodCount is { } good)
        {
            yield return (MachineSignal.GoodCount, good);
        }

        if (map.RejectCount is { } reject)
        {
            yield return (MachineSignal.RejectCount, reject);
        }

        if (map.StopReason is { } reason)
        {
            yield return (MachineSignal.StopReason, reason);
        }

        if (map.CycleTime is { } cycle)
        {
            yield return (MachineSignal.CycleTime, cycle);
        }

        if (map.EnergyKwh is { } energy)
        {
            yield return (MachineSignal.EnergyKwh, energy);
        }

        if (map.Mode is { } mode)
        {
            yield return (MachineSignal.Mode, mode);
        }

        if (map.JobId is { } job)
        {
            yield return (MachineSignal.JobId, job);
        }

        if (map.Product is { } product)
        {
            yield return (MachineSignal.Product, product);
        }

        if (map.Starved is { } starved)
        {
            yield return (MachineSignal.Starved, starved);
        }

        if (map.Blocked is { } blocked)
        {
            yield return (MachineSignal.Blocked, blocked);
        }
    }

    private async Task RunEndpointAsync(string url, MachineDefinition[] machines, CancellationToken stop)
    {
        var status = new EndpointStatus(url, [.. machines.Select(m => m.Id)]);
        lock (_endpoints)
        {
            _endpoints[url] = status;
        }

        var delay = options.Value.RetryDelay;
        var lostReported = false;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var session = await EndpointSession.StartAsync(this, url, machines, status, stop);
                delay = options.Value.RetryDelay;
                lostReported = false;
                _clients[url] = session.Client;
                try
                {
                    await Task.Delay(Timeout.Infinite, stop);
                }
                finally
                {
                    _clients.TryRemove(url, out _);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                status.Fail(e.Message, clock.GetUtcNow());
                LogConnectFailed(logger, url, delay.TotalSeconds, e.Message);
                if (!lostReported)
                {
                    await ReportLostAsync(machines, clock.GetUtcNow(), e.Message);
                    lostReported = true;
                }

                try
                {
                    await Task.Delay(delay, clock, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = delay * 2 > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : delay * 2;
            }
        }
    }

    private async Task ReportLostAsync(IEnumerable<MachineDefinition> machines, DateTimeOffset at, string reason)
    {
        foreach (var machine in machines)
        {
            await grains.GetGrain<IMachineGrain>(machine.Id).ReportConnectionLost(at, reason);
        }
    }

    private UaClientOptions ClientOptions(string url, Action<UaConnectionEvent> changed)
    {
        var o = options.Value;
        var (policy, mode) = o.Security.ToLowerInvariant() switch
        {
            "none" => (SecurityPolicy.None, MessageSecurityMode.None),
            "sign" => (SecurityPolicy.Basic256Sha256, MessageSecurityMode.Sign),
            "signandencrypt" => (SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt),
            _ => throw new InvalidOperationException($"Plc:Security is '{o.Security}'; expected none, sign or signandencrypt."),
        };
        return new UaClientOptions
        {
            EndpointUrl = url,
            SecurityPolicy = policy,
            SecurityMode = mode,
            AllowInsecure = mode == MessageSecurityMode.None,
            UserName = o.UserName,
            Password = o.Password,
            PkiPath = o.PkiPath ?? Path.Combine(DatabaseSetup.ResolveDataDirectory(configuration["SmartShop:DataDirectory"]), "pki"),
            AutoAcceptUntrustedServerCertificates = o.AutoAcceptUntrusted,
            ApplicationName = "SmartShop MES",
            SessionName = "SmartShop MES connector",
            Warning = message => LogClientWarning(logger, url, message),
            ConnectionChanged = changed,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "OPC UA {Url}: could not connect, retrying in {Seconds} s: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string url, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OPC UA {Url}: {Message}")]
    private static partial void LogClientWarning(ILogger logger, string url, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "OPC UA {Url}: connected, {Items} signals of {Machines} machines subscribed")]
    private static partial void LogConnected(ILogger logger, string url, int items, int machines);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OPC UA {Url}: machine {MachineId} signal {Signal} ({Address}) cannot be read: {Reason}")]
    private static partial void LogSignalFailed(ILogger logger, string url, string machineId, MachineSignal signal, string address, string reason);

    /// <summary>
    /// One connected endpoint: the client, its subscription, the client handle → (machine, signal) map, and the queue
    /// of sample batches on their way to the grains (the subscription's callback must not wait for them).
    /// </summary>
    private sealed class EndpointSession : IAsyncDisposable
    {
        private const int BatchesInFlight = 64;

        private readonly PlcConnector _owner;
        private readonly string _url;
        private readonly MachineDefinition[] _machines;
        private readonly EndpointStatus _status;
        private readonly Channel<(string MachineId, MachineSample[] Samples)[]> _queue =
            Channel.CreateUnbounded<(string, MachineSample[])[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        private readonly List<MachineSample>[] _perMachine;
        private (int Machine, MachineSignal Signal)[] _handles = [];
        private UaClient? _client;
        private Task _pump = Task.CompletedTask;

        /// <summary>The connected client (after <see cref="StartAsync"/>).</summary>
        public UaClient Client => _client ?? throw new InvalidOperationException("The session is not connected.");

        private EndpointSession(PlcConnector owner, string url, MachineDefinition[] machines, EndpointStatus status)
        {
            _owner = owner;
            _url = url;
            _machines = machines;
            _status = status;
            _perMachine = [.. machines.Select(_ => new List<MachineSample>())];
        }

        public static async Task<EndpointSession> StartAsync(PlcConnector owner, string url, MachineDefinition[] machines, EndpointStatus status, CancellationToken stop)
        {
            var session = new EndpointSession(owner, url, machines, status);
            try
            {
                await session.ConnectAsync(stop);
                return session;
            }
            catch
            {
                await session.DisposeAsync();
                throw;
            }
        }

        private async Task ConnectAsync(CancellationToken stop)
        {
            _client = await UaClient.ConnectAsync(_owner.ClientOptions(_url, OnConnectionChanged), _owner.Clock, stop);
            var nodes = new List<NodeId>();
            var handles = new List<(int, MachineSignal)>();
            for (var m = 0; m < _machines.Length; m++)
            {
                foreach (var (signal, address) in Subscribed(_machines[m].Signals))
                {
                    try
                    {
                        nodes.Add(address.Kind == SignalAddressKind.BrowsePath
                            ? await _client.ResolveBrowsePathAsync(address.Text, stop)
                            : _client.ResolveNodeId(address.Text));
                        handles.Add((m, signal));
                    }
                    catch (UaException e)
                    {
                        LogSignalFailed(_owner.Logger, _url, _machines[m].Id, signal, address.Text, e.Message);
                    }
                }
            }

            // Client handles are numbered from 1 in the order of the nodes.
            _handles = [(-1, default), .. handles];
            _pump = Task.Run(PumpAsync, CancellationToken.None);
            var subscription = await _client.CreateSubscriptionAsync(new UaSubscriptionOptions
            {
                PublishingInterval = _owner.Settings.PublishingInterval,
                MaxKeepAliveCount = 20,
                LifetimeCount = 240,
                Warning = message => LogClientWarning(_owner.Logger, _url, message),
                Recovered = (_, recovery) => _status.Recovered(recovery.Kind.ToString(), recovery.Outage, _owner.Clock.GetUtcNow()),
            }, OnBatch, stop);
            var sampling = _owner.Settings.SamplingInterval ?? _owner.Settings.PublishingInterval;
            var items = await subscription.AddMonitoredItemsAsync(nodes, sampling, queueSize: 100, stop);
            for (var i = 0; i < items.Length; i++)
            {
                if (!items[i].Status.IsGood)
                {
                    var (m, signal) = handles[i];
                    LogSignalFailed(_owner.Logger, _url, _machines[m].Id, signal, nodes[i].ToString(), items[i].Status.ToString());
                }
            }

            _status.Connected(items.Count(i => i.Status.IsGood), nodes.Count, _owner.Clock.GetUtcNow());
            LogConnected(_owner.Logger, _url, items.Count(i => i.Status.IsGood), _machines.Length);
        }

        private void OnConnectionChanged(UaConnectionEvent change)
        {
            if (change is { State: UaConnectionState.Reconnecting, Attempt: 0 })
            {
                _status.Fail(change.Reason ?? "connection lost", change.At);
                var lost = _machines.Select(m => (m.Id, Array.Empty<MachineSample>())).ToArray();
                _queue.Writer.TryWrite(lost); // an empty batch per machine: "lost", in order with the samples before it
            }
            else if (change.State == UaConnectionState.Connected)
            {
                _status.Connected(_status.Items, _status.Signals, change.At);
            }
        }

        /// <summary>A data-change message: its samples, grouped per machine, queued for the grains. Runs on the subscription's dispatch.</summary>
        private void OnBatch(UaSubscription subscription, ReadOnlySpan<DataChangeSample> batch)
        {
            var received = _owner.Clock.GetUtcNow();
            foreach (var sample in batch)
            {
                if (sample.ClientHandle >= (uint)_handles.Length)
                {
                    continue;
                }

                var (m, signal) = _handles[sample.ClientHandle];
                _perMachine[m].Add(ToSample(signal, sample, received));
            }

            var ready = new List<(string, MachineSample[])>();
            for (var m = 0; m < _perMachine.Length; m++)
            {
                if (_perMachine[m].Count > 0)
                {
                    ready.Add((_machines[m].Id, [.. _perMachine[m]]));
                    _perMachine[m].Clear();
                }
            }

            _status.Received(batch.Length);
            _queue.Writer.TryWrite([.. ready]);
        }

        private static MachineSample ToSample(MachineSignal signal, in DataChangeSample sample, DateTimeOffset received)
        {
            var source = sample.SourceTimestamp.IsMinValue
                ? (sample.ServerTimestamp.IsMinValue ? received : sample.ServerTimestamp.ToDateTimeOffset())
                : sample.SourceTimestamp.ToDateTimeOffset();
            var value = sample.Value;
            var good = sample.Status.IsGood;
            string? text = null;
            if (!value.TryGetNumber(out var number))
            {
                if (value.TryGetValue(out string? s))
                {
                    text = s;
                }
                else if (value.TryGetValue(out LocalizedText localized))
                {
                    text = localized.Text;
                }
                else if (value.TryGetValue(out bool b))
                {
                    number = b ? 1 : 0;
                }
                else if (signal is not MachineSignal.JobId and not MachineSignal.Product)
                {
                    good = false; // a value the MES cannot read as this signal
                }
            }

            var maximum = value.BuiltInType switch
            {
                BuiltInType.UInt16 => (ulong)ushort.MaxValue,
                BuiltInType.Int16 => (ulong)short.MaxValue,
                BuiltInType.Int32 => (ulong)int.MaxValue,
                BuiltInType.UInt32 => (ulong)uint.MaxValue,
                BuiltInType.Int64 or BuiltInType.UInt64 => (ulong)long.MaxValue,
                _ => 0ul,
            };
            return new MachineSample(signal, number, text, source, received, good, maximum);
        }

        /// <summary>
        /// Hands the queued batches to the grains, in order. A grain takes its calls in the order they are made, so a
        /// batch does not wait for the one before it to be applied: one machine whose write is slow (SQLite's single
        /// writer shared by a thousand machines) held up every machine of the endpoint for seconds when each batch
        /// waited for all of the last (tests/SmartShop.Fleet.Bench/RESULTS.md). At most
        /// <see cref="BatchesInFlight"/> batches (some 15 s of publishing) are handed over before the oldest is applied.
        /// </summary>
        private async Task PumpAsync()
        {
            var inFlight = new Queue<Task>();
            await foreach (var batch in _queue.Reader.ReadAllAsync())
            {
                var calls = new Task[batch.Length];
                for (var i = 0; i < batch.Length; i++)
                {
                    var (machineId, samples) = batch[i];
                    var grain = _owner.Grains.GetGrain<IMachineGrain>(machineId);
                    calls[i] = samples.Length == 0
                        ? grain.ReportConnectionLost(_owner.Clock.GetUtcNow(), "connection lost")
                        : grain.ReportSamples(new MachineSampleBatch(samples));
                }

                inFlight.Enqueue(AppliedAsync(calls));
                while (inFlight.Count > BatchesInFlight)
                {
                    await inFlight.Dequeue();
                }
            }

            await Task.WhenAll(inFlight);
        }

        private async Task AppliedAsync(Task[] calls)
        {
            try
            {
                await Task.WhenAll(calls);
            }
            catch (Exception e)
            {
                LogClientWarning(_owner.Logger, _url, $"A machine grain refused samples: {e.Message}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_client is not null)
            {
                await _client.DisposeAsync();
            }

            _queue.Writer.TryComplete();
            await _pump;
        }
    }
}

/// <summary>An endpoint's connection as the connector sees it (thread-safe; read by the API).</summary>
public sealed class EndpointStatus(string url, IReadOnlyList<string> machineIds)
{
    private readonly Lock _lock = new();
    private long _samples;

    public string Url { get; } = url;

    public IReadOnlyList<string> MachineIds { get; } = machineIds;

    public bool IsConnected { get; private set; }

    public DateTimeOffset? Since { get; private set; }

    public string? LastError { get; private set; }

    public int Items { get; private set; }

    public int Signals { get; private set; }

    public int Reconnects { get; private set; }

    public string? LastRecovery { get; private set; }

    public long SamplesReceived => Interlocked.Read(ref _samples);

    internal void Connected(int items, int signals, DateTimeOffset at)
    {
        lock (_lock)
        {
            (IsConnected, Since, Items, Signals) = (true, at, items, signals);
        }
    }

    internal void Fail(string reason, DateTimeOffset at)
    {
        lock (_lock)
        {
            if (IsConnected || Since is null)
            {
                Since = at;
            }

            (IsConnected, LastError) = (false, reason);
        }
    }

    internal void Recovered(string kind, TimeSpan outage, DateTimeOffset at)
    {
        lock (_lock)
        {
            Reconnects++;
            LastRecovery = $"{kind} after {outage.TotalSeconds:0.#} s at {at:O}";
        }
    }

    internal void Received(int samples) => Interlocked.Add(ref _samples, samples);
}
