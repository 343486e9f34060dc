using Microsoft.Extensions.DependencyInjection;

namespace SmartShop.Grains.Runtime;

internal enum ActivationStatus
{
    /// <summary>In the directory, nothing constructed yet; the first request starts activation.</summary>
    Created,

    /// <summary>Constructing the grain, reading state, running OnActivateAsync. Requests wait.</summary>
    Activating,

    /// <summary>Serving requests.</summary>
    Valid,

    /// <summary>Running turns finish, then OnDeactivateAsync runs. New requests wait and are forwarded afterwards.</summary>
    Deactivating,

    /// <summary>Gone from the directory. Requests that still arrive are redirected by their sender.</summary>
    Invalid,
}

internal enum EnqueueResult
{
    Accepted,

    /// <summary>A timer tick arrived while the activation was going away; it is discarded.</summary>
    Dropped,

    /// <summary>The activation is gone; the sender must look up the current one.</summary>
    ActivationInvalid,
}

/// <summary>
/// One activation of a grain: the grain object, its single-threaded executor and its turn dispatcher.
/// <para>
/// Executor: <see cref="_work"/> holds everything that must run as activation code (turn starts, continuations posted
/// through this synchronization context, activation and deactivation steps). <see cref="_executing"/> is true while
/// one thread owns the executor, either a pool thread running <see cref="Execute"/> or a caller running a call inline;
/// so activation code never runs on two threads at once. Invariant: <see cref="_work"/> is non-empty only while
/// <see cref="_executing"/> is true (whoever clears the flag first checks the queue under the lock).
/// </para>
/// <para>
/// Dispatcher: <see cref="_running"/> counts turns in progress (started and whose task has not completed: a turn
/// spans its awaits). A request may start when nothing runs, when the grain is [Reentrant] or the method is
/// [AlwaysInterleave], or when it is [ReadOnly] and only read-only turns run; otherwise it waits in
/// <see cref="_pending"/> in arrival order.
/// </para>
/// All fields below are guarded by <see cref="_lock"/>; no user code, timer API or task completion runs under it.
/// </summary>
internal sealed class ActivationData : SynchronizationContext, IGrainContext, IThreadPoolWorkItem
{
    // Work items taken per pool dispatch before yielding the thread to other activations.
    private const int MaxWorkItemsPerSlice = 64;

    private static readonly object s_activateStep = new();
    private static readonly object s_deactivateStep = new();

    [ThreadStatic]
    private static ActivationData? t_constructing;

    // Non-null while this thread runs an executor slice: results of turns ending there wait in it (see Execute).
    [ThreadStatic]
    private static List<GrainRequest>? t_deferredDeliveries;

    [ThreadStatic]
    private static List<GrainRequest>? t_spareDeliveries;

    private readonly Lock _lock = new();
    private readonly Queue<WorkItem> _work = new();
    private readonly GrainClassInfo _class;
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Queue<GrainRequest>? _pending;
    private List<GrainTimer>? _timers;
    private List<IStateBridge>? _states;
    private bool _executing;
    private int _running;
    private int _runningExclusive;
    private int _runningKeepAlive;
    private volatile ActivationStatus _status;
    private DeactivationReason _deactivationReason;
    private bool _deactivateWhenActivated;
    private bool _deactivationQueued;

    // Idle collection, in UTC ticks of the silo's TimeProvider. _touched is set by every turn that counts as activity
    // and cleared by the collector, which then records the collection tick as the last time it saw activity; so the
    // hot path never reads the clock and the idle time is known to within one CollectionQuantum.
    private bool _touched;
    private long _lastActiveUtcTicks;
    private long _keepAliveUntilUtcTicks;

    private object? _instance;
    private AsyncServiceScope? _scope;

    public ActivationData(Silo silo, GrainId grainId, GrainClassInfo grainClass)
    {
        Silo = silo;
        GrainId = grainId;
        _class = grainClass;
    }

    /// <summary>Set while the runtime constructs a grain object, for <see cref="Grain"/>'s constructor.</summary>
    internal static ActivationData? CurrentlyConstructing => t_constructing;

    public GrainId GrainId { get; }

    public object? GrainInstance => _instance;

    public IServiceProvider ActivationServices => _scope?.ServiceProvider ?? Silo.Services;

    public Task Deactivated => _deactivated.Task;

    internal Silo Silo { get; }

    internal GrainClassInfo GrainClass => _class;

    /// <summary>The grain object; only called once the activation is valid.</summary>
    internal object Instance => _instance!;

    internal bool IsInvalid => _status == ActivationStatus.Invalid;

