using SmartShop.OpcUa.Services;

namespace SmartShop.OpcUa.Client;

/// <summary>How <see cref="UaClient.CreateSubscriptionAsync"/> sets up a subscription; the server revises the numbers.</summary>
public sealed record UaSubscriptionOptions
{
    public TimeSpan PublishingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Publishing intervals without notifications before the server sends a keep-alive.</summary>
    public uint MaxKeepAliveCount { get; init; } = 10;

    /// <summary>Publishing intervals without Publish requests before the server deletes the subscription; raised to 3 × the keep-alive count.</summary>
    public uint LifetimeCount { get; init; } = 60;

    /// <summary>0 for no limit.</summary>
    public uint MaxNotificationsPerPublish { get; init; }

    public byte Priority { get; init; }

    /// <summary>Publish requests kept outstanding, so no publishing cycle waits for a round trip.</summary>
    public int PublishRequestsInFlight { get; init; } = 5;

    /// <summary>Items per CreateMonitoredItems call (servers limit the operations per request).</summary>
    public int MaxMonitoredItemsPerCall { get; init; } = 1000;

    /// <summary>Called with the first sequence number and the count of messages that were lost (Republish could not return them).</summary>
    public Action<uint, uint>? MessagesLost { get; init; }

    /// <summary>Publish errors and status changes of the subscription.</summary>
    public Action<string>? Warning { get; init; }

    /// <summary>The subscription came back after its client reconnected: how, and the outage it may have missed.</summary>
    public Action<UaSubscription, UaSubscriptionRecovery>? Recovered { get; init; }
}

/// <summary>How a subscription came back after a reconnect.</summary>
public enum UaSubscriptionRecoveryKind
{
    /// <summary>The session was reactivated and the subscription was still there: what the server queued meanwhile follows.</summary>
    Resumed,

    /// <summary>Moved to the new session (TransferSubscriptions), the current value of every item sent again.</summary>
    Transferred,

    /// <summary>The server no longer had it: created again with the same items and client handles; every item's current value follows, changes during the outage are unknown.</summary>
    Recreated,
}

/// <summary>
/// What <see cref="UaSubscriptionOptions.Recovered"/> reports: the gap from <paramref name="LostAt"/> to
/// <paramref name="RecoveredAt"/>, and how the subscription came back (which says whether changes in the gap were kept).
/// </summary>
/// <param name="PreviousSubscriptionId">The server's id before the recovery (it changes when recreated).</param>
/// <param name="FailedItems">Items that could not be created again (recreated subscriptions only); each is also reported as a warning.</param>
public sealed record UaSubscriptionRecovery(
    UaSubscriptionRecoveryKind Kind,
    DateTimeOffset LostAt,
    DateTimeOffset RecoveredAt,
    uint PreviousSubscriptionId,
    int FailedItems)
{
    public TimeSpan Outage => RecoveredAt - LostAt;
}

/// <summary>
/// One new value of a monitored item, copied out of the notification so the batch is a span of structs without an
/// object per sample.
/// </summary>
public readonly record struct DataChangeSample(uint ClientHandle, Variant Value, StatusCode Status, UaDateTime SourceTimestamp, UaDateTime ServerTimestamp);

/// <summary>
/// The data changes of one NotificationMessage, in the server's order. The span is only valid during the call (its
/// buffer is reused for the next message); calls are serialized per subscription.
/// </summary>
public delegate void DataChangeBatchHandler(UaSubscription subscription, ReadOnlySpan<DataChangeSample> samples);

/// <summary>A monitored item as created by the server.</summary>
public sealed record UaMonitoredItem(NodeId NodeId, uint ClientHandle, uint MonitoredItemId, StatusCode Status, double RevisedSamplingInterval, uint RevisedQueueSize);

/// <summary>
/// A subscription of a <see cref="UaClient"/> session: CreateSubscription, CreateMonitoredItems in batches, several
/// Publish requests in flight (each acknowledging the messages received so far), keep-alives, sequence-number gaps
/// repaired with Republish (or reported), recovery after the client reconnects, and DeleteSubscriptions on dispose.
/// </summary>
public sealed class UaSubscription : IAsyncDisposable
{
    private readonly UaClient _client;
    private readonly DataChangeBatchHandler _onBatch;
    private UaSubscriptionOptions _options;
    private readonly Lock _dispatchLock = new();
    private readonly Dictionary<uint, NodeId> _nodesByHandle = [];
    private readonly Dictionary<uint, ItemSpec> _items = [];
    private readonly Dictionary<uint, uint> _monitoredItemIds = [];
    private readonly SortedDictionary<uint, NotificationMessage?> _held = [];
    private uint _nextToDeliver = 1; // a subscription's first message is number 1
    private readonly CancellationTokenSource _stop = new();
    private PublishSequenceTracker _tracker;
    private Task[] _loops = [];
    private DataChangeSample[] _buffer = new DataChangeSample[64];
    private uint _nextClientHandle;
    private long _keepAlives;
    private long _messages;
    private long _republished;
    private int _disposed;

