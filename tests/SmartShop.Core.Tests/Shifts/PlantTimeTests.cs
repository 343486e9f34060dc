using SmartShop.Core.Shifts;
using static SmartShop.Core.Tests.Shifts.ShiftTestData;

namespace SmartShop.Core.Tests.Shifts;

public sealed class PlantTimeTests
{
    [Fact]
    public void ToInstant_OrdinaryTime_UsesTheOffsetInForce()
    {
        Assert.Equal(Utc(2026, 6, 1, 4), PlantTime.ToInstant(Berlin, new DateTime(2026, 6, 1, 6, 0, 0)));
        Assert.Equal(Utc(2026, 1, 5, 5), PlantTime.ToInstant(Berlin, new DateTime(2026, 1, 5, 6, 0, 0)));
        Assert.Equal(Utc(2026, 10, 1, 0), PlantTime.ToInstant(Shanghai, new DateTime(2026, 10, 1, 8, 0, 0)));
    }

    [Fact]
    public void ToInstant_SkippedTime_MapsToTheEndOfTheGap()
    {
        var instant = PlantTime.ToInstant(Berlin, new DateTime(2026, 3, 29, 2, 30, 0));

        Assert.Equal(Utc(2026, 3, 29, 1), instant);
        Assert.Equal(new DateTime(2026, 3, 29, 3, 0, 0), PlantTime.ToLocal(Berlin, instant));
    }

    [Fact]
    public void ToInstant_RepeatedTime_TakesTheFirstOccurrence()
    {
        Assert.Equal(Utc(2026, 10, 25, 0, 30), PlantTime.ToInstant(Berlin, new DateTime(2026, 10, 25, 2, 30, 0)));
    }

    [Fact]
    public void ToInstant_EveryMinuteAroundBothTransitions_NeverRunsBackwards()
    {
        foreach (var start in new[] { new DateTime(2026, 3, 28, 23, 0, 0), new DateTime(2026, 10, 24, 23, 0, 0) })
        {
            var previous = DateTimeOffset.MinValue;
            for (var minute = 0; minute < 6 * 60; minute++)
            {
                var instant = PlantTime.ToInstant(Berlin, start.AddMinutes(minute));
                Assert.True(instant >= previous, $"{start.AddMinutes(minute)} -> {instant:O} before {previous:O}");
                previous = instant;
            }
        }
    }

    [Fact]
    public void ToInstant_LocalKindIgnored_ReadsTheWallClockInTheGivenZone()
    {
        var local = DateTime.SpecifyKind(new DateTime(2026, 6, 1, 8, 0, 0), DateTimeKind.Utc);

        Assert.Equal(Utc(2026, 6, 1, 0), PlantTime.ToInstant(Shanghai, local));
    }
}
