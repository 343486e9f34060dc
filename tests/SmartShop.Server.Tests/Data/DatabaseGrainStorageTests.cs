using SmartShop.Grains;
using SmartShop.Grains.Storage;
using SmartShop.Server.Data;
using SmartShop.Server.Tests.Infrastructure;
using SmartShop.Testing;

namespace SmartShop.Server.Tests.Data;

public sealed class DatabaseGrainStorageTests
{
    private static readonly GrainId Lathe = new("machine", "l1-lathe");

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Read_NothingStored_GivesDefaultStateWithoutETag(string provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await test.MigrateAsync();
        var storage = new DatabaseGrainStorage(test.Factory(), new FakeTimeProvider());
        var state = new TestState<Counter>();

        await storage.ReadStateAsync("counter", Lathe, state);

        Assert.Equal((0, null, false), (state.State.Value, state.ETag, state.RecordExists));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task WriteThenRead_RoundTripsStateAndAdvancesETag(string provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await test.MigrateAsync();
        var storage = new DatabaseGrainStorage(test.Factory(), new FakeTimeProvider());
        var writer = new TestState<Counter> { State = new Counter { Value = 41, Label = "parts" } };

        await storage.WriteStateAsync("counter", Lathe, writer);
        var firstETag = writer.ETag;
        writer.State.Value = 42;
        await storage.WriteStateAsync("counter", Lathe, writer);
        var reader = new TestState<Counter>();
        await storage.ReadStateAsync("counter", Lathe, reader);

        Assert.NotEqual(firstETag, writer.ETag);
        Assert.Equal((42, "parts", writer.ETag, true), (reader.State.Value, reader.State.Label, reader.ETag, reader.RecordExists));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Write_StaleETag_ThrowsInconsistentStateAndKeepsNewerState(string provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await test.MigrateAsync();
        var storage = new DatabaseGrainStorage(test.Factory(), new FakeTimeProvider());
        await storage.WriteStateAsync("counter", Lathe, new TestState<Counter> { State = new Counter { Value = 1 } });
        var first = new TestState<Counter>();
        var second = new TestState<Counter>();
        await storage.ReadStateAsync("counter", Lathe, first);
        await storage.ReadStateAsync("counter", Lathe, second);
        first.State.Value = 2;
        await storage.WriteStateAsync("counter", Lathe, first);

        second.State.Value = 99;
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", Lathe, second));

        Assert.Equal(first.ETag, error.StoredETag);
        var stored = new TestState<Counter>();
        await storage.ReadStateAsync("counter", Lathe, stored);
        Assert.Equal(2, stored.State.Value);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Write_TwoFirstWriters_OnlyOneCreatesTheRecord(string provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await test.MigrateAsync();
        var storage = new DatabaseGrainStorage(test.Factory(), new FakeTimeProvider());
        await storage.WriteStateAsync("counter", Lathe, new TestState<Counter> { State = new Counter { Value = 1 } });

        var late = new TestState<Counter> { State = new Counter { Value = 5 } };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", Lathe, late));

        var stored = new TestState<Counter>();
        await storage.ReadStateAsync("counter", Lathe, stored);
        Assert.Equal(1, stored.State.Value);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Clear_StaleETag_ThrowsAndKeepsRecord(string provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await test.MigrateAsync();
        var storage = new DatabaseGrainStorage(test.Factory(), new FakeTimeProvider());
        var owner = new TestState<Counter> { State = new Counter { Value = 1 } };
        await storage.WriteStateAsync("counter", Lathe, owner);
        var stale = new TestState<Counter>();
        await storage.ReadStateAsync("counter", Lathe, stale);
        await storage.WriteStateAsync("counter", Lathe, owner);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("counter", Lathe, stale));
        await storage.ClearStateAsync("counter", Lathe, owner);

        var after = new TestState<Counter>();
        await storage.ReadStateAsync("counter", Lathe, after);
        Assert.False(after.RecordExists);
        Assert.Null(owner.ETag);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Write_SameKeyOtherStateName_IsSeparateRecord(string provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await test.MigrateAsync();
        var storage = new DatabaseGrainStorage(test.Factory(), new FakeTimeProvider());

        await storage.WriteStateAsync("a", Lathe, new TestState<Counter> { State = new Counter { Value = 1 } });
        await storage.WriteStateAsync("b", Lathe, new TestState<Counter> { State = new Counter { Value = 2 } });
        await storage.WriteStateAsync("a", new GrainId("line", "l1-lathe"), new TestState<Counter> { State = new Counter { Value = 3 } });

        var b = new TestState<Counter>();
        await storage.ReadStateAsync("b", Lathe, b);
        Assert.Equal(2, b.State.Value);
    }

    public sealed class Counter
    {
        public int Value { get; set; }

        public string? Label { get; set; }
    }

    private sealed class TestState<T> : IGrainState<T>
        where T : new()
    {
        public T State { get; set; } = new();

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}