    private Queue<GrainRequest> Pending => _pending ??= new Queue<GrainRequest>();

    public override string ToString() => $"Activation {GrainId} ({_class.Type.Name}, {_status})";

    // ---- Synchronization context: continuations of grain code come back here ----

    public override void Post(SendOrPostCallback d, object? state)
    {
        bool schedule;
        lock (_lock)
        {
            _work.Enqueue(new WorkItem(d, state));
            schedule = ClaimExecutorLocked();
        }

        if (schedule)
        {
            QueueExecutor();
        }
    }

    public override void Send(SendOrPostCallback d, object? state)
    {
        if (Current != this)
        {
            throw new NotSupportedException(
                "Synchronous Send into a grain activation from outside it would block a thread on the grain's turn; use Post.");
        }

        d(state);
    }

    public override SynchronizationContext CreateCopy() => this;

    // ---- Executor ----

    /// <summary>
    /// Runs queued activation work on a pool thread, a bounded slice at a time. Results of turns that end here are
    /// delivered only after the slice, when this thread no longer runs activation code: all but the last through
    /// the pool, the last right here (its caller usually continues with its next call, saving a thread hop).
    /// </summary>
    public void Execute()
    {
        var previousContext = Current;
        var deliveries = t_spareDeliveries ?? [];
        t_spareDeliveries = null;
        t_deferredDeliveries = deliveries;
        var sliceUsedUp = true;
        try
        {
            for (var i = 0; i < MaxWorkItemsPerSlice; i++)
            {
                WorkItem item;
                lock (_lock)
                {
                    if (!_work.TryDequeue(out item))
                    {
                        _executing = false;
                        sliceUsedUp = false;
                        break;
                    }
                }

                // Reset per item: a misbehaving work item must not leave another context in place for the next one.
                SetSynchronizationContext(this);
                RunWorkItem(item);
            }
        }
        finally
        {
            SetSynchronizationContext(previousContext);
            t_deferredDeliveries = null;
        }

        if (sliceUsedUp)
        {
            // Still owning the executor: go to the back of the pool's queue so other activations get a thread.
            RequeueExecutor();
        }

        FlushDeliveries(deliveries);
        t_spareDeliveries = deliveries;
    }

    /// <summary>Defers a result delivery if this thread is running an executor slice.</summary>
    internal static bool TryDeferDelivery(GrainRequest request)
    {
        if (t_deferredDeliveries is not { } deliveries)
        {
            return false;
        }

        deliveries.Add(request);
        return true;
    }

    private void FlushDeliveries(List<GrainRequest> deliveries)
    {
        var count = deliveries.Count;
        if (count == 0)
        {
            return;
        }

        for (var i = 0; i < count - 1; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(deliveries[i], preferLocal: true);
        }

        var last = deliveries[count - 1];
        deliveries.Clear();
        try
        {
            last.DeliverNow();
        }
        catch (Exception ex)
        {
            Log.WorkItemFailed(Silo.Logger, ex, GrainId);
        }
    }

    private void RunWorkItem(in WorkItem item)
    {
        try
        {
            switch (item.Target)
            {
                case SendOrPostCallback callback:
                    callback(item.State);
                    break;
                case GrainRequest request:
                    request.Run(this);
                    break;
                default:
                    if (ReferenceEquals(item.Target, s_activateStep))
                    {
                        _ = ActivateAsync();
                    }
                    else
                    {
                        _ = DeactivateAsync();
                    }

                    break;
            }
        }
        catch (Exception ex)
        {
            // Only code that escapes async machinery gets here (e.g. an async void method that threw).
            Log.WorkItemFailed(Silo.Logger, ex, GrainId);
        }
    }

    /// <summary>Marks the executor as owned if there is work and nobody owns it; the caller then queues it.</summary>
    private bool ClaimExecutorLocked()
    {
        if (_executing || _work.Count == 0)
        {
            return false;
        }

        _executing = true;
        return true;
    }