    private UaSubscription(UaClient client, UaSubscriptionOptions options, DataChangeBatchHandler onBatch, CreateSubscriptionResponse created)
    {
        _client = client;
        _options = options;
        _onBatch = onBatch;
        _tracker = new PublishSequenceTracker(Math.Max(1, options.PublishRequestsInFlight));
        Accept(created);
    }

    /// <summary>The server's id; a new one when the subscription had to be recreated after a reconnect.</summary>
    public uint SubscriptionId { get; private set; }

    public TimeSpan RevisedPublishingInterval { get; private set; }

    public uint RevisedMaxKeepAliveCount { get; private set; }

    public uint RevisedLifetimeCount { get; private set; }

    /// <summary>Recoveries after reconnects, of any kind.</summary>
    public int Recoveries { get; private set; }

    private void Accept(CreateSubscriptionResponse created)
    {
        SubscriptionId = created.SubscriptionId;
        RevisedPublishingInterval = TimeSpan.FromMilliseconds(created.RevisedPublishingInterval);
        RevisedMaxKeepAliveCount = created.RevisedMaxKeepAliveCount;
        RevisedLifetimeCount = created.RevisedLifetimeCount;
    }

    /// <summary>What CreateMonitoredItems was asked for an item, to ask again when the subscription is recreated.</summary>
    private readonly record struct ItemSpec(uint ClientHandle, NodeId NodeId, double SamplingInterval, uint QueueSize);

    /// <summary>Keep-alive messages received.</summary>
    public long KeepAlives => Interlocked.Read(ref _keepAlives);

    /// <summary>Notification messages (with data) received, republished ones included.</summary>
    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>Messages missing from the sequence that Republish could not return.</summary>
    public long LostMessages => _tracker.Lost;

    /// <summary>Messages missing from the sequence that Republish returned.</summary>
    public long RepublishedMessages => Interlocked.Read(ref _republished);

    /// <summary>The error that stopped the Publish loop, if one did.</summary>
    public Exception? Fault { get; private set; }

    /// <summary>The node of a client handle given in <see cref="DataChangeSample.ClientHandle"/>.</summary>
    public bool TryGetNodeId(uint clientHandle, out NodeId nodeId)
    {
        lock (_nodesByHandle)
        {
            return _nodesByHandle.TryGetValue(clientHandle, out nodeId);
        }
    }

