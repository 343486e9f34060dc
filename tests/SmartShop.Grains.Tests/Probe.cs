using System.Collections.Concurrent;
using SmartShop.Grains.Runtime;

namespace SmartShop.Grains.Tests;

/// <summary>
/// A singleton that test grains report to and wait on: counters, an ordered event log, named signals (set by
/// grains, awaited by tests) and gates (awaited by grains, opened by tests).
/// </summary>
public sealed class Probe
{
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new();
    private readonly ConcurrentQueue<string> _events = new();

    public ConcurrentDictionary<GrainId, IGrainContext> LastContext { get; } = new();

    public ConcurrentQueue<DeactivationReason> DeactivationReasons { get; } = new();

    public int Increment(string counter) => _counts.AddOrUpdate(counter, 1, static (_, n) => n + 1);

    public int Count(string counter) => _counts.GetValueOrDefault(counter);

    public void Record(string @event) => _events.Enqueue(@event);

    public IReadOnlyList<string> Events => [.. _events];

    public void Signal(string name) => Get(name).TrySetResult();

    public Task Signalled(string name) => Get(name).Task;

    public bool IsSignalled(string name) => Get(name).Task.IsCompleted;

    public Task Gate(string name) => Get("gate:" + name).Task;

    public void Open(string name) => Get("gate:" + name).TrySetResult();

    public void Activated(IGrainContext context) => LastContext[context.GrainId] = context;

    public IGrainContext ContextOf(IAddressable grain) => LastContext[grain.GetGrainId()];

    private TaskCompletionSource Get(string name) =>
        _signals.GetOrAdd(name, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

public static class TaskExtensions
{
    // A deadlock guard, not a timing assertion: a correct runtime completes these awaits in milliseconds; if it
    // deadlocks, the test fails after 30 s of wall-clock time instead of hanging the run.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    public static Task NoHang(this Task task) => task.WaitAsync(HangGuard);

    public static Task<T> NoHang<T>(this Task<T> task) => task.WaitAsync(HangGuard);

    public static Task NoHang(this ValueTask task) => task.AsTask().WaitAsync(HangGuard);

    public static Task<T> NoHang<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(HangGuard);
}
