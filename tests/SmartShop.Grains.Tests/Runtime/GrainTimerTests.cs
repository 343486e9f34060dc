using SmartShop.Grains.Configuration;
using SmartShop.Grains.Hosting;
using SmartShop.Grains.Runtime;

namespace SmartShop.Grains.Tests.Runtime;

public sealed record TimerSetup(TimeSpan DueTime, TimeSpan Period, bool Interleave = false, bool KeepAlive = false, string? TickGate = null, bool Throw = false);

public interface ITimerGrain : IGrainWithStringKey
{
    Task Start(TimerSetup setup);

    Task Hold(string gate);

    Task<int> GetTicks();

    Task Change(TimeSpan dueTime, TimeSpan period);

    Task StopTimer();
}

public sealed class TimerGrain(Probe probe) : Grain, ITimerGrain
{
    private IGrainTimer? _timer;
    private int _ticks;
    private bool _inTick;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Activated(GrainContext);
        return Task.CompletedTask;
    }

    public Task Start(TimerSetup setup)
    {
        _timer = this.RegisterGrainTimer(
            static (state, cancellationToken) => state.Grain.Tick(state.Setup, cancellationToken),
            (Grain: this, Setup: setup),
            new GrainTimerCreationOptions
            {
                DueTime = setup.DueTime,
                Period = setup.Period,
                Interleave = setup.Interleave,
                KeepAlive = setup.KeepAlive,
            });
        return Task.CompletedTask;
    }

    public async Task Hold(string gate)
    {
        probe.Record("hold-start");
        probe.Signal("entered:" + gate);
        await probe.Gate(gate);
        probe.Record("hold-end");
    }

    public Task<int> GetTicks() => Task.FromResult(_ticks);

    public Task Change(TimeSpan dueTime, TimeSpan period)
    {
        _timer!.Change(dueTime, period);
        return Task.CompletedTask;
    }

    public Task StopTimer()
    {
        _timer!.Dispose();
        return Task.CompletedTask;
    }

    private async Task Tick(TimerSetup setup, CancellationToken cancellationToken)
    {
        if (_inTick)
        {
            probe.Increment("timer.overlap");
        }

        _inTick = true;
        var tick = ++_ticks;
        probe.Record("tick-start:" + tick);
        probe.Signal("tick:" + tick);
        if (setup.TickGate is { } gate)
        {
            await probe.Gate(gate + tick).WaitAsync(cancellationToken);
        }

        _inTick = false;
        if (setup.Throw)
        {
            throw new InvalidOperationException("tick failed");
        }
    }
}