    internal static async Task<UaSubscription> CreateAsync(UaClient client, UaSubscriptionOptions options, DataChangeBatchHandler onBatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(onBatch);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PublishRequestsInFlight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxMonitoredItemsPerCall, 1);
        var created = await client.SendAsync<CreateSubscriptionResponse>(CreateRequest(options), cancellationToken);
        var subscription = new UaSubscription(client, options, onBatch, created);
        client.Subscriptions[subscription.SubscriptionId] = subscription;
        subscription.StartLoops();
        return subscription;
    }

    private static CreateSubscriptionRequest CreateRequest(UaSubscriptionOptions options) => new()
    {
        RequestedPublishingInterval = options.PublishingInterval.TotalMilliseconds,
        RequestedMaxKeepAliveCount = options.MaxKeepAliveCount,
        RequestedLifetimeCount = Math.Max(options.LifetimeCount, 3 * options.MaxKeepAliveCount),
        MaxNotificationsPerPublish = options.MaxNotificationsPerPublish,
        PublishingEnabled = true,
        Priority = options.Priority,
    };

    private void StartLoops()
    {
        var loops = new Task[_options.PublishRequestsInFlight];
        for (var i = 0; i < loops.Length; i++)
        {
            loops[i] = Task.Run(() => PublishLoopAsync(_stop.Token), CancellationToken.None);
        }

        Volatile.Write(ref _loops, loops);
    }

    /// <summary>Waits until the Publish loops have ended (they do when the channel closes); their errors are their own.</summary>
    internal async Task WaitForLoopsAsync()
    {
        try
        {
            await Task.WhenAll(Volatile.Read(ref _loops));
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    /// <summary>
    /// Monitors the Value attribute of each node (reporting, source and server timestamps), in calls of at most
    /// <see cref="UaSubscriptionOptions.MaxMonitoredItemsPerCall"/> items; one result per node, in order.
    /// </summary>
    /// <param name="samplingInterval">Asked of the server; zero is the fastest it offers, negative the publishing interval.</param>
    public async Task<UaMonitoredItem[]> AddMonitoredItemsAsync(IReadOnlyList<NodeId> nodeIds, TimeSpan samplingInterval, uint queueSize = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nodeIds);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var specs = new ItemSpec[nodeIds.Count];
        lock (_nodesByHandle)
        {
            for (var i = 0; i < specs.Length; i++)
            {
                // Registered before the call: the first values may arrive before its response.
                specs[i] = new ItemSpec(++_nextClientHandle, nodeIds[i], samplingInterval.TotalMilliseconds, queueSize);
                _nodesByHandle[specs[i].ClientHandle] = nodeIds[i];
            }
        }

        var created = await CreateItemsAsync(specs, cancellationToken);
        var results = new UaMonitoredItem[specs.Length];
        lock (_nodesByHandle)
        {
            for (var i = 0; i < specs.Length; i++)
            {
                var r = created[i];
                results[i] = new UaMonitoredItem(specs[i].NodeId, specs[i].ClientHandle, r.MonitoredItemId, r.StatusCode, r.RevisedSamplingInterval, r.RevisedQueueSize);
                if (r.StatusCode.IsGood)
                {
                    _items[specs[i].ClientHandle] = specs[i];
                    _monitoredItemIds[specs[i].ClientHandle] = r.MonitoredItemId;
                }
                else
                {
                    _nodesByHandle.Remove(specs[i].ClientHandle);
                }
            }
        }

        return results;
    }

    /// <summary>
    /// DeleteMonitoredItems for the items of these client handles, in calls of at most
    /// <see cref="UaSubscriptionOptions.MaxMonitoredItemsPerCall"/>; one status per handle, in order (a handle this
    /// subscription does not have is BadMonitoredItemIdInvalid without asking the server). Removed items are not
    /// recreated after a reconnect.
    /// </summary>
    public async Task<StatusCode[]> RemoveMonitoredItemsAsync(IReadOnlyList<uint> clientHandles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientHandles);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var results = new StatusCode[clientHandles.Count];
        var known = new List<(int Index, uint Handle, uint ItemId)>();
        lock (_nodesByHandle)
        {
            for (var i = 0; i < clientHandles.Count; i++)
            {
                if (_monitoredItemIds.TryGetValue(clientHandles[i], out var itemId))
                {
                    known.Add((i, clientHandles[i], itemId));
                }
                else
                {
                    results[i] = StatusCodes.BadMonitoredItemIdInvalid;
                }
            }
        }

        foreach (var chunk in known.Chunk(_options.MaxMonitoredItemsPerCall))
        {
            var response = await _client.SendAsync<DeleteMonitoredItemsResponse>(new DeleteMonitoredItemsRequest
            {
                SubscriptionId = SubscriptionId,
                MonitoredItemIds = [.. chunk.Select(c => c.ItemId)],
            }, cancellationToken);
            var statuses = response.Results ?? [];
            if (statuses.Length != chunk.Length)
            {
                throw new UaException(StatusCodes.BadUnexpectedError, $"DeleteMonitoredItems of {chunk.Length} items returned {statuses.Length} results.");
            }

            lock (_nodesByHandle)
            {
                for (var i = 0; i < chunk.Length; i++)
                {
                    results[chunk[i].Index] = statuses[i];
                    if (statuses[i].IsGood || statuses[i].Code == StatusCodes.BadMonitoredItemIdInvalid)
                    {
                        _items.Remove(chunk[i].Handle);
                        _monitoredItemIds.Remove(chunk[i].Handle);
                        _nodesByHandle.Remove(chunk[i].Handle);
                    }
                }
            }
        }

        return results;
    }

    /// <summary>
    /// ModifySubscription: a new publishing interval (and keep-alive count); the server revises them, and the revised
    /// values are kept (and asked for again if the subscription is recreated after a reconnect).
    /// </summary>
    public async Task ModifyAsync(TimeSpan publishingInterval, uint? maxKeepAliveCount = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var options = _options with { PublishingInterval = publishingInterval, MaxKeepAliveCount = maxKeepAliveCount ?? _options.MaxKeepAliveCount };
        var response = await _client.SendAsync<ModifySubscriptionResponse>(new ModifySubscriptionRequest
        {
            SubscriptionId = SubscriptionId,
            RequestedPublishingInterval = options.PublishingInterval.TotalMilliseconds,
            RequestedMaxKeepAliveCount = options.MaxKeepAliveCount,
            RequestedLifetimeCount = Math.Max(options.LifetimeCount, 3 * options.MaxKeepAliveCount),
            MaxNotificationsPerPublish = options.MaxNotificationsPerPublish,
            Priority = options.Priority,
        }, cancellationToken);
        _options = options;
        RevisedPublishingInterval = TimeSpan.FromMilliseconds(response.RevisedPublishingInterval);
        RevisedMaxKeepAliveCount = response.RevisedMaxKeepAliveCount;
        RevisedLifetimeCount = response.RevisedLifetimeCount;
    }

    /// <summary>CreateMonitoredItems in calls of at most <see cref="UaSubscriptionOptions.MaxMonitoredItemsPerCall"/>; one result per item, in order.</summary>
    private async Task<MonitoredItemCreateResult[]> CreateItemsAsync(IReadOnlyList<ItemSpec> specs, CancellationToken cancellationToken)
    {
        var results = new MonitoredItemCreateResult[specs.Count];
        for (var start = 0; start < specs.Count; start += _options.MaxMonitoredItemsPerCall)
        {
            var count = Math.Min(_options.MaxMonitoredItemsPerCall, specs.Count - start);
            var items = new MonitoredItemCreateRequest[count];
            for (var i = 0; i < count; i++)
            {
                var spec = specs[start + i];
                items[i] = new MonitoredItemCreateRequest
                {
                    ItemToMonitor = new ReadValueId { NodeId = spec.NodeId, AttributeId = AttributeIds.Value },
                    MonitoringMode = MonitoringMode.Reporting,
                    RequestedParameters = new MonitoringParameters
                    {
                        ClientHandle = spec.ClientHandle,
                        SamplingInterval = spec.SamplingInterval,
                        QueueSize = spec.QueueSize,
                        DiscardOldest = true,
                    },
                };
            }

            var response = await _client.SendAsync<CreateMonitoredItemsResponse>(new CreateMonitoredItemsRequest
            {
                SubscriptionId = SubscriptionId,
                TimestampsToReturn = TimestampsToReturn.Both,
                ItemsToCreate = items,
            }, cancellationToken);
            var created = response.Results ?? [];
            if (created.Length != count)
            {
                throw new UaException(StatusCodes.BadUnexpectedError, $"CreateMonitoredItems of {count} items returned {created.Length} results.");
            }

            created.CopyTo(results, start);
        }

        return results;
    }

    /// <summary>
    /// After the client reconnected: the subscription resumed (the session was reactivated and still has it),
    /// transferred to the new session with every item's current value sent again, or created again with the same items
    /// and client handles (NodeIds moved to the server's new namespace indexes); then the Publish loops start again and
    /// <see cref="UaSubscriptionOptions.Recovered"/> reports the gap.
    /// </summary>
    internal async Task RecoverAsync(UaSessionRecovery session, NamespaceTable previousNamespaces, DateTimeOffset lostAt, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        await WaitForLoopsAsync();
        var previousId = SubscriptionId;
        var kind = session == UaSessionRecovery.Reactivated ? await ResumeAsync(cancellationToken) : await TransferAsync(cancellationToken);
        var failed = 0;
        if (kind == UaSubscriptionRecoveryKind.Recreated)
        {
            failed = await RecreateAsync(previousNamespaces, cancellationToken);
        }

        foreach (var missing in _tracker.TakeMissing())
        {
            await RepublishAsync(missing, cancellationToken);
        }

        StartLoops();
        Recoveries++;
        var recovery = new UaSubscriptionRecovery(kind, lostAt, _client.Now, previousId, failed);
        _options.Warning?.Invoke($"Subscription {previousId} {kind.ToString().ToLowerInvariant()} as {SubscriptionId} after {recovery.Outage.TotalSeconds:0.###} s without connection.");
        _options.Recovered?.Invoke(this, recovery);
    }

    /// <summary>Whether the reactivated session still has the subscription (SetPublishingMode doubles as the probe).</summary>
    private async Task<UaSubscriptionRecoveryKind> ResumeAsync(CancellationToken cancellationToken)
    {
        var response = await _client.SendAsync<SetPublishingModeResponse>(new SetPublishingModeRequest
        {
            PublishingEnabled = true,
            SubscriptionIds = [SubscriptionId],
        }, cancellationToken);
        return response.Results is [{ IsGood: true }] ? UaSubscriptionRecoveryKind.Resumed : UaSubscriptionRecoveryKind.Recreated;
    }

    private async Task<UaSubscriptionRecoveryKind> TransferAsync(CancellationToken cancellationToken)
    {
        TransferSubscriptionsResponse response;
        try
        {
            response = await _client.SendAsync<TransferSubscriptionsResponse>(new TransferSubscriptionsRequest
            {
                SubscriptionIds = [SubscriptionId],
                SendInitialValues = true,
            }, cancellationToken);
        }
        catch (UaException e) when (e.StatusCode.Code is StatusCodes.BadServiceUnsupported or StatusCodes.BadNotImplemented)
        {
            return UaSubscriptionRecoveryKind.Recreated;
        }

        if (response.Results is not [{ StatusCode.IsGood: true } result])
        {
            return UaSubscriptionRecoveryKind.Recreated;
        }

        foreach (var (first, count) in _tracker.Transferred(result.AvailableSequenceNumbers ?? []))
        {
            MarkLost(first, count);
        }

        return UaSubscriptionRecoveryKind.Transferred;
    }

    /// <summary>CreateSubscription and CreateMonitoredItems again with the same client handles; returns how many items failed.</summary>
    private async Task<int> RecreateAsync(NamespaceTable previousNamespaces, CancellationToken cancellationToken)
    {
        var created = await _client.SendAsync<CreateSubscriptionResponse>(CreateRequest(_options), cancellationToken);
        _client.Subscriptions.TryRemove(SubscriptionId, out _);
        Accept(created);
        RestartSequence();
        _tracker = new PublishSequenceTracker(Math.Max(1, _options.PublishRequestsInFlight));
        _client.Subscriptions[SubscriptionId] = this;

        ItemSpec[] specs;
        lock (_nodesByHandle)
        {
            specs = [.. _items.Values.OrderBy(i => i.ClientHandle).Select(i => i with { NodeId = Remap(i.NodeId, previousNamespaces, _client.NamespaceUris) })];
            foreach (var spec in specs)
            {
                _nodesByHandle[spec.ClientHandle] = spec.NodeId;
                _items[spec.ClientHandle] = spec;
            }
        }

        var results = await CreateItemsAsync(specs, cancellationToken);
        var failed = 0;
        for (var i = 0; i < specs.Length; i++)
        {
            lock (_nodesByHandle)
            {
                _monitoredItemIds[specs[i].ClientHandle] = results[i].MonitoredItemId;
            }

            if (!results[i].StatusCode.IsGood)
            {
                failed++;
                _options.Warning?.Invoke($"Monitored item {specs[i].NodeId} (handle {specs[i].ClientHandle}) could not be created again: {results[i].StatusCode}");
            }
        }

        return failed;
    }

    /// <summary>The same node under the server's current namespace table (a restarted server may order its namespaces differently).</summary>
    private static NodeId Remap(NodeId nodeId, NamespaceTable before, NamespaceTable now)
    {
        if (nodeId.NamespaceIndex == 0 || before.GetUri(nodeId.NamespaceIndex) is not { } uri)
        {
            return nodeId;
        }

        var index = now.IndexOf(uri);
        return index < 0 || index == nodeId.NamespaceIndex ? nodeId : nodeId.WithNamespaceIndex((ushort)index);
    }

    private async Task PublishLoopAsync(CancellationToken stop)
    {
        // The server holds a Publish request until it has a message; with several outstanding, the last one may wait
        // for as many keep-alive periods as there are requests ahead of it.
        var keepAlivePeriod = RevisedPublishingInterval * Math.Max(1u, RevisedMaxKeepAliveCount);
        var timeout = _client.RequestTimeout + (keepAlivePeriod * (_options.PublishRequestsInFlight + 1));
        var channel = _client.Channel;
        while (!stop.IsCancellationRequested)
        {
            var acknowledgements = _tracker.TakeAcknowledgements(SubscriptionId);
            try
            {
                var response = await _client.SendAsync<PublishResponse>(new PublishRequest { SubscriptionAcknowledgements = acknowledgements }, timeout, stop);
                acknowledgements = null;
                if (_client.Subscriptions.TryGetValue(response.SubscriptionId, out var target))
                {
                    await target.HandlePublishResponseAsync(response, stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (UaException e) when (e.StatusCode.Code is StatusCodes.BadTimeout or StatusCodes.BadRequestTimeout)
            {
                // The request timed out (ours or the server's TimeoutHint); its acknowledgements are sent again. A dead
                // connection is the client's keep-alive check to find.
                _tracker.ReturnAcknowledgements(acknowledgements);
            }
            catch (UaException e) when (e.StatusCode.Code is StatusCodes.BadNoSubscription or StatusCodes.BadTooManyPublishRequests)
            {
                // No subscription left in the session (deleted), or the server wants fewer requests in flight.
                _tracker.ReturnAcknowledgements(acknowledgements);
                if (Volatile.Read(ref _disposed) == 0 && e.StatusCode.Code == StatusCodes.BadNoSubscription)
                {
                    Fault ??= e;
                }

                return;
            }
            catch (Exception e) when (_client.ReconnectEnabled && UaClient.IsConnectionLoss(e))
            {
                // The client reconnects and then restarts this loop (RecoverAsync); the acknowledgements wait for it.
                _tracker.ReturnAcknowledgements(acknowledgements);
                if (channel.Fault is null && e is UaException ua && UaClient.IsSessionLoss(ua.StatusCode))
                {
                    _client.ReportSessionLost($"Publish of subscription {SubscriptionId} found the session gone: {ua.StatusCode}");
                }

                return;
            }
            catch (Exception e) when (e is UaException or IOException or ObjectDisposedException or TimeoutException)
            {
                _tracker.ReturnAcknowledgements(acknowledgements);
                if (Volatile.Read(ref _disposed) == 0)
                {
                    Fault ??= e;
                    _options.Warning?.Invoke($"Publish of subscription {SubscriptionId} stopped: {e.Message}");
                }

                return;
            }
        }
    }

    private async Task HandlePublishResponseAsync(PublishResponse response, CancellationToken cancellationToken)
    {
        var message = response.NotificationMessage;
        if (message.NotificationData is not { Length: > 0 })
        {
            Interlocked.Increment(ref _keepAlives);
            _tracker.KeepAlive(message.SequenceNumber);
        }
        else
        {
            _tracker.Received(message.SequenceNumber);
            Deliver(message.SequenceNumber, message);
        }

        foreach (var missing in _tracker.TakeMissing())
        {
            await RepublishAsync(missing, cancellationToken);
        }
    }

    private async Task RepublishAsync(uint sequenceNumber, CancellationToken cancellationToken)
    {
        try
        {
            var republished = await _client.SendAsync<RepublishResponse>(new RepublishRequest
            {
                SubscriptionId = SubscriptionId,
                RetransmitSequenceNumber = sequenceNumber,
            }, cancellationToken);
            _tracker.Republished(sequenceNumber);
            Interlocked.Increment(ref _republished);
            Deliver(sequenceNumber, republished.NotificationMessage);
        }
        catch (UaException e) when (e.StatusCode.Code is StatusCodes.BadMessageNotAvailable or StatusCodes.BadSequenceNumberUnknown)
        {
            MarkLost(sequenceNumber, 1);
        }
    }

    private void MarkLost(uint first, uint count)
    {
        for (var i = 0u; i < count; i++)
        {
            _tracker.MarkLost();
            Deliver(first + i, null);
        }

        _options.MessagesLost?.Invoke(first, count);
    }

    /// <summary>
    /// Hands messages to the consumer strictly in sequence order, each once: the responses of several outstanding
    /// Publish requests are handled concurrently, and a republished message comes after later ones, but a consumer of
    /// cumulative counters must never see a newer value before an older one. A message ahead of a gap waits until the
    /// gap is filled (a late response, or Republish) or known lost (<paramref name="message"/> null). Bounded: when
    /// more than <see cref="MaxHeldMessages"/> wait, the gap is given up as lost.
    /// </summary>
    private void Deliver(uint sequenceNumber, NotificationMessage? message)
    {
        lock (_dispatchLock)
        {
            if (sequenceNumber < _nextToDeliver || !_held.TryAdd(sequenceNumber, message))
            {
                return; // Delivered (or given up) already: a late response and its republished copy, say.
            }

            DrainHeld();
            if (_held.Count > MaxHeldMessages)
            {
                var first = _held.Keys.First();
                var skipped = first - _nextToDeliver;
                for (var i = 0u; i < skipped; i++)
                {
                    _tracker.MarkLost();
                }

                _options.MessagesLost?.Invoke(_nextToDeliver, skipped);
                _nextToDeliver = first;
                DrainHeld();
            }
        }
    }

    private int MaxHeldMessages => (4 * _options.PublishRequestsInFlight) + 16;

    private void DrainHeld()
    {
        while (_held.Remove(_nextToDeliver, out var message))
        {
            if (message is not null)
            {
                Dispatch(message);
            }

            _nextToDeliver++;
        }
    }

    /// <summary>Before a recreated subscription starts again at sequence number 1: what waited is delivered, in order.</summary>
    private void RestartSequence()
    {
        lock (_dispatchLock)
        {
            foreach (var (_, message) in _held)
            {
                if (message is not null)
                {
                    Dispatch(message);
                }
            }

            _held.Clear();
            _nextToDeliver = 1;
        }
    }

    /// <summary>One message to the consumer, one call per DataChangeNotification; called under the dispatch lock, in order.</summary>
    private void Dispatch(NotificationMessage message)
    {
        if (message.NotificationData is null)
        {
            return;
        }

        Interlocked.Increment(ref _messages);
        foreach (var data in message.NotificationData)
        {
            if (data is null)
            {
                continue;
            }

            if (data.TryGetBody(out DataChangeNotification changes))
            {
                var items = changes.MonitoredItems ?? [];
                if (_buffer.Length < items.Length)
                {
                    _buffer = new DataChangeSample[Math.Max(items.Length, _buffer.Length * 2)];
                }

                for (var i = 0; i < items.Length; i++)
                {
                    var value = items[i].Value;
                    _buffer[i] = new DataChangeSample(items[i].ClientHandle, value.Value, value.StatusCode, value.SourceTimestamp, value.ServerTimestamp);
                }

                _onBatch(this, _buffer.AsSpan(0, items.Length));
                Array.Clear(_buffer, 0, items.Length);
            }
            else if (data.TryGetBody(out StatusChangeNotification status))
            {
                _options.Warning?.Invoke($"Subscription {SubscriptionId} changed status: {status.Status}");
            }
        }
    }

    /// <summary>Stops the Publish loop without deleting the subscription (the session is closing and deletes it).</summary>
    internal async Task StopPublishingAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _client.Subscriptions.TryRemove(SubscriptionId, out _);
        await _stop.CancelAsync();
        await WaitForLoopsAsync();
        _stop.Dispose();
    }

    /// <summary>Deletes the subscription on the server and stops its Publish loop.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (_client.Channel.Fault is null)
            {
                await _client.SendAsync<DeleteSubscriptionsResponse>(new DeleteSubscriptionsRequest { SubscriptionIds = [SubscriptionId] });
            }
        }
        catch (UaException)
        {
            // Gone with the session either way.
        }
        finally
        {
            _client.Subscriptions.TryRemove(SubscriptionId, out _);
            await _stop.CancelAsync();
            await WaitForLoopsAsync();
            _stop.Dispose();
        }
    }
}

