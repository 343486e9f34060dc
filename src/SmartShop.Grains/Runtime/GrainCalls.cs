namespace SmartShop.Grains.Runtime;

/// <summary>
/// The call path behind every generated proxy method (one helper per return kind).
/// <para>
/// Fast path: when the target activation is valid, idle enough for this call to start (reentrancy rules) and no
/// thread is running its code, the caller's thread takes the activation's executor and runs the grain method
/// directly, with the activation's synchronization context current so that every continuation after an await goes
/// back through the activation's queue. A method that completes synchronously costs two uncontended lock
/// acquisitions and no allocation; its task is handed back as is.
/// </para>
/// <para>
/// If the method returns before completing (it awaits something), its turn stays open and a request object
/// (<see cref="TaskCallRequest{TArgs, TResult}"/> or a ValueTask variant) carries the result to the caller later.
/// </para>
/// <para>
/// Slow path: the call becomes such a request queued on the activation (creating the activation if needed) and runs
/// on the thread pool in turn.
/// </para>
/// </summary>
internal static class GrainCalls
{
    // Inline calls nest (a grain calling a grain calling a grain ...); past this depth calls are queued instead, which
    // bounds the stack a chain of synchronous grain calls can use.
    private const int MaxInlineDepth = 8;

    [ThreadStatic]
    private static int t_inlineDepth;

    public static Task<TResult> InvokeTaskOf<TArgs, TResult>(
        GrainReference target, TArgs args, GrainMethodDescriptor<TArgs, Task<TResult>> method, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken);
        }

        if (TryEnterInline(target, method.Flags) is { } activation)
        {
            Task<TResult>? task;
            var previous = SynchronizationContext.Current;
            SynchronizationContext.SetSynchronizationContext(activation);
            t_inlineDepth++;
            try
            {
                task = method.Invoke(activation.Instance, args);
            }
            catch (Exception ex)
            {
                task = Task.FromException<TResult>(ex);
            }
            finally
            {
                t_inlineDepth--;
                SynchronizationContext.SetSynchronizationContext(previous);
            }

            task ??= Task.FromException<TResult>(NullTask(method, target));
            if (task.IsCompleted)
            {
                activation.ExitInline(method.Flags, turnCompleted: true);
                return task;
            }

            var running = new TaskCallRequest<TArgs, TResult>(target, method, task);
            activation.ExitInlinePending(running);
            return running.Task;
        }

        var request = new TaskCallRequest<TArgs, TResult>(target, method, args, cancellationToken);
        target.Dispatch(request);
        return request.Task;
    }

    public static Task InvokeTask<TArgs>(
        GrainReference target, TArgs args, GrainMethodDescriptor<TArgs, Task> method, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        if (TryEnterInline(target, method.Flags) is { } activation)
        {
            Task? task;
            var previous = SynchronizationContext.Current;
            SynchronizationContext.SetSynchronizationContext(activation);
            t_inlineDepth++;
            try
            {
                task = method.Invoke(activation.Instance, args);
            }
            catch (Exception ex)
            {
                task = Task.FromException(ex);
            }
            finally
            {
                t_inlineDepth--;
                SynchronizationContext.SetSynchronizationContext(previous);
            }

            task ??= Task.FromException(NullTask(method, target));
            if (task.IsCompleted)
            {
                activation.ExitInline(method.Flags, turnCompleted: true);
                return task;
            }

            var running = new TaskCallRequest<TArgs, VoidResult>(target, method, task);
            activation.ExitInlinePending(running);
            return running.Task;
        }

        var request = new TaskCallRequest<TArgs, VoidResult>(target, method, args, cancellationToken);
        target.Dispatch(request);
        return request.Task;
    }

    public static ValueTask<TResult> InvokeValueTaskOf<TArgs, TResult>(
        GrainReference target, TArgs args, GrainMethodDescriptor<TArgs, ValueTask<TResult>> method, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<TResult>(cancellationToken);
        }

        if (TryEnterInline(target, method.Flags) is { } activation)
        {
            ValueTask<TResult> task;
            var previous = SynchronizationContext.Current;
            SynchronizationContext.SetSynchronizationContext(activation);
            t_inlineDepth++;
            try
            {
                task = method.Invoke(activation.Instance, args);
            }
            catch (Exception ex)
            {
                task = ValueTask.FromException<TResult>(ex);
            }
            finally
            {
                t_inlineDepth--;
                SynchronizationContext.SetSynchronizationContext(previous);
            }

            if (task.IsCompleted)
            {
                activation.ExitInline(method.Flags, turnCompleted: true);
                return task;
            }

            var running = new ValueTaskCallRequest<TArgs, TResult>(target, method, task);
            activation.ExitInlinePending(running);
            return running.Task;
        }

        var request = new ValueTaskCallRequest<TArgs, TResult>(target, method, args, cancellationToken);
        target.Dispatch(request);
        return request.Task;
    }

    public static ValueTask InvokeValueTask<TArgs>(
        GrainReference target, TArgs args, GrainMethodDescriptor<TArgs, ValueTask> method, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        if (TryEnterInline(target, method.Flags) is { } activation)
        {
            ValueTask task;
            var previous = SynchronizationContext.Current;
            SynchronizationContext.SetSynchronizationContext(activation);
            t_inlineDepth++;
            try
            {
                task = method.Invoke(activation.Instance, args);
            }
            catch (Exception ex)
            {
                task = ValueTask.FromException(ex);
            }
            finally
            {
                t_inlineDepth--;
                SynchronizationContext.SetSynchronizationContext(previous);
            }

            if (task.IsCompleted)
            {
                activation.ExitInline(method.Flags, turnCompleted: true);
                return task;
            }

            var running = new ValueTaskCallRequest<TArgs>(target, method, task);
            activation.ExitInlinePending(running);
            return running.Task;
        }

        var request = new ValueTaskCallRequest<TArgs>(target, method, args, cancellationToken);
        target.Dispatch(request);
        return request.Task;
    }

    public static Task InvokeOneWay<TArgs>(
        GrainReference target, TArgs args, GrainMethodDescriptor<TArgs> method, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        if (target.Silo.IsStopping)
        {
            return Task.FromException(target.Silo.CreateUnavailableException(method.Name, target.GrainId));
        }

        target.Dispatch(new OneWayRequest<TArgs>(target, method, args));
        return Task.CompletedTask;
    }

    public static ValueTask InvokeOneWayValueTask<TArgs>(
        GrainReference target, TArgs args, GrainMethodDescriptor<TArgs> method, CancellationToken cancellationToken) =>
        new(InvokeOneWay(target, args, method, cancellationToken));

    private static ActivationData? TryEnterInline(GrainReference target, GrainMethodFlags flags)
    {
        if (t_inlineDepth >= MaxInlineDepth)
        {
            return null;
        }

        var activation = target.PeekActivation();
        return activation is not null && activation.TryEnterInline(flags) ? activation : null;
    }

    private static InvalidOperationException NullTask(GrainMethodDescriptor method, GrainReference target) =>
        new($"{method.Name} on {target.GrainId} returned a null task.");
}
