using SmartShop.Grains.Concurrency;

namespace SmartShop.Grains.Tests.Runtime;

public interface ITurnGrain : IGrainWithStringKey
{
    /// <summary>Read-modify-write of a plain field across an await: loses updates unless turns are exclusive.</summary>
    Task IncrementAcrossAwait();

    Task<int> GetCount();

    /// <summary>Waits for the test to open <paramref name="gate"/>, logging entry and exit.</summary>
    Task Hold(string gate);

    [AlwaysInterleave]
    Task<string> Ping();

    [ReadOnly]
    Task Peek(string gate);
}

public sealed class TurnGrain(Probe probe) : Grain, ITurnGrain
{
    private int _count;
    private int _inside;

    public async Task IncrementAcrossAwait()
    {
        if (++_inside > 1)
        {
            probe.Increment("turn.overlap");
        }

        var read = _count;
        await Task.Yield();
        _count = read + 1;
        _inside--;
    }

    public Task<int> GetCount() => Task.FromResult(_count);

    public async Task Hold(string gate)
    {
        probe.Record("hold-start:" + gate);
        probe.Signal("entered:" + gate);
        await probe.Gate(gate);
        probe.Record("hold-end:" + gate);
    }

    public Task<string> Ping() => Task.FromResult("pong");

    public async Task Peek(string gate)
    {
        probe.Record("peek-start:" + gate);
        probe.Signal("entered:" + gate);
        await probe.Gate(gate);
        probe.Record("peek-end:" + gate);
    }
}

public interface IInterleavingGrain : IGrainWithStringKey
{
    /// <summary>Several segments separated by awaits; each segment does a slow non-atomic increment.</summary>
    Task Work(int segments);

    /// <summary>Like <see cref="Work"/>, but each await is a call to another grain.</summary>
    Task WorkThroughOtherGrain(int segments, string otherKey);

    Task<(int Count, int Violations, int MaxTurnsInProgress)> GetStats();

    Task Hold(string gate);

    Task<string> Ping();
}

/// <summary>Reentrant: its turns interleave at awaits, but its code must still never run on two threads at once.</summary>
[Reentrant]
public sealed class InterleavingGrain(Probe probe) : Grain, IInterleavingGrain
{
    private int _count;
    private int _threadsInside;
    private int _violations;
    private int _turnsInProgress;
    private int _maxTurnsInProgress;

    public async Task Work(int segments)
    {
        _maxTurnsInProgress = Math.Max(_maxTurnsInProgress, ++_turnsInProgress);
        for (var i = 0; i < segments; i++)
        {
            Segment();
            await Task.Yield();
        }

        _turnsInProgress--;
    }

    public async Task WorkThroughOtherGrain(int segments, string otherKey)
    {
        var other = GrainFactory.GetGrain<IEchoGrain>(otherKey);
        _maxTurnsInProgress = Math.Max(_maxTurnsInProgress, ++_turnsInProgress);
        for (var i = 0; i < segments; i++)
        {
            Segment();
            await other.Echo(i);
        }

        _turnsInProgress--;
    }

    public Task<(int Count, int Violations, int MaxTurnsInProgress)> GetStats() =>
        Task.FromResult((_count, _violations, _maxTurnsInProgress));

    public async Task Hold(string gate)
    {
        probe.Signal("entered:" + gate);
        await probe.Gate(gate);
    }

    public Task<string> Ping() => Task.FromResult("pong");

    private void Segment()
    {
        if (Interlocked.Increment(ref _threadsInside) != 1)
        {
            Interlocked.Increment(ref _violations);
        }

        // A few microseconds between read and write: wide enough that two threads running this at once collide.
        var read = _count;
        Thread.SpinWait(2000);
        _count = read + 1;
        Interlocked.Decrement(ref _threadsInside);
    }
}

public interface IEchoGrain : IGrainWithStringKey
{
    Task<int> Echo(int value);
}

public sealed class EchoGrain : Grain, IEchoGrain
{
    public async Task<int> Echo(int value)
    {
        await Task.Yield();
        return value;
    }
}

public class TurnSchedulingTests
{
    [Fact]
    public async Task NonReentrantGrain_ManyConcurrentCalls_RunOneTurnAtATime()
    {
        await using var silo = await TestSilo.StartAsync(typeof(TurnGrain));
        var grain = silo.Grains.GetGrain<ITurnGrain>("exclusive");
        const int Calls = 500;

        await Task.WhenAll(Enumerable.Range(0, Calls).Select(_ => Task.Run(() => grain.IncrementAcrossAwait()))).NoHang();

        Assert.Equal(Calls, await grain.GetCount());
        Assert.Equal(0, silo.Probe.Count("turn.overlap"));
    }

