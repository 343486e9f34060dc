using Microsoft.Extensions.DependencyInjection;
using SmartShop.Grains.Hosting;
using SmartShop.Grains.Runtime;
using SmartShop.Grains.Storage;

namespace SmartShop.Grains.Tests.Runtime;

public sealed class ShiftTotals
{
    public int Good { get; set; }

    public int Unsaved { get; set; }
}

public sealed class TestGrainState<T> : IGrainState<T>
{
    public T State { get; set; } = default!;

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}

public interface IStatefulGrain : IGrainWithStringKey
{
    Task<int> GetGood();

    Task<int> GetGoodSeenOnActivate();

    Task AddGood(int count);

    Task AddUnsaved(int count);

    Task ClearTotals();

    Task<(bool Exists, string? Etag)> GetRecordInfo();

    Task DeactivateWhenDone();
}

[GrainType("stateful")]
public sealed class StatefulGrain(
    [PersistentState("totals")] IPersistentState<ShiftTotals> totals,
    [PersistentState("audit", "Default")] IPersistentState<ShiftTotals> audit,
    Probe probe) : Grain, IStatefulGrain
{
    private int _goodSeenOnActivate;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _goodSeenOnActivate = totals.State.Good;
        probe.Activated(GrainContext);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (totals.State.Unsaved > 0)
        {
            // Flush what was only kept in memory, as grains do on graceful shutdown.
            await totals.WriteStateAsync();
        }
    }

    public Task<int> GetGood() => Task.FromResult(totals.State.Good);

    public Task<int> GetGoodSeenOnActivate() => Task.FromResult(_goodSeenOnActivate);

    public async Task AddGood(int count)
    {
        totals.State.Good += count;
        await totals.WriteStateAsync();
    }

    public Task AddUnsaved(int count)
    {
        totals.State.Unsaved += count;
        return Task.CompletedTask;
    }

    public Task ClearTotals() => totals.ClearStateAsync();

    public Task<(bool Exists, string? Etag)> GetRecordInfo() => Task.FromResult((totals.RecordExists, totals.Etag));

    public Task DeactivateWhenDone()
    {
        _ = audit;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

public interface IPlantStorageGrain : IGrainWithStringKey
{
    Task Save(int good);
}

public sealed class PlantStorageGrain([PersistentState("totals", "Plant")] IPersistentState<ShiftTotals> totals) : Grain, IPlantStorageGrain
{
    public Task Save(int good)
    {
        totals.State.Good = good;
        return totals.WriteStateAsync();
    }
}

public interface IMissingStorageGrain : IGrainWithStringKey
{
    Task Touch();
}

public sealed class MissingStorageGrain([PersistentState("totals", "Missing")] IPersistentState<ShiftTotals> totals) : Grain, IMissingStorageGrain
{
    public Task Touch() => Task.FromResult(totals.State);
}

public class PersistentStateTests
{
    private static IGrainStorage DefaultStorage(TestSilo silo) =>
        silo.Services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

    private static async Task<TestGrainState<ShiftTotals>> ReadStoredAsync(IGrainStorage storage, string stateName, string key)
    {
        var state = new TestGrainState<ShiftTotals>();
        await storage.ReadStateAsync(stateName, new GrainId("stateful", key), state);
        return state;
    }

    [Fact]
    public async Task StoredState_OnActivation_IsReadBeforeOnActivateAsync()
    {
        await using var silo = await TestSilo.StartAsync(typeof(StatefulGrain));
        var seed = new TestGrainState<ShiftTotals> { State = new ShiftTotals { Good = 5 } };
        await DefaultStorage(silo).WriteStateAsync("totals", new GrainId("stateful", "seeded"), seed);

        var seen = await silo.Grains.GetGrain<IStatefulGrain>("seeded").GetGoodSeenOnActivate();

        Assert.Equal(5, seen);
    }

    [Fact]
    public async Task WrittenState_AfterReactivation_IsReadBack()
    {
        await using var silo = await TestSilo.StartAsync(typeof(StatefulGrain));
        var grain = silo.Grains.GetGrain<IStatefulGrain>("durable");
        await grain.AddGood(3);
        await grain.DeactivateWhenDone();
        await silo.Probe.ContextOf(grain).Deactivated.NoHang();

        Assert.Equal(3, await grain.GetGoodSeenOnActivate());
        var (exists, etag) = await grain.GetRecordInfo();
        Assert.True(exists);
        Assert.NotNull(etag);
    }

    [Fact]
    public async Task WriteState_AfterSomeoneElseWrote_ThrowsInconsistentStateAndNextCallRereads()
    {
        await using var silo = await TestSilo.StartAsync(typeof(StatefulGrain));
        var grain = silo.Grains.GetGrain<IStatefulGrain>("contested");
        await grain.AddGood(1);
        var staleContext = silo.Probe.ContextOf(grain);

        // Another writer (an admin tool, another node) replaces the record behind the activation's back.
        var other = await ReadStoredAsync(DefaultStorage(silo), "totals", "contested");
        other.State.Good = 100;
        await DefaultStorage(silo).WriteStateAsync("totals", new GrainId("stateful", "contested"), other);

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.AddGood(1)).NoHang();
        await staleContext.Deactivated.NoHang();

        Assert.Equal(100, await grain.GetGood());
        Assert.NotSame(staleContext, silo.Probe.ContextOf(grain));
        await grain.AddGood(1);
        Assert.Equal(101, (await ReadStoredAsync(DefaultStorage(silo), "totals", "contested")).State.Good);
    }

    [Fact]
    public async Task ClearState_RemovesTheRecordAndResetsState()
    {
        await using var silo = await TestSilo.StartAsync(typeof(StatefulGrain));
        var grain = silo.Grains.GetGrain<IStatefulGrain>("cleared");
        await grain.AddGood(2);

        await grain.ClearTotals();

        Assert.Equal((false, (string?)null), await grain.GetRecordInfo());
        Assert.Equal(0, await grain.GetGood());
        Assert.False((await ReadStoredAsync(DefaultStorage(silo), "totals", "cleared")).RecordExists);
    }

    [Fact]
    public async Task TwoStatesOfOneType_AreStoredUnderTheirOwnNames()
    {
        await using var silo = await TestSilo.StartAsync(typeof(StatefulGrain));

        await silo.Grains.GetGrain<IStatefulGrain>("two").AddGood(4);

        Assert.Equal(4, (await ReadStoredAsync(DefaultStorage(silo), "totals", "two")).State.Good);
        Assert.False((await ReadStoredAsync(DefaultStorage(silo), "audit", "two")).RecordExists);
    }

    [Fact]
    public async Task StopAsync_GrainFlushesInOnDeactivateAsync_StateIsStored()
    {
        await using var silo = await TestSilo.StartAsync(typeof(StatefulGrain));
        await silo.Grains.GetGrain<IStatefulGrain>("flush").AddUnsaved(7);

        await silo.StopAsync();

        Assert.Equal(7, (await ReadStoredAsync(DefaultStorage(silo), "totals", "flush")).State.Unsaved);
    }

    [Fact]
    public async Task PersistentState_NamedKeyedStorage_IsUsed()
    {
        var plant = new MemoryGrainStorage();
        await using var silo = await TestSilo.StartAsync(
            s => s.AddGrain<PlantStorageGrain>(),
            services => services.AddKeyedSingleton<IGrainStorage>("Plant", plant));

        await silo.Grains.GetGrain<IPlantStorageGrain>("l1").Save(9);

        var stored = new TestGrainState<ShiftTotals>();
        await plant.ReadStateAsync("totals", new GrainId("plantstorage", "l1"), stored);
        Assert.Equal(9, stored.State.Good);
    }

    [Fact]
    public async Task PersistentState_StorageNotRegistered_CallFailsNamingTheStorage()
    {
        await using var silo = await TestSilo.StartAsync(typeof(MissingStorageGrain));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => silo.Grains.GetGrain<IMissingStorageGrain>("x").Touch()).NoHang();

        Assert.Contains("'Missing'", error.Message, StringComparison.Ordinal);
    }
}
