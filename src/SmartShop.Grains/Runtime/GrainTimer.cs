namespace SmartShop.Grains.Runtime;

/// <summary>
/// A grain timer. The underlying <see cref="ITimer"/> (from the silo's TimeProvider) is always armed one-shot; a tick
/// is queued on the activation as a turn, and only when that turn ends is the next tick armed, <c>period</c> later.
/// So ticks never overlap and a slow callback delays the schedule instead of piling up ticks.
/// </summary>
internal abstract class GrainTimer : IGrainTimer
{
    private readonly ActivationData _activation;
    private readonly Lock _lock = new();
    private readonly ITimer _timer;
    private readonly TimerTickRequest _tick;
    private readonly CancellationTokenSource _disposed = new();
    private TimeSpan _dueTime;
    private TimeSpan _period;
    private bool _tickInProgress;
    private bool _changedDuringTick;
    private bool _isDisposed;

    protected GrainTimer(ActivationData activation, GrainTimerCreationOptions options)
    {
        Validate(options.DueTime, options.Period);
        _activation = activation;
        _dueTime = options.DueTime;
        _period = options.Period;
        var flags = GrainMethodFlags.TimerTick
            | (options.Interleave ? GrainMethodFlags.AlwaysInterleave : GrainMethodFlags.None)
            | (options.KeepAlive ? GrainMethodFlags.None : GrainMethodFlags.NoKeepAlive);
        _tick = new TimerTickRequest(this, flags);

        // The timer must not capture the registering call's ExecutionContext (AsyncLocals) for its whole life.
        var restoreFlow = !ExecutionContext.IsFlowSuppressed();
        if (restoreFlow)
        {
            ExecutionContext.SuppressFlow();
        }

        try
        {
            _timer = activation.Silo.TimeProvider.CreateTimer(
                static s => ((GrainTimer)s!).OnTimerFired(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        finally
        {
            if (restoreFlow)
            {
                ExecutionContext.RestoreFlow();
            }
        }
    }

    internal bool IsDisposed => _disposed.IsCancellationRequested;

    internal GrainId GrainId => _activation.GrainId;

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        Validate(dueTime, period);
        lock (_lock)
        {
            if (_isDisposed)
            {
                return;
            }

            _dueTime = dueTime;
            _period = period;
            if (_tickInProgress)
            {
                // Applied when the current tick ends: the next tick comes dueTime after that.
                _changedDuringTick = true;
                return;
            }

            // Under the lock, so that a concurrent tick end cannot overwrite the new schedule with the old period.
            // (Timer APIs do not call back synchronously, so this cannot deadlock.)
            _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_isDisposed)
            {
                return;
            }

            _isDisposed = true;
        }

        _timer.Dispose();
        _disposed.Cancel();
        _activation.RemoveTimer(this);
    }

    internal void Start()
    {
        lock (_lock)
        {
            if (!_isDisposed)
            {
                _timer.Change(_dueTime, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Runs the user's callback; called as the tick's turn on the activation's executor.</summary>
    internal Task InvokeTick() => InvokeCallback(_disposed.Token);

    protected abstract Task InvokeCallback(CancellationToken cancellationToken);

    internal void OnTickCompleted(Task task)
    {
        if (task.IsFaulted && !IsDisposed)
        {
            Log.TimerCallbackFailed(_activation.Silo.Logger, task.Exception!.InnerException!, _activation.GrainId);
        }

        lock (_lock)
        {
            _tickInProgress = false;
            if (_isDisposed)
            {
                return;
            }

            var next = _changedDuringTick ? _dueTime : _period == TimeSpan.Zero ? Timeout.InfiniteTimeSpan : _period;
            _changedDuringTick = false;
            if (next != Timeout.InfiniteTimeSpan)
            {
                _timer.Change(next, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void OnTimerFired()
    {
        try
        {
            lock (_lock)
            {
                if (_isDisposed || _tickInProgress)
                {
                    return;
                }

                _tickInProgress = true;
                _changedDuringTick = false;
            }

            if (_activation.Enqueue(_tick) != EnqueueResult.Accepted)
            {
                // The activation is going away and disposes its timers; nothing to reschedule.
                lock (_lock)
                {
                    _tickInProgress = false;
                }
            }
        }
        catch (Exception ex)
        {
            // Runs on a timer thread: an escaping exception would end the process.
            Log.TimerCallbackFailed(_activation.Silo.Logger, ex, _activation.GrainId);
        }
    }

    private static void Validate(TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "Use a non-negative time or Timeout.InfiniteTimeSpan.");
        }

        if (period < TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "Use a non-negative time or Timeout.InfiniteTimeSpan.");
        }
    }

    /// <summary>The tick as a request: reused for every tick, since a timer has at most one tick in flight.</summary>
    private sealed class TimerTickRequest(GrainTimer timer, GrainMethodFlags flags) : TaskBasedRequest(flags)
    {
        internal override bool IsAbandoned => timer.IsDisposed;

        internal override string Description => $"timer tick on {timer.GrainId}";

        protected override bool DeliversInline => true;

        internal override void Fail(Exception exception) => timer.OnTickCompleted(Task.FromException(exception));

        internal override void Forward()
        {
            // Ticks belong to one activation; the next activation registers its own timers.
        }

        protected override Task InvokeAsTask(object grain) => timer.InvokeTick();

        protected override void Deliver() => timer.OnTickCompleted(Completed!);
    }
}

internal sealed class GrainTimer<TState>(
    ActivationData activation, Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    : GrainTimer(activation, options)
{
    protected override Task InvokeCallback(CancellationToken cancellationToken) => callback(state, cancellationToken);
}
