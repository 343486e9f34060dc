using SmartShop.Core.Machines;
using SmartShop.Core.Oee;
using SmartShop.Core.Shifts;
using SmartShop.Server.Data;
using SmartShop.Server.Oee;
using SmartShop.Server.Tests.Infrastructure;
using SmartShop.Testing;

namespace SmartShop.Server.Tests.Oee;

public sealed class LedgerStoreTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Intervals_OneProductionDayLongStartingBeforeTheWindow_AreFoundAndClipped(string provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await test.MigrateAsync();
        var store = Store(test);
        // A production day is at most 25 h (the night clocks go back): the longest interval the ledger closes.
        var longest = Interval("m1", Day0.AddHours(-25), Day0.AddHours(1), good: 7);
        await store.SaveAsync("m1", "{}", 0, [Interval("m1", Day0.AddDays(-9), Day0.AddDays(-8)), longest], []);

        var found = await store.IntervalsAsync(["m1"], Day0, Day0.AddDays(1));

        var only = Assert.Single(found);
        Assert.Equal((Day0, Day0.AddHours(1), 7L), (only.Start, only.End, only.Good));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task StreamIntervals_SeveralMachinesAndDays_SameIntervalsAsTheList(string provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await test.MigrateAsync();
        var store = Store(test);
        foreach (var machine in new[] { "m1", "m2", "m3" })
        {
            var intervals = Enumerable.Range(0, 12)
                .Select(h => Interval(machine, Day0.AddHours((h * 6) - 3), Day0.AddHours((h * 6) + 3), good: h))
                .ToArray();
            await store.SaveAsync(machine, "{}", 0, intervals, []);
        }

        var (from, to) = (Day0.AddHours(1), Day0.AddHours(50));
        var list = await store.IntervalsAsync(["m1", "m3"], from, to);
        var streamed = new List<LedgerInterval>();
        await foreach (var interval in store.StreamIntervalsAsync(["m1", "m3"], from, to, DateTimeOffset.MinValue))
        {
            streamed.Add(interval);
        }

        Assert.Equal(18, list.Count);
        Assert.Equal(Order(list), Order(streamed));
        Assert.All(streamed, i => Assert.True(i.Start >= from && i.End <= to && i.MachineId != "m2"));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task StreamIntervals_EndsAfter_OnlyTheLaterOnes(string provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await test.MigrateAsync();
        var store = Store(test);
        await store.SaveAsync("m1", "{}", 0, [.. Enumerable.Range(0, 6).Select(h => Interval("m1", Day0.AddHours(h), Day0.AddHours(h + 1)))], []);

        var streamed = new List<LedgerInterval>();
        await foreach (var interval in store.StreamIntervalsAsync(["m1"], Day0, Day0.AddDays(1), Day0.AddHours(4)))
        {
            streamed.Add(interval);
        }

        Assert.Equal([Day0.AddHours(4), Day0.AddHours(5)], streamed.Select(i => i.Start).Order());
    }

    public static TheoryData<string, OeeGrouping> ProvidersAndGroupings()
    {
        var data = new TheoryData<string, OeeGrouping>();
        foreach (var provider in new[] { "sqlite", "postgres" })
        {
            foreach (var grouping in Enum.GetValues<OeeGrouping>())
            {
                data.Add(provider, grouping);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ProvidersAndGroupings))]
    public async Task SumIntervals_AnyGrouping_SameTotalsAsAddingTheClippedIntervals(string provider, OeeGrouping grouping)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await test.MigrateAsync();
        var store = Store(test);
        var random = new Random(7);
        var states = new[] { MachineState.Running, MachineState.Down, MachineState.Starved, MachineState.Blocked, MachineState.Setup, MachineState.Idle };
        var elements = Enum.GetValues<TimeElement>();
        foreach (var machine in new[] { "m1", "m2", "m3" })
        {
            var intervals = new List<LedgerInterval>();
            var at = Day0.AddHours(-30);
            while (at < Day0.AddHours(60))
            {
                var end = at.AddMilliseconds(random.Next(1, 4 * 3600 * 1000));
                var day = DateOnly.FromDateTime(at.UtcDateTime);
                intervals.Add(new LedgerInterval(
                    machine, at, end, states[random.Next(states.Length)], elements[random.Next(elements.Length)], CalendarTimeKind.Operating,
                    random.Next(3) == 0 ? null : $"S{random.Next(3)}", day, random.Next(4) == 0 ? null : $"O-{random.Next(3)}",
                    random.Next(4) == 0 ? null : $"P-{random.Next(2)}", random.Next(3) == 0 ? null : TimeSpan.FromMilliseconds(random.Next(500, 60_000)),
                    random.Next(2) == 0 ? null : random.Next(1000), random.Next(2) == 0, random.Next(3) == 0, random.Next(0, 500), random.Next(0, 20)));
                at = end;
            }

            await store.SaveAsync(machine, "{}", 0, intervals, []);
        }

        // A window that cuts intervals at both ends, and complete only up to a point before its end.
        var (from, to, endsBy) = (Day0.AddMinutes(77.5), Day0.AddHours(41.3), Day0.AddHours(35));
        string[] machines = ["m1", "m3"];

        var sums = await store.SumIntervalsAsync(machines, from, to, endsBy, grouping);

        var expected = (await store.IntervalsAsync(machines, from, to))
            .Where(i => i.End <= endsBy) // clipped ends: an interval ending after it reaches to, or it ends by endsBy
            .GroupBy(i => Group(i, grouping))
            .ToDictionary(g => g.Key, g => OeeTotals.Sum(g));
        var actual = sums
            .GroupBy(s => (s.Text, s.Day))
            .ToDictionary(g => g.Key, g => g.Aggregate(OeeTotals.Empty, (t, s) => t.Add(s.Sum)));
        Assert.True(expected.Count > 0);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, totals) in expected)
        {
            Assert.Equal(totals, actual[key]);
        }
    }

    private static (string? Text, DateOnly? Day) Group(LedgerInterval i, OeeGrouping grouping) => grouping switch
    {
        OeeGrouping.Shift => (i.ShiftId, i.ProductionDay),
        OeeGrouping.Day or OeeGrouping.Week => (null, i.ProductionDay),
        OeeGrouping.Product => (i.ProductId, null),
        OeeGrouping.Order => (i.OrderId, null),
        OeeGrouping.Machine => (i.MachineId, null),
        _ => (null, null),
    };

    private static LedgerStore Store(TestDatabase test) => new(test.Factory(), new WriterQueue(test.Database), test.Database, new FakeTimeProvider(Day0));

    private static List<LedgerInterval> Order(IEnumerable<LedgerInterval> intervals) =>
        [.. intervals.OrderBy(i => i.MachineId, StringComparer.Ordinal).ThenBy(i => i.Start)];

    private static LedgerInterval Interval(string machine, DateTimeOffset start, DateTimeOffset end, long good = 0) => new(
        machine, start, end, MachineState.Running, TimeElement.ProductionTime, CalendarTimeKind.Operating, "day",
        DateOnly.FromDateTime(start.UtcDateTime), "O-1", "P-1", TimeSpan.FromSeconds(30), null, false, false, good, 0);
}
