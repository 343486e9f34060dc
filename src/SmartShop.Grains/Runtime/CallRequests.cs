using System.Threading.Tasks.Sources;

namespace SmartShop.Grains.Runtime;

/// <summary>
/// A call whose caller waits for the result: tracked for the response timeout from creation, withdrawn if the
/// caller's token is cancelled before the turn starts, delivered to the caller exactly once.
/// </summary>
internal abstract class CallRequest<TArgs> : GrainRequest
{
    private readonly CancellationTokenRegistration _cancellation;
    private volatile bool _started;

    /// <summary>A call to queue; it runs later on the activation's executor.</summary>
    protected CallRequest(GrainReference target, GrainMethodDescriptor<TArgs> method, TArgs args, CancellationToken cancellationToken)
        : base(method.Flags)
    {
        Target = target;
        Method = method;
        Args = args;
        CallerContext = ExecutionContext.Capture();
        target.Silo.Calls.Track(this);
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(
                static (s, token) => ((CallRequest<TArgs>)s!).OnCallerCancelled(token), this);
        }
    }

    /// <summary>A call that already started inline and awaits something: only its completion is left to deliver.</summary>
    protected CallRequest(GrainReference target, GrainMethodDescriptor<TArgs> method)
        : base(method.Flags)
    {
        Target = target;
        Method = method;
        Args = default!;
        _started = true;
        target.Silo.Calls.Track(this);
    }

    internal override string Description => $"{Method.Name} on {Target.GrainId}";

    protected GrainReference Target { get; }

    protected GrainMethodDescriptor<TArgs> Method { get; }

    protected TArgs Args { get; }

    /// <summary>Set when the outcome was decided without the grain (timeout, cancellation, unreachable grain).</summary>
    protected Exception? Failure { get; private set; }

    internal override void Fail(Exception exception)
    {
        if (!TryClaimOutcome())
        {
            return;
        }

        Failure = exception;
        ReleaseTracking();
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    internal override void Forward() => Target.Dispatch(this);

    protected override void OnStarting() => _started = true;

    protected void ReleaseTracking()
    {
        Target.Silo.Calls.Untrack(this);
        _cancellation.Dispose();
    }

    // Cancellation before the turn starts withdraws the call; once started, the grain sees the same token (arguments
    // are passed by reference) and decides.
    private void OnCallerCancelled(CancellationToken token)
    {
        if (!_started)
        {
            Fail(new OperationCanceledException(token));
        }
    }
}

/// <summary>A call to a method returning Task or Task&lt;T&gt; (<typeparamref name="TResult"/> is VoidResult for Task).</summary>
internal sealed class TaskCallRequest<TArgs, TResult> : CallRequest<TArgs>
{
    // Continuations run where the outcome is delivered: never on a thread executing activation code.
    private readonly TaskCompletionSource<TResult> _promise = new();
    private Task? _pending;
    private Task? _completed;

    public TaskCallRequest(GrainReference target, GrainMethodDescriptor<TArgs> method, TArgs args, CancellationToken cancellationToken)
        : base(target, method, args, cancellationToken)
    {
    }

    public TaskCallRequest(GrainReference target, GrainMethodDescriptor<TArgs> method, Task pending)
        : base(target, method) => _pending = pending;

    public Task<TResult> Task => _promise.Task;

    protected override bool InvokeGrain(object grain)
    {
        Task? task;
        try
        {
            task = Method.InvokeAsTask(grain, Args);
        }
        catch (Exception ex)
        {
            task = System.Threading.Tasks.Task.FromException(ex);
        }

        _pending = task ?? System.Threading.Tasks.Task.FromException(new InvalidOperationException($"{Description} returned a null task."));
        return _pending.IsCompleted;
    }

    protected override void OnPendingCompleted(Action continuation) =>
        _pending!.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(continuation);

    protected override bool TakeOutcome()
    {
        var completed = _pending;
        _pending = null;
        if (!TryClaimOutcome())
        {
            return false;
        }

        _completed = completed;
        ReleaseTracking();
        return true;
    }

    protected override void Deliver()
    {
        if (Failure is { } failure)
        {
            if (failure is OperationCanceledException canceled)
            {
                _promise.TrySetCanceled(canceled.CancellationToken);
            }
            else
            {
                _promise.TrySetException(failure);
            }

            return;
        }

        var completed = _completed!;
        if (completed.IsCompletedSuccessfully)
        {
            _promise.TrySetResult(typeof(TResult) == typeof(VoidResult) ? default! : ((Task<TResult>)completed).Result);
        }
        else if (completed.IsFaulted)
        {
            // The original exceptions, not an AggregateException: await rethrows the first with its stack trace.
            _promise.TrySetException(completed.Exception!.InnerExceptions);
        }
        else
        {
            try
            {
                completed.GetAwaiter().GetResult();
                _promise.TrySetCanceled();
            }
            catch (OperationCanceledException ex)
            {
                _promise.TrySetCanceled(ex.CancellationToken);
            }
        }
    }
}