/// <summary>
/// The bookkeeping of one subscription's sequence numbers: what to acknowledge in the next Publish request, and which
/// messages are missing. Responses of several outstanding Publish requests may be handled out of order, so a gap only
/// counts once a message at least <c>reorderWindow</c> numbers later (or a keep-alive announcing it) has arrived.
/// Sequence numbers are assumed not to wrap (2^32 messages).
/// </summary>
public sealed class PublishSequenceTracker
{
    private readonly uint _reorderWindow;
    private readonly Lock _lock = new();
    private readonly List<uint> _acknowledge = [];
    private readonly SortedSet<uint> _ahead = [];
    private readonly List<uint> _missing = [];
    private uint _expected;
    private uint _highest;
    private long _lost;

    public PublishSequenceTracker(int reorderWindow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(reorderWindow, 1);
        _reorderWindow = (uint)reorderWindow;
    }

    /// <summary>The next sequence number expected; 0 before the first message.</summary>
    public uint Expected
    {
        get
        {
            lock (_lock)
            {
                return _expected;
            }
        }
    }

    public long Lost => Interlocked.Read(ref _lost);

    /// <summary>A message with notifications: to acknowledge, and to check for gaps.</summary>
    public void Received(uint sequenceNumber)
    {
        lock (_lock)
        {
            _acknowledge.Add(sequenceNumber);
            if (_expected == 0)
            {
                _expected = sequenceNumber + 1;
                _highest = sequenceNumber;
                return;
            }

            if (sequenceNumber < _expected)
            {
                return; // Late: its place was already taken as a gap (Republish then finds it acknowledged or gone).
            }

            _ahead.Add(sequenceNumber);
            _highest = Math.Max(_highest, sequenceNumber);
            Advance();
        }
    }