    // From a pool thread, the executor goes to that thread's local queue (cheap; idle threads steal from it).
    private void QueueExecutor() => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);

    // After a full slice: to the global queue, behind work that is already waiting.
    private void RequeueExecutor() => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);

    // ---- Turns ----

    /// <summary>
    /// Fast path: if a turn with these flags may start now and nobody runs the executor, claims both for the calling
    /// thread. The caller must then run the call and call <see cref="ExitInline"/> or <see cref="ExitInlinePending"/>.
    /// </summary>
    internal bool TryEnterInline(GrainMethodFlags flags)
    {
        if (_status != ActivationStatus.Valid)
        {
            return false;
        }

        lock (_lock)
        {
            if (_status != ActivationStatus.Valid || _executing || !MayStartLocked(flags))
            {
                return false;
            }

            _executing = true;
            StartTurnLocked(flags);
            return true;
        }
    }

    /// <summary>Releases the executor after an inline call; <paramref name="turnCompleted"/> if its task completed.</summary>
    internal void ExitInline(GrainMethodFlags flags, bool turnCompleted)
    {
        bool schedule;
        lock (_lock)
        {
            if (turnCompleted)
            {
                EndTurnLocked(flags);
            }

            // Work queued meanwhile (continuations, requests started by the turn's end) goes to a pool thread.
            schedule = _work.Count > 0;
            _executing = schedule;
        }

        if (schedule)
        {
            QueueExecutor();
        }
    }

    /// <summary>An inline call awaits something: its turn stays open until what the grain returned completes.</summary>
    internal void ExitInlinePending(GrainRequest request)
    {
        request.WatchPending(this);
        ExitInline(request.Flags, turnCompleted: false);
    }

    /// <summary>Queues a request, starting activation if this is the first one.</summary>
    internal EnqueueResult Enqueue(GrainRequest request)
    {
        bool schedule;
        lock (_lock)
        {
            switch (_status)
            {
                case ActivationStatus.Invalid:
                    return EnqueueResult.ActivationInvalid;
                case ActivationStatus.Created:
                    _status = ActivationStatus.Activating;
                    Pending.Enqueue(request);
                    _work.Enqueue(new WorkItem(s_activateStep, null));
                    break;
                case ActivationStatus.Activating:
                    Pending.Enqueue(request);
                    break;
                case ActivationStatus.Deactivating:
                    if ((request.Flags & GrainMethodFlags.TimerTick) != 0)
                    {
                        return EnqueueResult.Dropped;
                    }

                    Pending.Enqueue(request);
                    break;
                default:
                    if (MayStartLocked(request.Flags))
                    {
                        StartTurnLocked(request.Flags);
                        _work.Enqueue(new WorkItem(request, null));
                    }
                    else
                    {
                        Pending.Enqueue(request);
                    }

                    break;
            }

            schedule = ClaimExecutorLocked();
        }

        if (schedule)
        {
            QueueExecutor();
        }

        return EnqueueResult.Accepted;
    }

    /// <summary>A turn started from the queue (or a pending inline call) has completed.</summary>
    internal void OnTurnCompleted(GrainMethodFlags flags)
    {
        bool schedule;
        lock (_lock)
        {
            EndTurnLocked(flags);
            schedule = ClaimExecutorLocked();
        }

        if (schedule)
        {
            QueueExecutor();
        }
    }

    private bool MayStartLocked(GrainMethodFlags flags)
    {
        if (_class.IsReentrant || (flags & GrainMethodFlags.AlwaysInterleave) != 0)
        {
            return true;
        }

        // Arrival order: a call never overtakes one that is already waiting.
        if (_pending is { Count: > 0 })
        {
            return false;
        }

        return _running == 0 || ((flags & GrainMethodFlags.ReadOnly) != 0 && _runningExclusive == 0);
    }

    private void StartTurnLocked(GrainMethodFlags flags)
    {
        _running++;
        if ((flags & GrainMethodFlags.ReadOnly) == 0)
        {
            _runningExclusive++;
        }

        if ((flags & GrainMethodFlags.NoKeepAlive) == 0)
        {
            _runningKeepAlive++;
        }
    }

    private void EndTurnLocked(GrainMethodFlags flags)
    {
        _running--;
        if ((flags & GrainMethodFlags.ReadOnly) == 0)
        {
            _runningExclusive--;
        }

        if ((flags & GrainMethodFlags.NoKeepAlive) == 0)
        {
            _runningKeepAlive--;
            _touched = true;
        }

        if (_status == ActivationStatus.Valid)
        {
            StartPendingLocked();
        }
        else if (_status == ActivationStatus.Deactivating)
        {
            QueueDeactivationIfIdleLocked();
        }
    }

    /// <summary>Starts waiting requests, in order, as long as the head of the queue may start.</summary>
    private void StartPendingLocked()
    {
        if (_pending is not { } pending)
        {
            return;
        }

        while (pending.TryPeek(out var next))
        {
            if (next.IsAbandoned)
            {
                pending.Dequeue();
                continue;
            }

            var interleave = _class.IsReentrant || (next.Flags & GrainMethodFlags.AlwaysInterleave) != 0;
            var readOnlyMayJoin = (next.Flags & GrainMethodFlags.ReadOnly) != 0 && _runningExclusive == 0;
            if (!interleave && _running != 0 && !readOnlyMayJoin)
            {
                return;
            }

            pending.Dequeue();
            StartTurnLocked(next.Flags);
            _work.Enqueue(new WorkItem(next, null));
        }
    }

    private List<GrainRequest> DrainPendingLocked()
    {
        var drained = new List<GrainRequest>(_pending?.Count ?? 0);
        if (_pending is { } pending)
        {
            while (pending.TryDequeue(out var request))
            {
                drained.Add(request);
            }
        }

        return drained;
    }

    // ---- Activation ----

    private async Task ActivateAsync()
    {
        try
        {
            _scope = Silo.Services.CreateAsyncScope();
            var previous = t_constructing;
            t_constructing = this;
            try
            {
                _instance = _class.CreateInstance(_scope.Value.ServiceProvider, this);
            }
            finally
            {
                t_constructing = previous;
            }

            if (_states is { } states)
            {
                foreach (var state in states)
                {
                    await state.ReadStateAsync();
                }
            }

            if (_instance is IGrainBase grain)
            {
                await grain.OnActivateAsync(Silo.StoppingToken);
            }
        }
        catch (Exception ex)
        {
            await FailActivationAsync(ex);
            return;
        }

        var nowUtcTicks = Silo.TimeProvider.GetUtcNow().UtcTicks;
        bool schedule;
        lock (_lock)
        {
            _lastActiveUtcTicks = nowUtcTicks;
            _touched = true;
            if (_deactivateWhenActivated)
            {
                _status = ActivationStatus.Deactivating;
                QueueDeactivationIfIdleLocked();
            }
            else
            {
                _status = ActivationStatus.Valid;
                StartPendingLocked();
            }

            schedule = ClaimExecutorLocked();
        }

        if (schedule)
        {
            QueueExecutor();
        }
    }

    private async Task FailActivationAsync(Exception exception)
    {
        Log.ActivationFailed(Silo.Logger, exception, GrainId);
        Silo.RemoveActivation(this);
        List<GrainRequest> waiting;
        lock (_lock)
        {
            _status = ActivationStatus.Invalid;
            waiting = DrainPendingLocked();
        }

        DisposeTimers();
        foreach (var request in waiting)
        {
            if ((request.Flags & GrainMethodFlags.TimerTick) == 0)
            {
                request.Fail(exception);
            }
        }

        await DisposeInstanceAsync();
        _deactivated.TrySetResult();
    }

    /// <summary>Called while constructing the grain object, once per persistent state parameter.</summary>
    internal void AddState(IStateBridge state) => (_states ??= []).Add(state);

    // ---- Deactivation ----

    public void Deactivate(DeactivationReason deactivationReason, CancellationToken cancellationToken = default)
    {
        bool schedule = false;
        bool discard = false;
        lock (_lock)
        {
            switch (_status)
            {
                case ActivationStatus.Created:
                    _status = ActivationStatus.Invalid;
                    discard = true;
                    break;
                case ActivationStatus.Activating:
                    if (!_deactivateWhenActivated)
                    {
                        _deactivateWhenActivated = true;
                        _deactivationReason = deactivationReason;
                    }

                    break;
                case ActivationStatus.Valid:
                    _status = ActivationStatus.Deactivating;
                    _deactivationReason = deactivationReason;
                    _keepAliveUntilUtcTicks = 0;
                    QueueDeactivationIfIdleLocked();
                    schedule = ClaimExecutorLocked();
                    break;
            }
        }

        if (discard)
        {
            Silo.RemoveActivation(this);
            _deactivated.TrySetResult();
        }

        if (schedule)
        {
            QueueExecutor();
        }
    }

    /// <summary>A state write found a newer version in storage: this activation's state is stale.</summary>
    internal void OnInconsistentState(Exception exception) =>
        Deactivate(new DeactivationReason(
            DeactivationReasonCode.ApplicationError,
            exception,
            "A state write found a newer version in storage; the next call gets a new activation that rereads state."));

    internal void DelayDeactivation(TimeSpan timeSpan)
    {
        var nowUtcTicks = Silo.TimeProvider.GetUtcNow().UtcTicks;
        lock (_lock)
        {
            _keepAliveUntilUtcTicks = timeSpan <= TimeSpan.Zero
                ? 0
                : timeSpan.Ticks >= long.MaxValue - nowUtcTicks ? long.MaxValue : nowUtcTicks + timeSpan.Ticks;
        }
    }

    /// <summary>Idle collection, called by the silo's collector every CollectionQuantum.</summary>
    internal void CollectIfIdle(long nowUtcTicks)
    {
        bool schedule;
        lock (_lock)
        {
            if (_status != ActivationStatus.Valid)
            {
                return;
            }

            if (_touched || _runningKeepAlive > 0 || _pending is { Count: > 0 })
            {
                _touched = false;
                _lastActiveUtcTicks = nowUtcTicks;
                return;
            }

            if (_class.AlwaysActive
                || nowUtcTicks < _keepAliveUntilUtcTicks
                || nowUtcTicks - _lastActiveUtcTicks < _class.CollectionAge.Ticks)
            {
                return;
            }

            _status = ActivationStatus.Deactivating;
            _deactivationReason = new DeactivationReason(
                DeactivationReasonCode.ActivationIdle, $"Idle for at least {_class.CollectionAge}.");
            QueueDeactivationIfIdleLocked();
            schedule = ClaimExecutorLocked();
        }

        if (schedule)
        {
            QueueExecutor();
        }
    }

    private void QueueDeactivationIfIdleLocked()
    {
        if (_running == 0 && !_deactivationQueued)
        {
            _deactivationQueued = true;
            _work.Enqueue(new WorkItem(s_deactivateStep, null));
        }
    }

    private async Task DeactivateAsync()
    {
        var reason = _deactivationReason;
        try
        {
            DisposeTimers();
            var abandoned = _instance is IGrainBase grain && !await RunOnDeactivateAsync(grain, reason);

            // Timers registered during OnDeactivateAsync must not outlive the activation either.
            DisposeTimers();
            if (!abandoned)
            {
                await DisposeInstanceAsync();
            }
        }
        catch (Exception ex)
        {
            Log.DeactivationFailed(Silo.Logger, ex, GrainId);
        }
        finally
        {
            // Whatever happened above, the activation leaves the directory and its waiting calls move on.
            Silo.RemoveActivation(this);
            List<GrainRequest> waiting;
            lock (_lock)
            {
                _status = ActivationStatus.Invalid;
                waiting = DrainPendingLocked();
            }

            Log.Deactivated(Silo.Logger, GrainId, reason.ReasonCode);
            Silo.Forward(waiting);
            _deactivated.TrySetResult();
        }
    }

    /// <summary>Runs OnDeactivateAsync within the deactivation timeout; false if it was still running then.</summary>
    private async Task<bool> RunOnDeactivateAsync(IGrainBase grain, DeactivationReason reason)
    {
        var timeout = Silo.DeactivationTimeout;
        using var timeoutSource = new CancellationTokenSource(timeout, Silo.TimeProvider);
        Task onDeactivate;
        try
        {
            onDeactivate = grain.OnDeactivateAsync(reason, timeoutSource.Token) ?? Task.CompletedTask;
        }
        catch (Exception ex)
        {
            onDeactivate = Task.FromException(ex);
        }

        try
        {
            await onDeactivate.WaitAsync(timeout, Silo.TimeProvider);
            return true;
        }
        catch (Exception ex) when (onDeactivate.IsCompleted)
        {
            Log.DeactivationFailed(Silo.Logger, ex, GrainId);
            return true;
        }
        catch (TimeoutException)
        {
            // Its code may still run; disposing the grain or its scope under it would only add failures.
            Log.DeactivationTimedOut(Silo.Logger, GrainId, timeout);
            return false;
        }
    }

    private async Task DisposeInstanceAsync()
    {
        try
        {
            switch (_instance)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }

            if (_scope is { } scope)
            {
                await scope.DisposeAsync();
            }
        }
        catch (Exception ex)
        {
            Log.DisposeFailed(Silo.Logger, ex, GrainId);
        }
    }

    // ---- Timers ----

    internal IGrainTimer RegisterTimer<TState>(
        Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        var timer = new GrainTimer<TState>(this, callback, state, options);
        bool accepted;
        lock (_lock)
        {
            accepted = _status is not ActivationStatus.Invalid;
            if (accepted)
            {
                (_timers ??= []).Add(timer);
            }
        }

        if (accepted)
        {
            timer.Start();
        }
        else
        {
            timer.Dispose();
        }

        return timer;
    }

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers?.Remove(timer);
        }
    }

    private void DisposeTimers()
    {
        GrainTimer[] timers;
        lock (_lock)
        {
            if (_timers is not { Count: > 0 })
            {
                return;
            }

            timers = [.. _timers];
            _timers.Clear();
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }

    private readonly struct WorkItem(object target, object? state)
    {
        public readonly object Target = target;
        public readonly object? State = state;
    }
}