/// <summary>
/// A call to a method returning ValueTask&lt;T&gt;. The request itself is the caller's ValueTask source, and the
/// grain's ValueTask is awaited directly, so the queued path allocates only this object.
/// </summary>
internal sealed class ValueTaskCallRequest<TArgs, TResult> : CallRequest<TArgs>, IValueTaskSource<TResult>
{
    private readonly GrainMethodDescriptor<TArgs, ValueTask<TResult>> _method;
    private ManualResetValueTaskSourceCore<TResult> _promise;
    private ValueTask<TResult> _pending;
    private TResult? _result;
    private Exception? _exception;

    public ValueTaskCallRequest(
        GrainReference target, GrainMethodDescriptor<TArgs, ValueTask<TResult>> method, TArgs args, CancellationToken cancellationToken)
        : base(target, method, args, cancellationToken) => _method = method;

    public ValueTaskCallRequest(GrainReference target, GrainMethodDescriptor<TArgs, ValueTask<TResult>> method, ValueTask<TResult> pending)
        : base(target, method)
    {
        _method = method;
        _pending = pending;
    }

    public ValueTask<TResult> Task => new(this, _promise.Version);

    public TResult GetResult(short token) => _promise.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _promise.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _promise.OnCompleted(continuation, state, token, flags);

    protected override bool InvokeGrain(object grain)
    {
        try
        {
            _pending = _method.Invoke(grain, Args);
        }
        catch (Exception ex)
        {
            _pending = ValueTask.FromException<TResult>(ex);
        }

        return _pending.IsCompleted;
    }

    protected override void OnPendingCompleted(Action continuation) =>
        _pending.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(continuation);

    protected override bool TakeOutcome()
    {
        // Consume the grain's ValueTask exactly once, whether or not its outcome is still wanted.
        var pending = _pending;
        _pending = default;
        TResult? result = default;
        Exception? exception = null;
        try
        {
            result = pending.GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            exception = ex;
        }

        if (!TryClaimOutcome())
        {
            return false;
        }

        _result = result;
        _exception = exception;
        ReleaseTracking();
        return true;
    }

    protected override void Deliver()
    {
        // An OperationCanceledException makes the ValueTask report Canceled.
        if ((Failure ?? _exception) is { } exception)
        {
            _promise.SetException(exception);
        }
        else
        {
            _promise.SetResult(_result!);
        }
    }
}

/// <summary>A call to a method returning ValueTask; see <see cref="ValueTaskCallRequest{TArgs, TResult}"/>.</summary>
internal sealed class ValueTaskCallRequest<TArgs> : CallRequest<TArgs>, IValueTaskSource
{
    private readonly GrainMethodDescriptor<TArgs, ValueTask> _method;
    private ManualResetValueTaskSourceCore<bool> _promise;
    private ValueTask _pending;
    private Exception? _exception;

    public ValueTaskCallRequest(
        GrainReference target, GrainMethodDescriptor<TArgs, ValueTask> method, TArgs args, CancellationToken cancellationToken)
        : base(target, method, args, cancellationToken) => _method = method;

    public ValueTaskCallRequest(GrainReference target, GrainMethodDescriptor<TArgs, ValueTask> method, ValueTask pending)
        : base(target, method)
    {
        _method = method;
        _pending = pending;
    }

    public ValueTask Task => new(this, _promise.Version);

    public void GetResult(short token) => _promise.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _promise.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _promise.OnCompleted(continuation, state, token, flags);

    protected override bool InvokeGrain(object grain)
    {
        try
        {
            _pending = _method.Invoke(grain, Args);
        }
        catch (Exception ex)
        {
            _pending = ValueTask.FromException(ex);
        }

        return _pending.IsCompleted;
    }

    protected override void OnPendingCompleted(Action continuation) =>
        _pending.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(continuation);

    protected override bool TakeOutcome()
    {
        var pending = _pending;
        _pending = default;
        Exception? exception = null;
        try
        {
            pending.GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            exception = ex;
        }

        if (!TryClaimOutcome())
        {
            return false;
        }

        _exception = exception;
        ReleaseTracking();
        return true;
    }

    protected override void Deliver()
    {
        if ((Failure ?? _exception) is { } exception)
        {
            _promise.SetException(exception);
        }
        else
        {
            _promise.SetResult(true);
        }
    }
}
