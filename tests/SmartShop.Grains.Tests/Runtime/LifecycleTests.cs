using SmartShop.Grains.Configuration;
using SmartShop.Grains.Hosting;
using SmartShop.Grains.Runtime;

namespace SmartShop.Grains.Tests.Runtime;

public interface ILifecycleGrain : IGrainWithStringKey
{
    Task<int> GetActivationNumber();

    Task DeactivateWhenDone();

    Task KeepAliveFor(TimeSpan duration);
}

public sealed class LifecycleGrain(Probe probe) : Grain, ILifecycleGrain
{
    private int _activationNumber;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activationNumber = probe.Increment("lifecycle.activated:" + this.GetPrimaryKeyString());
        probe.Activated(GrainContext);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.DeactivationReasons.Enqueue(reason);
        probe.Signal("deactivating:" + this.GetPrimaryKeyString());
        await probe.Gate("deactivate:" + this.GetPrimaryKeyString()).WaitAsync(cancellationToken);
        probe.Increment("lifecycle.deactivated:" + this.GetPrimaryKeyString());
    }

    public Task<int> GetActivationNumber() => Task.FromResult(_activationNumber);

    public Task DeactivateWhenDone()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task KeepAliveFor(TimeSpan duration)
    {
        DelayDeactivation(duration);
        return Task.CompletedTask;
    }
}

public interface IFlakyActivationGrain : IGrainWithStringKey
{
    Task<string> Hello();
}

/// <summary>The first activation fails in its constructor or in OnActivateAsync, depending on the key.</summary>
public sealed class FlakyActivationGrain : Grain, IFlakyActivationGrain
{
    private readonly Probe _probe;

    public FlakyActivationGrain(Probe probe)
    {
        _probe = probe;
        if (this.GetPrimaryKeyString() == "ctor" && probe.Increment("flaky.ctor") == 1)
        {
            throw new InvalidOperationException("constructor failed");
        }
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (this.GetPrimaryKeyString() == "activate" && _probe.Increment("flaky.activate") == 1)
        {
            throw new TimeoutException("PLC did not answer");
        }

        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _probe.Increment("flaky.deactivated");
        return Task.CompletedTask;
    }

    public Task<string> Hello() => Task.FromResult("hello");
}

public class LifecycleTests
{
    private static Task<TestSilo> StartAsync() =>
        TestSilo.StartAsync(silo => silo
            .AddGrain<LifecycleGrain>()
            .AddGrain<FlakyActivationGrain>()
            .Configure<GrainCollectionOptions>(o =>
            {
                o.CollectionAge = TimeSpan.FromMinutes(10);
                o.CollectionQuantum = TimeSpan.FromMinutes(1);
            }));

    private static void OpenDeactivation(TestSilo silo, string key) => silo.Probe.Open("deactivate:" + key);

    [Fact]
    public async Task IdleGrain_YoungerThanCollectionAge_StaysActive()
    {
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<ILifecycleGrain>("busy");
        await grain.GetActivationNumber();
        OpenDeactivation(silo, "busy");

        // If the collector had started deactivating it, these calls would wait and reach a second activation.
        for (var i = 0; i < 3; i++)
        {
            silo.Clock.Advance(TimeSpan.FromMinutes(9));
            Assert.Equal(1, await grain.GetActivationNumber().NoHang());
        }
    }

    [Fact]
    public async Task IdleGrain_PastCollectionAge_IsDeactivatedAndNextCallReactivates()
    {
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<ILifecycleGrain>("idle");
        await grain.GetActivationNumber();
        var context = silo.Probe.ContextOf(grain);
        OpenDeactivation(silo, "idle");

        silo.Clock.Advance(TimeSpan.FromMinutes(12));
        await context.Deactivated.NoHang();

        Assert.Equal(DeactivationReasonCode.ActivationIdle, Assert.Single(silo.Probe.DeactivationReasons).ReasonCode);
        Assert.Equal(1, silo.Probe.Count("lifecycle.deactivated:idle"));
        Assert.Equal(2, await grain.GetActivationNumber().NoHang());
    }

