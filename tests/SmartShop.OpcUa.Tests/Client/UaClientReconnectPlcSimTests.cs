using System.Collections.Concurrent;
using SmartShop.OpcUa.Client;
using SmartShop.OpcUa.Security;
using SmartShop.OpcUa.Services;
using SmartShop.OpcUa.Tests.PlcSim;
using SmartShop.OpcUa.Tests.Security;

namespace SmartShop.OpcUa.Tests.Client;

/// <summary>
/// Losing the connection to the real plc-sim (node-opcua) mid-subscription, and getting it back: the server killed
/// and restarted, the network reset under a live server, and a half-open connection only the keep-alive check finds.
/// </summary>
public sealed class UaClientReconnectPlcSimTests
{
    // Guards against a hung test, not claims about speed.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private static readonly string[] Names =
    [
        "nsu=urn:smartshop:plc-sim;s=line-1/l1-lathe/GoodCount",
        "nsu=urn:smartshop:plc-sim;s=line-1/l1-lathe/State",
        "nsu=urn:smartshop:plc-sim;s=line-2/l2-press/GoodCount",
        "nsu=urn:smartshop:plc-sim;s=line-2/l2-press/State",
    ];

    private static UaClientOptions Options(string url, string pki, Action<UaConnectionEvent> changed) => new()
    {
        EndpointUrl = url,
        PkiPath = pki,
        SecurityPolicy = SecurityPolicy.Basic256Sha256,
        SecurityMode = MessageSecurityMode.SignAndEncrypt,
        AutoAcceptUntrustedServerCertificates = true,
        ApplicationUri = "urn:smartshop:tests:client",
        KeepAliveInterval = TimeSpan.FromMilliseconds(500),
        KeepAliveTimeout = TimeSpan.FromSeconds(5), // a loaded machine must not look like a dead connection
        ReconnectDelay = TimeSpan.FromMilliseconds(200),
        MaxReconnectDelay = TimeSpan.FromSeconds(1),
        RequestTimeout = TimeSpan.FromSeconds(5),
        ConnectionChanged = changed,
    };

    /// <summary>Everything the subscription delivered, and the events, in arrival order.</summary>
    private sealed class Recorder
    {
        private readonly Lock _lock = new();
        private readonly List<(int Batch, DataChangeSample Sample)> _samples = [];
        private int _batches;

        public ConcurrentQueue<UaConnectionEvent> Events { get; } = new();

        public ConcurrentQueue<UaSubscriptionRecovery> Recoveries { get; } = new();

        public void OnBatch(UaSubscription subscription, ReadOnlySpan<DataChangeSample> batch)
        {
            lock (_lock)
            {
                _batches++;
                foreach (var sample in batch)
                {
                    _samples.Add((_batches, sample));
                }
            }
        }

        public int Count
        {
            get
            {
                lock (_lock)
                {
                    return _samples.Count;
                }
            }
        }

        public DataChangeSample[] Since(int index)
        {
            lock (_lock)
            {
                return [.. _samples.Skip(index).Select(s => s.Sample)];
            }
        }

