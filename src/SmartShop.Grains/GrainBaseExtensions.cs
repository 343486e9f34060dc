using SmartShop.Grains.Runtime;

namespace SmartShop.Grains;

/// <summary>Helpers for grain classes, as Orleans' GrainBaseExtensions.</summary>
public static class GrainBaseExtensions
{
    /// <summary>Deactivates the activation once the current call completes; the next call gets a new activation.</summary>
    public static void DeactivateOnIdle(this IGrainBase grain)
    {
        ArgumentNullException.ThrowIfNull(grain);
        grain.GrainContext.Deactivate(
            new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called."));
    }

    /// <summary>
    /// Creates a grain timer. Each tick runs as a turn of the activation: it respects the grain's reentrancy unless
    /// <see cref="GrainTimerCreationOptions.Interleave"/> is set, the next tick is scheduled only after the callback's
    /// task completes (ticks never overlap, the period counts from the end of a tick), time comes from the silo's
    /// TimeProvider, and ticks do not keep the activation alive unless <see cref="GrainTimerCreationOptions.KeepAlive"/>
    /// is set. The token passed to the callback is cancelled when the timer is disposed or the activation deactivates.
    /// Exceptions from the callback are logged and do not stop the timer. Deactivation disposes every timer.
    /// </summary>
    public static IGrainTimer RegisterGrainTimer<TState>(
        this IGrainBase grain, Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(grain);
        ArgumentNullException.ThrowIfNull(callback);
        if (grain.GrainContext is not ActivationData activation)
        {
            throw new InvalidOperationException("Grain timers need a grain created by the SmartShop grain runtime.");
        }

        return activation.RegisterTimer(callback, state, options);
    }

    /// <inheritdoc cref="RegisterGrainTimer{TState}(IGrainBase, Func{TState, CancellationToken, Task}, TState, GrainTimerCreationOptions)"/>
    public static IGrainTimer RegisterGrainTimer(
        this IGrainBase grain, Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return grain.RegisterGrainTimer(static (cb, ct) => cb(ct), callback, options);
    }

    /// <inheritdoc cref="RegisterGrainTimer{TState}(IGrainBase, Func{TState, CancellationToken, Task}, TState, GrainTimerCreationOptions)"/>
    public static IGrainTimer RegisterGrainTimer(this IGrainBase grain, Func<Task> callback, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return grain.RegisterGrainTimer(static (cb, _) => cb(), callback, options);
    }

    /// <inheritdoc cref="RegisterGrainTimer{TState}(IGrainBase, Func{TState, CancellationToken, Task}, TState, GrainTimerCreationOptions)"/>
    public static IGrainTimer RegisterGrainTimer<TState>(
        this IGrainBase grain, Func<TState, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return grain.RegisterGrainTimer(static (s, _) => s.Callback(s.State), (Callback: callback, State: state), options);
    }

    /// <inheritdoc cref="RegisterGrainTimer{TState}(IGrainBase, Func{TState, CancellationToken, Task}, TState, GrainTimerCreationOptions)"/>
    public static IGrainTimer RegisterGrainTimer(this IGrainBase grain, Func<Task> callback, TimeSpan dueTime, TimeSpan period) =>
        grain.RegisterGrainTimer(callback, new GrainTimerCreationOptions(dueTime, period));

    /// <inheritdoc cref="RegisterGrainTimer{TState}(IGrainBase, Func{TState, CancellationToken, Task}, TState, GrainTimerCreationOptions)"/>
    public static IGrainTimer RegisterGrainTimer(
        this IGrainBase grain, Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        grain.RegisterGrainTimer(callback, new GrainTimerCreationOptions(dueTime, period));

    /// <inheritdoc cref="RegisterGrainTimer{TState}(IGrainBase, Func{TState, CancellationToken, Task}, TState, GrainTimerCreationOptions)"/>
    public static IGrainTimer RegisterGrainTimer<TState>(
        this IGrainBase grain, Func<TState, CancellationToken, Task> callback, TState state, TimeSpan dueTime, TimeSpan period) =>
        grain.RegisterGrainTimer(callback, state, new GrainTimerCreationOptions(dueTime, period));
}
