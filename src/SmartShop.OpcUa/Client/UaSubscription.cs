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
/// repaired with Republish (or reported), and DeleteSubscriptions on dispose.
/// </summary>
public sealed class UaSubscription : IAsyncDisposable
{
    private readonly UaClient _client;
    private readonly UaSubscriptionOptions _options;
    private readonly DataChangeBatchHandler _onBatch;
    private readonly PublishSequenceTracker _tracker;
    private readonly Lock _dispatchLock = new();
    private readonly Dictionary<uint, NodeId> _nodesByHandle = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
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
        SubscriptionId = created.SubscriptionId;
        RevisedPublishingInterval = TimeSpan.FromMilliseconds(created.RevisedPublishingInterval);
        RevisedMaxKeepAliveCount = created.RevisedMaxKeepAliveCount;
        RevisedLifetimeCount = created.RevisedLifetimeCount;
        _tracker = new PublishSequenceTracker(Math.Max(1, options.PublishRequestsInFlight));
    }

    public uint SubscriptionId { get; }

    public TimeSpan RevisedPublishingInterval { get; }

    public uint RevisedMaxKeepAliveCount { get; }

    public uint RevisedLifetimeCount { get; }

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
        var created = await client.SendAsync<CreateSubscriptionResponse>(new CreateSubscriptionRequest
        {
            RequestedPublishingInterval = options.PublishingInterval.TotalMilliseconds,
            RequestedMaxKeepAliveCount = options.MaxKeepAliveCount,
            RequestedLifetimeCount = Math.Max(options.LifetimeCount, 3 * options.MaxKeepAliveCount),
            MaxNotificationsPerPublish = options.MaxNotificationsPerPublish,
            PublishingEnabled = true,
            Priority = options.Priority,
        }, cancellationToken);
        var subscription = new UaSubscription(client, options, onBatch, created);
        client.Subscriptions[subscription.SubscriptionId] = subscription;
        for (var i = 0; i < options.PublishRequestsInFlight; i++)
        {
            subscription._loops.Add(Task.Run(() => subscription.PublishLoopAsync(subscription._stop.Token), CancellationToken.None));
        }

        return subscription;
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
        var results = new UaMonitoredItem[nodeIds.Count];
        for (var start = 0; start < nodeIds.Count; start += _options.MaxMonitoredItemsPerCall)
        {
            var count = Math.Min(_options.MaxMonitoredItemsPerCall, nodeIds.Count - start);
            var items = new MonitoredItemCreateRequest[count];
            var handles = new uint[count];
            lock (_nodesByHandle)
            {
                for (var i = 0; i < count; i++)
                {
                    // Registered before the call: the first values may arrive before its response.
                    handles[i] = ++_nextClientHandle;
                    _nodesByHandle[handles[i]] = nodeIds[start + i];
                }
            }

            for (var i = 0; i < count; i++)
            {
                items[i] = new MonitoredItemCreateRequest
                {
                    ItemToMonitor = new ReadValueId { NodeId = nodeIds[start + i], AttributeId = AttributeIds.Value },
                    MonitoringMode = MonitoringMode.Reporting,
                    RequestedParameters = new MonitoringParameters
                    {
                        ClientHandle = handles[i],
                        SamplingInterval = samplingInterval.TotalMilliseconds,
                        QueueSize = queueSize,
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

            for (var i = 0; i < count; i++)
            {
                var r = created[i];
                results[start + i] = new UaMonitoredItem(nodeIds[start + i], handles[i], r.MonitoredItemId, r.StatusCode, r.RevisedSamplingInterval, r.RevisedQueueSize);
                if (!r.StatusCode.IsGood)
                {
                    lock (_nodesByHandle)
                    {
                        _nodesByHandle.Remove(handles[i]);
                    }
                }
            }
        }

        return results;
    }

    private async Task PublishLoopAsync(CancellationToken stop)
    {
        // The server holds a Publish request until it has a message; with several outstanding, the last one may wait
        // for as many keep-alive periods as there are requests ahead of it.
        var keepAlivePeriod = RevisedPublishingInterval * Math.Max(1u, RevisedMaxKeepAliveCount);
        var timeout = _client.RequestTimeout + (keepAlivePeriod * (_options.PublishRequestsInFlight + 1));
        while (!stop.IsCancellationRequested)
        {
            var acknowledgements = _tracker.TakeAcknowledgements(SubscriptionId);
            PublishResponse response;
            try
            {
                response = await _client.SendAsync<PublishResponse>(new PublishRequest { SubscriptionAcknowledgements = acknowledgements }, timeout, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (UaException e) when (e.StatusCode.Code is StatusCodes.BadTimeout or StatusCodes.BadRequestTimeout)
            {
                // The request timed out (ours or the server's TimeoutHint); its acknowledgements are sent again.
                _tracker.ReturnAcknowledgements(acknowledgements);
                continue;
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
            catch (Exception e) when (e is UaException or IOException or ObjectDisposedException or TimeoutException)
            {
                if (Volatile.Read(ref _disposed) == 0)
                {
                    Fault ??= e;
                    _options.Warning?.Invoke($"Publish of subscription {SubscriptionId} stopped: {e.Message}");
                }

                return;
            }

            if (_client.Subscriptions.TryGetValue(response.SubscriptionId, out var target))
            {
                await target.HandlePublishResponseAsync(response, stop);
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
            Dispatch(message);
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
            Dispatch(republished.NotificationMessage);
        }
        catch (UaException e) when (e.StatusCode.Code is StatusCodes.BadMessageNotAvailable or StatusCodes.BadSequenceNumberUnknown)
        {
            _tracker.MarkLost();
            _options.MessagesLost?.Invoke(sequenceNumber, 1);
        }
    }

    private void Dispatch(NotificationMessage message)
    {
        if (message.NotificationData is null)
        {
            return;
        }

        Interlocked.Increment(ref _messages);
        lock (_dispatchLock)
        {
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
        try
        {
            await Task.WhenAll(_loops);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

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
            try
            {
                await Task.WhenAll(_loops);
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }

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

    /// <summary>A missing message the server no longer has.</summary>
    public void MarkLost() => Interlocked.Increment(ref _lost);
}