public class GrainTimerTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    // Shorter than the 30 s response timeout, for ticks due while a call is held open.
    private static readonly TimeSpan TenSeconds = TimeSpan.FromSeconds(10);

    private static async Task<(TestSilo Silo, ObservedTimeProvider Time)> StartAsync()
    {
        ObservedTimeProvider? time = null;
        var silo = await TestSilo.StartAsync(
            silo => silo
                .AddGrain<TimerGrain>()
                .Configure<GrainCollectionOptions>(o =>
                {
                    o.CollectionAge = TimeSpan.FromMinutes(10);
                    o.CollectionQuantum = Minute;
                }),
            timeProvider: clock => time = new ObservedTimeProvider(clock));
        return (silo, time!);
    }

    [Fact]
    public async Task PeriodicTimer_ClockAdvances_TicksOncePerPeriod()
    {
        var (silo, time) = await StartAsync();
        await using var _ = silo;
        var grain = silo.Grains.GetGrain<ITimerGrain>("periodic");
        await grain.Start(new TimerSetup(Minute, Minute));
        await time.WaitArmed();

        for (var tick = 1; tick <= 3; tick++)
        {
            silo.Clock.Advance(Minute);
            await silo.Probe.Signalled("tick:" + tick).NoHang();
            await time.WaitArmed();
        }

        Assert.Equal(3, await grain.GetTicks());
    }

    [Fact]
    public async Task OneShotTimer_InfinitePeriod_TicksOnce()
    {
        var (silo, time) = await StartAsync();
        await using var _ = silo;
        var grain = silo.Grains.GetGrain<ITimerGrain>("once");
        await grain.Start(new TimerSetup(Minute, Timeout.InfiniteTimeSpan));
        await time.WaitArmed();

        silo.Clock.Advance(Minute);
        await silo.Probe.Signalled("tick:1").NoHang();
        silo.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(1, await grain.GetTicks());
    }

    [Fact]
    public async Task Tick_OnNonReentrantGrainWithCallInProgress_WaitsForTheCall()
    {
        var (silo, time) = await StartAsync();
        await using var _ = silo;
        var grain = silo.Grains.GetGrain<ITimerGrain>("waits");
        await grain.Start(new TimerSetup(TenSeconds, Timeout.InfiniteTimeSpan));
        await time.WaitArmed();
        var holding = grain.Hold("call");
        await silo.Probe.Signalled("entered:call").NoHang();

        silo.Clock.Advance(TenSeconds);

        Assert.False(silo.Probe.IsSignalled("tick:1"));
        silo.Probe.Open("call");
        await holding.NoHang();
        await silo.Probe.Signalled("tick:1").NoHang();
        Assert.Equal(new[] { "hold-start", "hold-end", "tick-start:1" }, silo.Probe.Events);
    }

    [Fact]
    public async Task Tick_WithInterleave_RunsWhileCallAwaits()
    {
        var (silo, time) = await StartAsync();
        await using var _ = silo;
        var grain = silo.Grains.GetGrain<ITimerGrain>("interleaves");
        await grain.Start(new TimerSetup(TenSeconds, Timeout.InfiniteTimeSpan, Interleave: true));
        await time.WaitArmed();
        var holding = grain.Hold("call");
        await silo.Probe.Signalled("entered:call").NoHang();

        silo.Clock.Advance(TenSeconds);

        await silo.Probe.Signalled("tick:1").NoHang();
        Assert.False(holding.IsCompleted);
        silo.Probe.Open("call");
        await holding.NoHang();
    }

    [Fact]
    public async Task SlowTick_PeriodsElapseMeanwhile_TicksNeverOverlap()
    {
        var (silo, time) = await StartAsync();
        await using var _ = silo;
        var grain = silo.Grains.GetGrain<ITimerGrain>("slow");
        await grain.Start(new TimerSetup(Minute, Minute, Interleave: true, TickGate: "tick-gate-"));
        await time.WaitArmed();

        silo.Clock.Advance(Minute);
        await silo.Probe.Signalled("tick:1").NoHang();
        silo.Clock.Advance(TimeSpan.FromMinutes(5));

        // The next tick is armed only when this one ends, so five more periods bring no second tick.
        Assert.False(silo.Probe.IsSignalled("tick:2"));
        silo.Probe.Open("tick-gate-1");
        await time.WaitArmed();
        silo.Clock.Advance(Minute);
        await silo.Probe.Signalled("tick:2").NoHang();
        Assert.Equal(0, silo.Probe.Count("timer.overlap"));
        silo.Probe.Open("tick-gate-2");
    }

    [Fact]
    public async Task TimerCallback_Throws_TimerKeepsTicking()
    {
        var (silo, time) = await StartAsync();
        await using var _ = silo;
        var grain = silo.Grains.GetGrain<ITimerGrain>("throws");
        await grain.Start(new TimerSetup(Minute, Minute, Throw: true));
        await time.WaitArmed();

        silo.Clock.Advance(Minute);
        await time.WaitArmed();
        silo.Clock.Advance(Minute);
        await silo.Probe.Signalled("tick:2").NoHang();
    }

    [Fact]
    public async Task Timer_ChangedAndDisposed_FollowsTheNewScheduleThenStops()
    {
        var (silo, time) = await StartAsync();
        await using var _ = silo;
        var grain = silo.Grains.GetGrain<ITimerGrain>("changed");
        await grain.Start(new TimerSetup(TimeSpan.FromHours(1), TimeSpan.FromHours(1)));
        await time.WaitArmed();

        await grain.Change(TimeSpan.FromSeconds(10), Minute);
        await time.WaitArmed();
        silo.Clock.Advance(TimeSpan.FromSeconds(10));
        await silo.Probe.Signalled("tick:1").NoHang();
        await time.WaitArmed();
        await grain.StopTimer();
        Assert.Equal(1, await grain.GetTicks());

        silo.Clock.Advance(TimeSpan.FromHours(2));
        Assert.False(silo.Probe.IsSignalled("tick:2"));
    }

    [Fact]
    public async Task Timer_WithoutKeepAlive_DoesNotPreventIdleCollection()
    {
        var (silo, time) = await StartAsync();
        await using var _ = silo;
        var grain = silo.Grains.GetGrain<ITimerGrain>("not-kept");
        await grain.Start(new TimerSetup(Minute, Minute));
        await time.WaitArmed();
        var context = silo.Probe.ContextOf(grain);

        for (var minute = 1; minute <= 12 && !context.Deactivated.IsCompleted; minute++)
        {
            silo.Clock.Advance(Minute);
            await Task.WhenAny(time.WaitArmed(), context.Deactivated).NoHang();
        }

        await context.Deactivated.NoHang();
    }

    [Fact]
    public async Task Timer_WithKeepAlive_KeepsGrainActivePastCollectionAge()
    {
        var (silo, time) = await StartAsync();
        await using var _ = silo;
        var grain = silo.Grains.GetGrain<ITimerGrain>("kept");
        await grain.Start(new TimerSetup(Minute, Minute, KeepAlive: true));
        await time.WaitArmed();
        var context = silo.Probe.ContextOf(grain);

        for (var minute = 1; minute <= 20; minute++)
        {
            silo.Clock.Advance(Minute);
            await time.WaitArmed();
        }

        Assert.False(context.Deactivated.IsCompleted);
        Assert.Equal(20, await grain.GetTicks());
    }

    [Fact]
    public async Task Deactivation_WithRunningTimer_DisposesIt()
    {
        var (silo, time) = await StartAsync();
        await using var _ = silo;
        var grain = silo.Grains.GetGrain<ITimerGrain>("disposed");
        var timersBefore = silo.Clock.ActiveTimerCount;
        await grain.Start(new TimerSetup(Minute, Minute));
        await time.WaitArmed();
        Assert.Equal(timersBefore + 1, silo.Clock.ActiveTimerCount);

        silo.Probe.ContextOf(grain).Deactivate(new DeactivationReason(DeactivationReasonCode.RuntimeRequested, "test"));
        await silo.Probe.ContextOf(grain).Deactivated.NoHang();

        Assert.Equal(timersBefore, silo.Clock.ActiveTimerCount);
    }
}