        public async Task WaitAsync(Func<bool> condition, string what)
        {
            using var guard = new CancellationTokenSource(Guard);
            while (!condition())
            {
                if (guard.IsCancellationRequested)
                {
                    Assert.Fail($"Timed out waiting for {what}. Events: {string.Join(" | ", Events.Select(e => $"{e.State} {e.Attempt} {e.Reason}"))}; {Count} samples.");
                }

                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    private static async Task<(UaClient Client, UaSubscription Subscription, NodeId[] Nodes)> SubscribeAsync(string url, string pki, Recorder recorder)
    {
        var client = await UaClient.ConnectAsync(Options(url, pki, recorder.Events.Enqueue), TimeProvider.System);
        var nodes = Names.Select(client.ResolveNodeId).ToArray();
        var subscription = await client.CreateSubscriptionAsync(new UaSubscriptionOptions
        {
            PublishingInterval = TimeSpan.FromMilliseconds(100),
            Recovered = (_, recovery) => recorder.Recoveries.Enqueue(recovery),
        }, recorder.OnBatch);
        var items = await subscription.AddMonitoredItemsAsync(nodes, TimeSpan.FromMilliseconds(100), queueSize: 10);
        Assert.All(items, item => Assert.True(item.Status.IsGood, item.Status.ToString()));
        await recorder.WaitAsync(() => recorder.Since(0).Select(s => s.ClientHandle).Distinct().Count() == 4, "the initial values");
        return (client, subscription, nodes);
    }

    [Fact]
    public async Task ServerKilledAndRestarted_MidSubscription_NewSessionAndSubscription_SameHandles_CurrentValuesThenChanges()
    {
        await using var plcSim = await PlcSimServer.StartAsync(speed: 100);
        using var pki = new TempDirectory();
        var recorder = new Recorder();
        var (client, subscription, _) = await SubscribeAsync(plcSim.EndpointUrl, pki.Path, recorder);
        await using var _ = client;
        var oldSession = client.SessionId;
        var oldSubscriptionId = subscription.SubscriptionId;

        await plcSim.KillAsync();
        await recorder.WaitAsync(() => client.State == UaConnectionState.Reconnecting, "the loss to be noticed");
        var before = recorder.Count;
        await Task.Delay(1000); // a second of reconnect attempts against a closed port
        await plcSim.RestartAsync();

        await recorder.WaitAsync(() => client.State == UaConnectionState.Connected && !recorder.Recoveries.IsEmpty, "the recovery");
        var recovered = recorder.Events.Last();
        Assert.Equal(UaConnectionState.Connected, recovered.State);
        Assert.Equal(UaSessionRecovery.Recreated, recovered.Session);
        Assert.True(recovered.Outage >= TimeSpan.FromSeconds(1), $"outage {recovered.Outage}");
        Assert.Contains(recorder.Events, e => e is { State: UaConnectionState.Reconnecting, Attempt: > 0 }); // failed attempts while it was down
        Assert.NotEqual(oldSession, client.SessionId);
        Assert.Equal(1, client.Reconnects);

        var recovery = Assert.Single(recorder.Recoveries);
        Assert.Equal(UaSubscriptionRecoveryKind.Recreated, recovery.Kind);
        Assert.Equal(oldSubscriptionId, recovery.PreviousSubscriptionId);
        Assert.Equal(0, recovery.FailedItems);
        Assert.Equal(recovered.LostAt, recovery.LostAt);

        // The consumer gets every item's current value (same client handles as before), then GoodCount moves on.
        await recorder.WaitAsync(() => recorder.Since(before).Select(s => s.ClientHandle).Distinct().Count() == 4, "current values after the restart");
        var firstAfter = recorder.Since(before).First(s => s.ClientHandle == 1).Value.Value;
        await recorder.WaitAsync(
            () => recorder.Since(before).Any(s => s.ClientHandle is 1 && !Equals(s.Value.Value, firstAfter)),
            "a GoodCount change after the restart");
        Assert.All(recorder.Since(before), s => Assert.InRange(s.ClientHandle, 1u, 4u));
        Assert.Null(subscription.Fault);

        // The session works for ordinary requests too.
        var values = await client.ReadAsync([new ReadValueId { NodeId = client.ResolveNodeId(Names[0]) }]);
        Assert.True(values[0].StatusCode.IsGood);
    }

    [Fact]
    public async Task ConnectionReset_ServerAlive_SessionReactivated_SubscriptionResumed_NoMessageLost()
    {
        await using var plcSim = await PlcSimServer.StartAsync(speed: 100);
        await using var proxy = TcpProxy.For(plcSim.EndpointUrl);
        using var pki = new TempDirectory();
        var recorder = new Recorder();
        var (client, subscription, _) = await SubscribeAsync(proxy.EndpointUrl, pki.Path, recorder);
        await using var _ = client;
        var session = client.SessionId;
        var subscriptionId = subscription.SubscriptionId;

        // Unplugged for a moment: connections refused, so the outage lasts while the server goes on producing.
        proxy.RefuseNew = true;
        proxy.DropConnections();
        await recorder.WaitAsync(() => client.State == UaConnectionState.Reconnecting, "the loss to be noticed");
        var before = recorder.Count;
        await Task.Delay(1500);
        proxy.RefuseNew = false;

        await recorder.WaitAsync(() => client.State == UaConnectionState.Connected && !recorder.Recoveries.IsEmpty, "the recovery");
        Assert.Equal(UaSessionRecovery.Reactivated, recorder.Events.Last().Session);
        Assert.Equal(session, client.SessionId);
        var recovery = Assert.Single(recorder.Recoveries);
        Assert.Equal(UaSubscriptionRecoveryKind.Resumed, recovery.Kind);
        Assert.Equal(subscriptionId, subscription.SubscriptionId);

        // What the server produced meanwhile arrives (queued, or republished), and nothing is missing from the sequence.
        await recorder.WaitAsync(() => recorder.Since(before).Any(s => s.ClientHandle is 1 or 3), "the changes made during the outage");
        await Task.Delay(1000);
        Assert.Equal(0, subscription.LostMessages);
        Assert.Null(subscription.Fault);
        AssertCountersNeverGoBack(recorder.Since(0));
    }

    [Fact]
    public async Task OutageLongerThanSessionTimeout_NewSession_SubscriptionTransferredWithCurrentValues()
    {
        await using var plcSim = await PlcSimServer.StartAsync(speed: 100);
        await using var proxy = TcpProxy.For(plcSim.EndpointUrl);
        using var pki = new TempDirectory();
        var recorder = new Recorder();
        var client = await UaClient.ConnectAsync(Options(proxy.EndpointUrl, pki.Path, recorder.Events.Enqueue) with { SessionTimeout = TimeSpan.FromSeconds(2) }, TimeProvider.System);
        await using var _ = client;
        var subscription = await client.CreateSubscriptionAsync(new UaSubscriptionOptions
        {
            PublishingInterval = TimeSpan.FromMilliseconds(100),
            LifetimeCount = 600, // a minute: the subscription outlives the session
            Recovered = (_, recovery) => recorder.Recoveries.Enqueue(recovery),
        }, recorder.OnBatch);
        await subscription.AddMonitoredItemsAsync([.. Names.Select(client.ResolveNodeId)], TimeSpan.FromMilliseconds(100), queueSize: 10);
        await recorder.WaitAsync(() => recorder.Since(0).Select(s => s.ClientHandle).Distinct().Count() == 4, "the initial values");
        var session = client.SessionId;
        var subscriptionId = subscription.SubscriptionId;

        proxy.RefuseNew = true;
        proxy.DropConnections();
        await recorder.WaitAsync(() => client.State == UaConnectionState.Reconnecting, "the loss to be noticed");
        await Task.Delay(5000); // the server times the session out meanwhile
        var before = recorder.Count;
        proxy.RefuseNew = false;

        await recorder.WaitAsync(() => client.State == UaConnectionState.Connected && !recorder.Recoveries.IsEmpty, "the recovery");
        Assert.Equal(UaSessionRecovery.Recreated, recorder.Events.Last().Session);
        Assert.NotEqual(session, client.SessionId);
        var recovery = Assert.Single(recorder.Recoveries);
        Assert.Equal(UaSubscriptionRecoveryKind.Transferred, recovery.Kind);
        Assert.Equal(subscriptionId, subscription.SubscriptionId);

        // SendInitialValues: every item's current value, whether or not it changed.
        await recorder.WaitAsync(() => recorder.Since(before).Select(s => s.ClientHandle).Distinct().Count() == 4, "current values after the transfer");
        Assert.Null(subscription.Fault);
        AssertCountersNeverGoBack(recorder.Since(0));
    }

    [Fact]
    public async Task HalfOpenConnection_OnlyTheKeepAliveCheckNotices_ThenReconnects()
    {
        await using var plcSim = await PlcSimServer.StartAsync(speed: 100);
        await using var proxy = TcpProxy.For(plcSim.EndpointUrl);
        using var pki = new TempDirectory();
        var recorder = new Recorder();
        var (client, subscription, _) = await SubscribeAsync(proxy.EndpointUrl, pki.Path, recorder);
        await using var _ = client;
        var accepted = proxy.Accepted;

        proxy.Blackhole = true; // nothing closes: the channel looks open
        await recorder.WaitAsync(() => client.State == UaConnectionState.Reconnecting, "the keep-alive check to fail");
        Assert.Contains("keep-alive", recorder.Events.First(e => e.State == UaConnectionState.Reconnecting).Reason, StringComparison.OrdinalIgnoreCase);
        proxy.Blackhole = false;

        await recorder.WaitAsync(() => client.State == UaConnectionState.Connected && !recorder.Recoveries.IsEmpty, "the recovery");
        Assert.True(proxy.Accepted > accepted);
        var before = recorder.Count;
        await recorder.WaitAsync(() => recorder.Since(before).Any(s => s.ClientHandle is 1 or 3), "data after the recovery");
        Assert.Null(subscription.Fault);
    }

    [Fact]
    public async Task ReconnectOff_ConnectionLost_ClientClosed_SubscriptionFaulted()
    {
        await using var plcSim = await PlcSimServer.StartAsync(speed: 100);
        using var pki = new TempDirectory();
        var events = new ConcurrentQueue<UaConnectionEvent>();
        await using var client = await UaClient.ConnectAsync(Options(plcSim.EndpointUrl, pki.Path, events.Enqueue) with { Reconnect = false }, TimeProvider.System);
        var subscription = await client.CreateSubscriptionAsync(new UaSubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(100) }, (_, _) => { });

        await plcSim.KillAsync();
        using var guard = new CancellationTokenSource(Guard);
        while (client.State != UaConnectionState.Closed || subscription.Fault is null)
        {
            await Task.Delay(50, guard.Token);
        }

        var closed = Assert.Single(events);
        Assert.Equal(UaConnectionState.Closed, closed.State);
        Assert.False(string.IsNullOrEmpty(closed.Reason));
    }

    /// <summary>Cumulative counters arrive in order: a repeated or replayed message would show as a step back.</summary>
    private static void AssertCountersNeverGoBack(IEnumerable<DataChangeSample> samples)
    {
        foreach (var handle in new uint[] { 1, 3 })
        {
            var counts = samples.Where(s => s.ClientHandle == handle).Select(s => (uint)s.Value.Value!).ToArray();
            for (var i = 1; i < counts.Length; i++)
            {
                Assert.True(counts[i] >= counts[i - 1], $"handle {handle}: {string.Join(", ", counts)}");
            }
        }
    }
}
