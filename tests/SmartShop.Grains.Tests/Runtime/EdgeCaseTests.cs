using SmartShop.Grains.Concurrency;
using SmartShop.Grains.Configuration;
using SmartShop.Grains.Hosting;
using SmartShop.Grains.Runtime;

namespace SmartShop.Grains.Tests.Runtime;

public interface IUnsupportedGrain : IGrainWithStringKey
{
    int NotAsync();
}

public sealed class UnsupportedGrain : Grain, IUnsupportedGrain
{
    public int NotAsync() => 0;
}

public interface IChainGrain : IGrainWithIntegerKey
{
    /// <summary>Calls the next grain synchronously (no await of its own) until <paramref name="remaining"/> is 0.</summary>
    Task<int> Forward(int remaining);
}

public sealed class ChainGrain : Grain, IChainGrain
{
    public Task<int> Forward(int remaining) => remaining == 0
        ? Task.FromResult(0)
        : GrainFactory.GetGrain<IChainGrain>(this.GetPrimaryKeyLong() + 1).Forward(remaining - 1).ContinueWith(
            static t => t.Result + 1, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}

public interface ISelfCallingGrain : IGrainWithStringKey
{
    Task<string> CallOwnInterleavingMethod();

    [AlwaysInterleave]
    Task<string> Status();
}

public sealed class SelfCallingGrain : Grain, ISelfCallingGrain
{
    public async Task<string> CallOwnInterleavingMethod() => "self:" + await this.AsReference<ISelfCallingGrain>().Status();

    public Task<string> Status() => Task.FromResult("ok");
}

public interface IPocoGrain : IGrainWithStringKey
{
    Task<string> Describe();
}

/// <summary>A grain that does not derive from Grain: it implements IGrainBase and takes its context.</summary>
public sealed class PocoGrain(IGrainContext context, Probe probe) : IGrainBase, IPocoGrain
{
    public IGrainContext GrainContext { get; } = context;

    public Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Increment("poco.activated");
        return Task.CompletedTask;
    }

    public Task<string> Describe() => Task.FromResult($"{GrainContext.GrainId} via {this.GetPrimaryKeyString()}");
}

public class EdgeCaseTests
{
    [Fact]
    public async Task GetGrain_InterfaceWithSynchronousMethod_ThrowsNotSupported()
    {
        await using var silo = await TestSilo.StartAsync(typeof(UnsupportedGrain));

        var error = Assert.Throws<NotSupportedException>(() => silo.Grains.GetGrain<IUnsupportedGrain>("x"));

        Assert.Contains("NotAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallChain_DeeperThanInlineLimit_Completes()
    {
        await using var silo = await TestSilo.StartAsync(typeof(ChainGrain));

        var hops = await silo.Grains.GetGrain<IChainGrain>(0).Forward(50).NoHang();

        Assert.Equal(50, hops);
    }

    [Fact]
    public async Task SelfCall_ToAlwaysInterleaveMethod_DoesNotDeadlock()
    {
        await using var silo = await TestSilo.StartAsync(typeof(SelfCallingGrain));

        var reply = await silo.Grains.GetGrain<ISelfCallingGrain>("me").CallOwnInterleavingMethod().NoHang();

        Assert.Equal("self:ok", reply);
    }

    [Fact]
    public async Task PocoGrain_ImplementingIGrainBase_GetsContextAndLifecycle()
    {
        await using var silo = await TestSilo.StartAsync(typeof(PocoGrain));

        var description = await silo.Grains.GetGrain<IPocoGrain>("p1").Describe();

        Assert.Equal("poco/p1 via p1", description);
        Assert.Equal(1, silo.Probe.Count("poco.activated"));
    }

    [Fact]
    public async Task OnDeactivateAsync_PastDeactivationTimeout_ActivationIsRemovedAnyway()
    {
        await using var silo = await TestSilo.StartAsync(s => s
            .AddGrain<LifecycleGrain>()
            .Configure<GrainCollectionOptions>(o => o.DeactivationTimeout = TimeSpan.FromSeconds(5)));
        var grain = silo.Grains.GetGrain<ILifecycleGrain>("stuck");
        await grain.DeactivateWhenDone();
        var context = silo.Probe.ContextOf(grain);
        await silo.Probe.Signalled("deactivating:stuck").NoHang();
        var waiting = grain.GetActivationNumber();

        // OnDeactivateAsync waits for a gate nobody opens; its token is cancelled after DeactivationTimeout.
        silo.Clock.Advance(TimeSpan.FromSeconds(6));

        await context.Deactivated.NoHang();
        Assert.Equal(2, await waiting.NoHang());
        silo.Probe.Open("deactivate:stuck");
    }
}