    [Fact]
    public async Task DeactivateOnIdle_CalledInACall_DeactivatesAfterIt()
    {
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<ILifecycleGrain>("requested");
        OpenDeactivation(silo, "requested");

        await grain.DeactivateWhenDone();
        await silo.Probe.ContextOf(grain).Deactivated.NoHang();

        Assert.Equal(DeactivationReasonCode.ApplicationRequested, Assert.Single(silo.Probe.DeactivationReasons).ReasonCode);
        Assert.Equal(2, await grain.GetActivationNumber().NoHang());
    }

    [Fact]
    public async Task DelayDeactivation_LongerThanCollectionAge_KeepsIdleGrainActive()
    {
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<ILifecycleGrain>("kept");
        await grain.KeepAliveFor(TimeSpan.FromMinutes(30));
        var context = silo.Probe.ContextOf(grain);
        OpenDeactivation(silo, "kept");

        silo.Clock.Advance(TimeSpan.FromMinutes(25));
        Assert.Equal(1, await grain.GetActivationNumber().NoHang());

        // Keep-alive over (30 min) and idle for more than the collection age since the last call (25 min).
        silo.Clock.Advance(TimeSpan.FromMinutes(12));
        await context.Deactivated.NoHang();
        Assert.Equal(2, await grain.GetActivationNumber().NoHang());
    }

    [Fact]
    public async Task CallsDuringDeactivation_WaitAndReachTheNextActivation()
    {
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<ILifecycleGrain>("handover");
        await grain.DeactivateWhenDone();
        var context = silo.Probe.ContextOf(grain);
        await silo.Probe.Signalled("deactivating:handover").NoHang();

        var calls = Enumerable.Range(0, 10).Select(_ => grain.GetActivationNumber()).ToArray();
        Assert.DoesNotContain(calls, c => c.IsCompleted);
        OpenDeactivation(silo, "handover");

        Assert.All(await Task.WhenAll(calls).NoHang(), n => Assert.Equal(2, n));
        Assert.True(context.Deactivated.IsCompleted);
    }

    [Fact]
    public async Task StopAsync_WithActiveGrains_RunsOnDeactivateAsyncForEach()
    {
        await using var silo = await StartAsync();
        var keys = Enumerable.Range(0, 20).Select(i => "shutdown-" + i).ToArray();
        foreach (var key in keys)
        {
            await silo.Grains.GetGrain<ILifecycleGrain>(key).GetActivationNumber();
            OpenDeactivation(silo, key);
        }

        await silo.StopAsync();

        Assert.All(keys, key => Assert.Equal(1, silo.Probe.Count("lifecycle.deactivated:" + key)));
        Assert.All(silo.Probe.DeactivationReasons, r => Assert.Equal(DeactivationReasonCode.ShuttingDown, r.ReasonCode));
    }

    [Fact]
    public async Task Calls_AfterStop_FailWithSiloUnavailableException()
    {
        await using var silo = await StartAsync();
        var existing = silo.Grains.GetGrain<ILifecycleGrain>("before-stop");
        await existing.GetActivationNumber();
        OpenDeactivation(silo, "before-stop");

        await silo.StopAsync();

        await Assert.ThrowsAsync<SiloUnavailableException>(() => existing.GetActivationNumber()).NoHang();
        await Assert.ThrowsAsync<SiloUnavailableException>(() => silo.Grains.GetGrain<ILifecycleGrain>("after-stop").GetActivationNumber()).NoHang();
    }

    [Fact]
    public async Task Constructor_ThrowsOnFirstActivation_CallerGetsItAndNextCallRetries()
    {
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<IFlakyActivationGrain>("ctor");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Hello()).NoHang();

        Assert.Equal("constructor failed", error.Message);
        Assert.Equal("hello", await grain.Hello().NoHang());
    }

    [Fact]
    public async Task OnActivateAsync_Throws_CallerGetsItWithoutOnDeactivateAsync()
    {
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<IFlakyActivationGrain>("activate");

        await Assert.ThrowsAsync<TimeoutException>(() => grain.Hello()).NoHang();

        Assert.Equal(0, silo.Probe.Count("flaky.deactivated"));
        Assert.Equal("hello", await grain.Hello().NoHang());
    }
}
