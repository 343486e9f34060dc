namespace SmartShop.Grains.Runtime;

/// <summary>
/// A unit of work for an activation that takes a turn: a queued grain call, a call that started inline and is still
/// running, or a timer tick.
/// <para>
/// Life of a request: it runs (<see cref="Run"/>, or the inline fast path ran the grain method already), the grain's
/// task completes (possibly later, after awaits), the turn ends, and then the outcome is delivered to the waiter.
/// Delivery may run the caller's continuation, so it never happens on a thread that is executing activation code:
/// from an activation's executor it is deferred until the executor lets go of the activation
/// (<see cref="ActivationData.TryDeferDelivery"/>), otherwise it goes to the thread pool.
/// </para>
/// <para>
/// The outcome is decided once: by the grain's result, or earlier by a timeout, a cancellation or a failure to reach
/// the grain (<see cref="TryClaimOutcome"/>); a request whose outcome was decided before it started is skipped.
/// </para>
/// </summary>
internal abstract class GrainRequest(GrainMethodFlags flags) : IThreadPoolWorkItem
{
    private static readonly ContextCallback s_startInCallerContext = static s => ((GrainRequest)s!).Start();

    public readonly GrainMethodFlags Flags = flags;

    // Call-timeout bookkeeping, owned by CallTracker and guarded by the stripe's lock.
    internal CallTracker.Stripe? TrackerStripe;
    internal GrainRequest? TrackerPrevious;
    internal GrainRequest? TrackerNext;
    internal long SentTimestamp;

    private ActivationData? _runningOn;
    private Action? _onPendingCompleted;
    private int _outcomeClaimed;

    /// <summary>The outcome is already decided (timed out, cancelled): do not start the turn.</summary>
    internal virtual bool IsAbandoned => Volatile.Read(ref _outcomeClaimed) != 0;

    /// <summary>"IMachineGrain.ReportState on machine/l1-lathe", for errors and logs.</summary>
    internal abstract string Description { get; }

    /// <summary>Captured at the call for queued calls, so the callee sees the caller's AsyncLocals as an inline call would.</summary>
    protected ExecutionContext? CallerContext { get; init; }

    /// <summary>Delivery runs no user code (timers, one-way calls), so it may happen anywhere, at once.</summary>
    protected virtual bool DeliversInline => false;

    /// <summary>Completes the request with an error without running it (timeout, activation failure, shutdown).</summary>
    internal abstract void Fail(Exception exception);

    /// <summary>Called by the previous activation after it deactivated: send the request to the next one.</summary>
    internal abstract void Forward();

    /// <summary>Runs a queued request's turn on the activation's executor.</summary>
    internal void Run(ActivationData activation)
    {
        OnStarting();
        if (IsAbandoned)
        {
            activation.OnTurnCompleted(Flags);
            return;
        }

        _runningOn = activation;
        if (CallerContext is { } context)
        {
            ExecutionContext.Run(context, s_startInCallerContext, this);
        }
        else
        {
            Start();
        }
    }

    /// <summary>Inline path: the grain method ran on the caller's thread and what it returned is still pending.</summary>
    internal void WatchPending(ActivationData activation)
    {
        _runningOn = activation;
        OnPendingCompleted(_onPendingCompleted ??= EndTurn);
    }

    void IThreadPoolWorkItem.Execute() => Deliver();

    /// <summary>Delivers now; used by an executor flushing deferred deliveries once it let go of its activation.</summary>
    internal void DeliverNow() => Deliver();

    /// <summary>Marks the request as started; a cancellation that arrives later no longer withdraws it.</summary>
    protected virtual void OnStarting()
    {
    }

    /// <summary>Calls the grain and keeps what it returned; true if that is already complete. Never throws.</summary>
    protected abstract bool InvokeGrain(object grain);

    /// <summary>Registers <paramref name="continuation"/> on the pending result kept by <see cref="InvokeGrain"/>.</summary>
    protected abstract void OnPendingCompleted(Action continuation);

    /// <summary>Takes the outcome from the completed result; false if the outcome was already decided otherwise.</summary>
    protected abstract bool TakeOutcome();

    /// <summary>Hands the outcome to whoever waits.</summary>
    protected abstract void Deliver();

    /// <summary>Decides the outcome; only the first caller wins.</summary>
    protected bool TryClaimOutcome() => Interlocked.Exchange(ref _outcomeClaimed, 1) == 0;

    /// <summary>Delivers on the spot if harmless, else deferred to the end of the current executor slice, else pooled.</summary>
    protected void ScheduleDelivery()
    {
        if (DeliversInline)
        {
            Deliver();
        }
        else if (!ActivationData.TryDeferDelivery(this))
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        }
    }

    private void Start()
    {
        if (InvokeGrain(_runningOn!.Instance))
        {
            EndTurn();
        }
        else
        {
            OnPendingCompleted(_onPendingCompleted ??= EndTurn);
        }
    }

    private void EndTurn()
    {
        var activation = _runningOn!;
        _runningOn = null;
        var deliver = TakeOutcome();
        if ((Flags & GrainMethodFlags.TimerTick) != 0)
        {
            // The timer re-arms before the turn ends, so a call queued behind the tick sees the next tick scheduled.
            Deliver();
            activation.OnTurnCompleted(Flags);
            return;
        }

        // Free the activation first, so that a caller reacting to the result finds it idle.
        activation.OnTurnCompleted(Flags);
        if (deliver)
        {
            ScheduleDelivery();
        }
    }
}

/// <summary>A request whose grain side is a <see cref="Task"/> (Task / Task&lt;T&gt; methods, one-way calls, timer ticks).</summary>
internal abstract class TaskBasedRequest(GrainMethodFlags flags) : GrainRequest(flags)
{
    private Task? _pending;

    /// <summary>The grain's completed task once the turn ended; carries the outcome to <see cref="GrainRequest.Deliver"/>.</summary>
    protected Task? Completed { get; private set; }

    /// <summary>Inline path: the task the grain method returned.</summary>
    internal void AdoptPending(Task task) => _pending = task;

    protected abstract Task InvokeAsTask(object grain);

    protected sealed override bool InvokeGrain(object grain)
    {
        Task? task;
        try
        {
            task = InvokeAsTask(grain);
        }
        catch (Exception ex)
        {
            task = Task.FromException(ex);
        }

        _pending = task ?? Task.FromException(new InvalidOperationException($"{Description} returned a null task."));
        return _pending.IsCompleted;
    }

    protected sealed override void OnPendingCompleted(Action continuation) =>
        _pending!.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(continuation);

    protected override bool TakeOutcome()
    {
        Completed = _pending;
        _pending = null;
        return true;
    }
}

/// <summary>A [OneWay] call: the caller's task completed when it was queued; failures are logged.</summary>
internal sealed class OneWayRequest<TArgs>(GrainReference target, GrainMethodDescriptor<TArgs> method, TArgs args)
    : TaskBasedRequest(method.Flags)
{
    private Exception? _failure;

    internal override bool IsAbandoned => false;

    internal override string Description => $"{method.Name} on {target.GrainId}";

    protected override bool DeliversInline => true;

    internal override void Fail(Exception exception)
    {
        _failure = exception;
        Deliver();
    }

    internal override void Forward() => target.Dispatch(this);

    protected override Task InvokeAsTask(object grain) => method.InvokeAsTask(grain, args);

    protected override void Deliver()
    {
        var failure = _failure ?? (Completed is { IsFaulted: true } faulted ? faulted.Exception!.InnerException : null);
        if (failure is not null)
        {
            Log.OneWayCallFailed(target.Silo.Logger, failure, Description);
        }
    }
}
