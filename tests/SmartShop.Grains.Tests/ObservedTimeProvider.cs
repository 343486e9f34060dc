using SmartShop.Testing;

namespace SmartShop.Grains.Tests;

/// <summary>
/// The fake clock, plus a signal each time a timer is armed with a finite due time after its creation (grain timers
/// arm themselves through Change, once when started and again after each tick ends). Timer tests wait for it before
/// moving the clock again, so that a tick's re-arming never races the next Advance.
/// </summary>
public sealed class ObservedTimeProvider(FakeTimeProvider clock) : TimeProvider
{
    private readonly SemaphoreSlim _armed = new(0);

    public override TimeZoneInfo LocalTimeZone => clock.LocalTimeZone;

    public override long TimestampFrequency => clock.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

    public override long GetTimestamp() => clock.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ObservedTimer(clock.CreateTimer(callback, state, dueTime, period), _armed);

    /// <summary>Waits until a timer has been armed <paramref name="times"/> more times.</summary>
    public async Task WaitArmed(int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            await _armed.WaitAsync().NoHang();
        }
    }

    private sealed class ObservedTimer(ITimer inner, SemaphoreSlim armed) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(dueTime, period);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                armed.Release();
            }

            return changed;
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
