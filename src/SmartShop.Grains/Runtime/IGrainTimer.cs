using System.Diagnostics.CodeAnalysis;

namespace SmartShop.Grains.Runtime;

/// <summary>A timer belonging to one activation, as Orleans' IGrainTimer. Dispose it to stop it.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>
    /// Reschedules the timer: the next tick comes <paramref name="dueTime"/> from now (or from the end of the tick in
    /// progress), later ticks <paramref name="period"/> after each tick ends. <see cref="Timeout.InfiniteTimeSpan"/> as
    /// due time stops it; as period (or <see cref="TimeSpan.Zero"/>) it makes the timer fire once.
    /// </summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}

/// <summary>Options for <see cref="GrainBaseExtensions.RegisterGrainTimer{TState}(IGrainBase, Func{TState, CancellationToken, Task}, TState, GrainTimerCreationOptions)"/>.</summary>
public readonly struct GrainTimerCreationOptions()
{
    [SetsRequiredMembers]
    public GrainTimerCreationOptions(TimeSpan dueTime, TimeSpan period)
        : this()
    {
        DueTime = dueTime;
        Period = period;
    }

    /// <summary>Delay before the first tick. <see cref="Timeout.InfiniteTimeSpan"/>: do not start.</summary>
    public required TimeSpan DueTime { get; init; }

    /// <summary>
    /// Time from the end of one tick to the start of the next. <see cref="Timeout.InfiniteTimeSpan"/> or
    /// <see cref="TimeSpan.Zero"/>: fire once.
    /// </summary>
    public required TimeSpan Period { get; init; }

    /// <summary>
    /// False (default): a tick is a turn like a grain call and waits for a non-reentrant grain's current call.
    /// True: ticks may interleave with calls and other timers (at awaits; never in parallel).
    /// </summary>
    public bool Interleave { get; init; }

    /// <summary>
    /// False (default): ticks do not count as activity, so an otherwise idle grain is still collected.
    /// True: each tick extends the activation's life like a call does.
    /// </summary>
    public bool KeepAlive { get; init; }
}
