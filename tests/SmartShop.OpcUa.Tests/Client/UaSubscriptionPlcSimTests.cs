using SmartShop.OpcUa.Client;
using SmartShop.OpcUa.Security;
using SmartShop.OpcUa.Services;
using SmartShop.OpcUa.Tests.PlcSim;
using SmartShop.OpcUa.Tests.Security;

namespace SmartShop.OpcUa.Tests.Client;

/// <summary>Subscriptions against the real plc-sim (node-opcua), which runs 100 × faster so counters move.</summary>
public sealed class UaSubscriptionPlcSimTests
{
    // A guard against a hung test, not a claim about speed: plc-sim at speed 100 turns
    // the lathe's first setup and 48 s cycles into seconds.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private const double Speed = 100;

    private static UaClientOptions Options(string url, string pki) => new()
    {
        EndpointUrl = url,
        PkiPath = pki,
        SecurityPolicy = SecurityPolicy.Basic256Sha256,
        SecurityMode = MessageSecurityMode.SignAndEncrypt,
        AutoAcceptUntrustedServerCertificates = true,
        ApplicationUri = "urn:smartshop:tests:client",
    };

    [Fact]
    public async Task Subscribe_GoodCountAndStateOfTwoMachines_InitialValuesThenIncreasingGoodCount()
    {
        var start = TimeProvider.System.GetUtcNow(); // before plc-sim starts its simulated clock
        await using var plcSim = await PlcSimServer.StartAsync(speed: Speed);
        using var pki = new TempDirectory();
        await using var client = await UaClient.ConnectAsync(Options(plcSim.EndpointUrl, pki.Path), TimeProvider.System);
        string[] names =
        [
            "nsu=urn:smartshop:plc-sim;s=line-1/l1-lathe/GoodCount",
            "nsu=urn:smartshop:plc-sim;s=line-1/l1-lathe/State",
            "nsu=urn:smartshop:plc-sim;s=line-1/l1-mill/GoodCount",
            "nsu=urn:smartshop:plc-sim;s=line-1/l1-mill/State",
        ];
        var nodes = names.Select(client.ResolveNodeId).ToArray();
        var samples = new List<DataChangeSample>();
        var firstGoodCount = new Dictionary<uint, uint>();
        var done = new TaskCompletionSource<DataChangeSample>(TaskCreationOptions.RunContinuationsAsynchronously);
        var goodCountHandles = new HashSet<uint>();
        var batches = 0;
        void OnBatch(UaSubscription subscription, ReadOnlySpan<DataChangeSample> batch)
        {
            lock (samples)
            {
                batches++;
                foreach (var sample in batch)
                {
                    samples.Add(sample);
                    if (!goodCountHandles.Contains(sample.ClientHandle) || !sample.Value.TryGetValue(out uint count))
                    {
                        continue;
                    }

                    if (!firstGoodCount.TryGetValue(sample.ClientHandle, out var first))
                    {
                        firstGoodCount[sample.ClientHandle] = count;
                    }
                    else if (count > first)
                    {
                        done.TrySetResult(sample);
                    }
                }
            }
        }

        // Handles are numbered from 1 in the order of the nodes: GoodCount items are 1 and 3. Registered before any
        // callback can run (the subscription has no items yet).
        goodCountHandles.UnionWith([1u, 3u]);
        var subscription = await client.CreateSubscriptionAsync(new UaSubscriptionOptions
        {
            PublishingInterval = TimeSpan.FromMilliseconds(100),
            MaxMonitoredItemsPerCall = 3, // 4 nodes: two CreateMonitoredItems calls
        }, OnBatch);

        var items = await subscription.AddMonitoredItemsAsync(nodes, TimeSpan.FromMilliseconds(100), queueSize: 10);
        DataChangeSample changed;
        try
        {
            changed = await done.Task.WaitAsync(Guard);
        }
        catch (TimeoutException)
        {
            lock (samples)
            {
                Assert.Fail($"No GoodCount change: {samples.Count} samples in {batches} batches ({string.Join(", ", samples.Select(s => $"{s.ClientHandle}={s.Value}"))}), "
                    + $"{subscription.Messages} messages, {subscription.KeepAlives} keep-alives, fault {subscription.Fault?.Message}.");
            }

            throw;
        }

        Assert.All(items, item => Assert.True(item.Status.IsGood, item.Status.ToString()));
        Assert.Equal([1u, 2u, 3u, 4u], items.Select(i => i.ClientHandle));
        Assert.True(subscription.TryGetNodeId(changed.ClientHandle, out var changedNode));
        Assert.Contains(changedNode, new[] { nodes[0], nodes[2] });
        lock (samples)
        {
            // Initial values of all four items, the states as Int32.
            Assert.Equal([1u, 2u, 3u, 4u], samples.Select(s => s.ClientHandle).Distinct().Order());
            Assert.All(samples.Where(s => s.ClientHandle is 2 or 4), s => Assert.True(s.Value.TryGetValue(out int _)));
            Assert.All(samples, s => Assert.True(s.Status.IsGood, s.Status.ToString()));
            var initial = samples.First(s => s.ClientHandle == changed.ClientHandle);
            Assert.True(changed.SourceTimestamp > initial.SourceTimestamp);
            Assert.True(batches >= 2);
        }

        // Plausible source timestamps: plc-sim stamps values with its simulated clock, which starts at the real time
        // and runs Speed × faster, so it lies between the start and the start plus Speed × the elapsed time.
        var sourceTime = new DateTimeOffset(changed.SourceTimestamp.ToDateTime(), TimeSpan.Zero);
        var elapsed = TimeProvider.System.GetUtcNow() - start;
        Assert.InRange(sourceTime, start - TimeSpan.FromMinutes(5), start + (Speed * elapsed) + TimeSpan.FromMinutes(5));
        Assert.False(changed.ServerTimestamp.IsMinValue);
        Assert.Equal(0, subscription.LostMessages);
        Assert.Null(subscription.Fault);

        var id = subscription.SubscriptionId;
        await subscription.DisposeAsync();

        // Deleted on the server: deleting it again is refused per item.
        var again = await client.SendAsync<DeleteSubscriptionsResponse>(new DeleteSubscriptionsRequest { SubscriptionIds = [id] });
        Assert.Equal(StatusCodes.BadSubscriptionIdInvalid, again.Results![0].Code);
    }