    [Fact]
    public async Task ReentrantGrain_ContinuationsAfterYield_NeverRunInParallel()
    {
        await using var silo = await TestSilo.StartAsync(typeof(InterleavingGrain));
        var grain = silo.Grains.GetGrain<IInterleavingGrain>("yield");
        const int Callers = 200;
        const int Segments = 20;

        await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(() => grain.Work(Segments)))).NoHang();

        var (count, violations, _) = await grain.GetStats();
        Assert.Equal(0, violations);
        Assert.Equal(Callers * Segments, count);
    }

    [Fact]
    public async Task ReentrantGrain_ContinuationsAfterCallingAnotherGrain_NeverRunInParallel()
    {
        await using var silo = await TestSilo.StartAsync(typeof(InterleavingGrain), typeof(EchoGrain));
        var grain = silo.Grains.GetGrain<IInterleavingGrain>("calls");
        const int Callers = 200;
        const int Segments = 20;

        await Task.WhenAll(Enumerable.Range(0, Callers)
            .Select(i => Task.Run(() => grain.WorkThroughOtherGrain(Segments, "echo-" + (i % 7))))).NoHang();

        var (count, violations, _) = await grain.GetStats();
        Assert.Equal(0, violations);
        Assert.Equal(Callers * Segments, count);
    }

    [Fact]
    public async Task ReentrantGrain_CallWhileAnotherAwaits_RunsMeanwhile()
    {
        await using var silo = await TestSilo.StartAsync(typeof(InterleavingGrain));
        var grain = silo.Grains.GetGrain<IInterleavingGrain>("reentrant");

        var holding = grain.Hold("g");
        await silo.Probe.Signalled("entered:g").NoHang();

        Assert.Equal("pong", await grain.Ping().NoHang());
        Assert.False(holding.IsCompleted);
        silo.Probe.Open("g");
        await holding.NoHang();
    }

    [Fact]
    public async Task NonReentrantGrain_CallWhileAnotherAwaits_WaitsForItsTurn()
    {
        await using var silo = await TestSilo.StartAsync(typeof(TurnGrain));
        var grain = silo.Grains.GetGrain<ITurnGrain>("waits");

        var first = grain.Hold("first");
        await silo.Probe.Signalled("entered:first").NoHang();
        var second = grain.Hold("second");
        silo.Probe.Open("second");

        Assert.False(second.IsCompleted);
        silo.Probe.Open("first");
        await Task.WhenAll(first, second).NoHang();
        Assert.Equal(new[] { "hold-start:first", "hold-end:first", "hold-start:second", "hold-end:second" }, silo.Probe.Events);
    }

    [Fact]
    public async Task AlwaysInterleaveMethod_WhileTurnAwaits_RunsImmediately()
    {
        await using var silo = await TestSilo.StartAsync(typeof(TurnGrain));
        var grain = silo.Grains.GetGrain<ITurnGrain>("interleave");

        var holding = grain.Hold("g");
        await silo.Probe.Signalled("entered:g").NoHang();

        Assert.Equal("pong", await grain.Ping().NoHang());
        Assert.False(holding.IsCompleted);
        silo.Probe.Open("g");
        await holding.NoHang();
    }

    [Fact]
    public async Task ReadOnlyMethods_CalledTogether_Interleave()
    {
        await using var silo = await TestSilo.StartAsync(typeof(TurnGrain));
        var grain = silo.Grains.GetGrain<ITurnGrain>("readers");

        var first = grain.Peek("a");
        var second = grain.Peek("b");

        // Both readers are inside the grain at the same time, each waiting on its own gate.
        await Task.WhenAll(silo.Probe.Signalled("entered:a"), silo.Probe.Signalled("entered:b")).NoHang();
        silo.Probe.Open("a");
        silo.Probe.Open("b");
        await Task.WhenAll(first, second).NoHang();
    }

    [Fact]
    public async Task ReadOnlyMethod_WhileWriterRuns_WaitsForIt()
    {
        await using var silo = await TestSilo.StartAsync(typeof(TurnGrain));
        var grain = silo.Grains.GetGrain<ITurnGrain>("reader-after-writer");

        var writer = grain.Hold("w");
        await silo.Probe.Signalled("entered:w").NoHang();
        var reader = grain.Peek("r");
        silo.Probe.Open("r");

        Assert.False(reader.IsCompleted);
        silo.Probe.Open("w");
        await Task.WhenAll(writer, reader).NoHang();
        Assert.Equal(new[] { "hold-start:w", "hold-end:w", "peek-start:r", "peek-end:r" }, silo.Probe.Events);
    }

    [Fact]
    public async Task Writer_WhileReadersRun_WaitsForAllOfThem()
    {
        await using var silo = await TestSilo.StartAsync(typeof(TurnGrain));
        var grain = silo.Grains.GetGrain<ITurnGrain>("writer-after-readers");

        var reader1 = grain.Peek("r1");
        var reader2 = grain.Peek("r2");
        await Task.WhenAll(silo.Probe.Signalled("entered:r1"), silo.Probe.Signalled("entered:r2")).NoHang();
        var writer = grain.Hold("w");
        silo.Probe.Open("w");
        silo.Probe.Open("r1");
        await reader1.NoHang();

        Assert.False(writer.IsCompleted);
        silo.Probe.Open("r2");
        await Task.WhenAll(reader2, writer).NoHang();
        var events = silo.Probe.Events.ToList();
        // Both must be present: IndexOf returns -1 for a missing event, which would satisfy the ordering check.
        Assert.Contains("peek-end:r2", events);
        Assert.Contains("hold-start:w", events);
        Assert.True(events.IndexOf("peek-end:r2") < events.IndexOf("hold-start:w"), string.Join(", ", events));
    }
}