    /// <summary>A keep-alive, whose sequence number is the next to come: not acknowledged, but every earlier one was sent.</summary>
    public void KeepAlive(uint nextSequenceNumber)
    {
        lock (_lock)
        {
            if (_expected == 0)
            {
                _expected = nextSequenceNumber;
                _highest = nextSequenceNumber - 1;
                return;
            }

            // Counts like the arrival of the announced message: everything before it has been sent.
            _highest = Math.Max(_highest, nextSequenceNumber);

            Advance();
        }
    }

    private void Advance()
    {
        while (true)
        {
            if (_ahead.Remove(_expected))
            {
                _expected++;
            }
            else if (_highest >= _expected && _highest - _expected >= _reorderWindow)
            {
                _missing.Add(_expected);
                _expected++;
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>The acknowledgements for the next Publish request (null when there are none); they are sent once.</summary>
    public SubscriptionAcknowledgement[]? TakeAcknowledgements(uint subscriptionId)
    {
        lock (_lock)
        {
            if (_acknowledge.Count == 0)
            {
                return null;
            }

            var result = new SubscriptionAcknowledgement[_acknowledge.Count];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = new SubscriptionAcknowledgement { SubscriptionId = subscriptionId, SequenceNumber = _acknowledge[i] };
            }

            _acknowledge.Clear();
            return result;
        }
    }

    /// <summary>Acknowledgements of a Publish request that failed, to be sent with the next one.</summary>
    public void ReturnAcknowledgements(SubscriptionAcknowledgement[]? acknowledgements)
    {
        if (acknowledgements is null)
        {
            return;
        }

        lock (_lock)
        {
            foreach (var a in acknowledgements)
            {
                _acknowledge.Add(a.SequenceNumber);
            }
        }
    }

    /// <summary>Sequence numbers found missing since the last call, each returned once.</summary>
    public uint[] TakeMissing()
    {
        lock (_lock)
        {
            if (_missing.Count == 0)
            {
                return [];
            }

            var result = _missing.ToArray();
            _missing.Clear();
            return result;
        }
    }

    /// <summary>A missing message returned by Republish: it is acknowledged like any other.</summary>
    public void Republished(uint sequenceNumber)
    {
        lock (_lock)
        {
            _acknowledge.Add(sequenceNumber);
        }
    }

    /// <summary>
    /// After TransferSubscriptions: the server still holds these messages. Those already received are acknowledged;
    /// later ones are missing (asked for with Republish).
    /// </summary>
    /// <returns>The ranges (first, count) of numbers in neither: sent to the old session and gone. The caller counts them lost.</returns>
    public IReadOnlyList<(uint First, uint Count)> Transferred(IReadOnlyList<uint> available)
    {
        ArgumentNullException.ThrowIfNull(available);
        var lost = new List<(uint First, uint Count)>();
        lock (_lock)
        {
            foreach (var sequenceNumber in available.Order())
            {
                if (_expected != 0 && sequenceNumber < _expected)
                {
                    _acknowledge.Add(sequenceNumber);
                }
                else if (_ahead.Remove(sequenceNumber))
                {
                    _acknowledge.Add(sequenceNumber);
                }
                else
                {
                    _missing.Add(sequenceNumber);
                }
            }

            var highest = available.Count > 0 ? available.Max() : 0;
            if (_expected != 0 && highest >= _expected)
            {
                // Numbers between the last one received and the last one available that are in neither: sent to the
                // old session and gone.
                for (var n = _expected; n < highest; n++)
                {
                    if (!_ahead.Contains(n) && !available.Contains(n))
                    {
                        if (lost.Count > 0 && lost[^1].First + lost[^1].Count == n)
                        {
                            lost[^1] = (lost[^1].First, lost[^1].Count + 1);
                        }
                        else
                        {
                            lost.Add((n, 1));
                        }
                    }
                }

                _expected = highest + 1;
                _highest = Math.Max(_highest, highest);
                _ahead.RemoveWhere(n => n < _expected);
            }
        }

        return lost;
    }

    /// <summary>A missing message the server no longer has.</summary>
    public void MarkLost() => Interlocked.Increment(ref _lost);
}