    [Fact]
    public async Task AddMonitoredItems_UnknownNode_ReportsBadStatusForThatItemOnly()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        using var pki = new TempDirectory();
        await using var client = await UaClient.ConnectAsync(Options(plcSim.EndpointUrl, pki.Path), TimeProvider.System);
        await using var subscription = await client.CreateSubscriptionAsync(new UaSubscriptionOptions(), static (_, _) => { });
        var good = client.ResolveNodeId("nsu=urn:smartshop:plc-sim;s=line-1/l1-lathe/GoodCount");
        var unknown = client.ResolveNodeId("nsu=urn:smartshop:plc-sim;s=line-1/no-such-machine/GoodCount");

        var items = await subscription.AddMonitoredItemsAsync([good, unknown], TimeSpan.FromMilliseconds(500));

        Assert.True(items[0].Status.IsGood);
        Assert.Equal(StatusCodes.BadNodeIdUnknown, items[1].Status.Code);
        Assert.False(subscription.TryGetNodeId(items[1].ClientHandle, out _));
    }

    [Fact]
    public async Task Close_SubscriptionStillOpen_StopsPublishingWithoutFault()
    {
        await using var plcSim = await PlcSimServer.StartAsync(speed: Speed);
        using var pki = new TempDirectory();
        var client = await UaClient.ConnectAsync(Options(plcSim.EndpointUrl, pki.Path), TimeProvider.System);
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = await client.CreateSubscriptionAsync(
            new UaSubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(100) }, (_, _) => first.TrySetResult());
        await subscription.AddMonitoredItemsAsync([client.ResolveNodeId("nsu=urn:smartshop:plc-sim;s=line-1/l1-lathe/State")], TimeSpan.Zero);
        await first.Task.WaitAsync(Guard);

        await client.CloseAsync();

        Assert.Null(subscription.Fault);
        Assert.Empty(client.Subscriptions);
        await subscription.DisposeAsync(); // after the close: nothing left to do
    }

    [Fact]
    public async Task RemoveMonitoredItems_OneOfTwo_ItsValuesStop_OtherGoesOn_UnknownHandleRefused()
    {
        await using var plcSim = await PlcSimServer.StartAsync(speed: Speed);
        using var pki = new TempDirectory();
        await using var client = await UaClient.ConnectAsync(Options(plcSim.EndpointUrl, pki.Path), TimeProvider.System);
        var seen = new System.Collections.Concurrent.ConcurrentQueue<uint>();
        await using var subscription = await client.CreateSubscriptionAsync(
            new UaSubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(100) },
            (_, batch) =>
            {
                foreach (var sample in batch)
                {
                    seen.Enqueue(sample.ClientHandle);
                }
            });
        var items = await subscription.AddMonitoredItemsAsync(
            [client.ResolveNodeId("nsu=urn:smartshop:plc-sim;s=line-1/l1-lathe/EnergyKwh"), client.ResolveNodeId("nsu=urn:smartshop:plc-sim;s=line-2/l2-press/EnergyKwh")],
            TimeSpan.FromMilliseconds(100));
        using var guard = new CancellationTokenSource(Guard);
        while (seen.Distinct().Count() < 2)
        {
            await Task.Delay(50, guard.Token);
        }

        var removed = await subscription.RemoveMonitoredItemsAsync([items[0].ClientHandle, 999]);
        await Task.Delay(500); // messages already on their way
        seen.Clear();
        while (seen.Count(h => h == items[1].ClientHandle) < 3)
        {
            await Task.Delay(50, guard.Token);
        }

        Assert.True(removed[0].IsGood, removed[0].ToString());
        Assert.Equal(StatusCodes.BadMonitoredItemIdInvalid, removed[1].Code);
        Assert.DoesNotContain(items[0].ClientHandle, seen);
        Assert.False(subscription.TryGetNodeId(items[0].ClientHandle, out _));
    }

    [Fact]
    public async Task Modify_PublishingInterval_RevisedByTheServerAndKept()
    {
        await using var plcSim = await PlcSimServer.StartAsync(speed: Speed);
        using var pki = new TempDirectory();
        await using var client = await UaClient.ConnectAsync(Options(plcSim.EndpointUrl, pki.Path), TimeProvider.System);
        await using var subscription = await client.CreateSubscriptionAsync(new UaSubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(100) }, static (_, _) => { });

        await subscription.ModifyAsync(TimeSpan.FromMilliseconds(750), maxKeepAliveCount: 4);

        Assert.Equal(TimeSpan.FromMilliseconds(750), subscription.RevisedPublishingInterval);
        Assert.Equal(4u, subscription.RevisedMaxKeepAliveCount);
        Assert.Null(subscription.Fault);
    }
}
