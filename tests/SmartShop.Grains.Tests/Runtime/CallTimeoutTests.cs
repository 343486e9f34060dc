using SmartShop.Grains.Configuration;
using SmartShop.Grains.Hosting;

namespace SmartShop.Grains.Tests.Runtime;

public interface ICycleGrain : IGrainWithStringKey
{
    /// <summary>Calls the partner, which calls back into this grain: a cycle between non-reentrant grains.</summary>
    Task<string> CallPartner(string partnerKey);

    Task<string> CallBack(string callerKey);

    Task<string> Ping();

    Task<string> Wait(string gate);
}

public sealed class CycleGrain(Probe probe) : Grain, ICycleGrain
{
    public Task<string> CallPartner(string partnerKey) =>
        GrainFactory.GetGrain<ICycleGrain>(partnerKey).CallBack(this.GetPrimaryKeyString());

    public Task<string> CallBack(string callerKey) => GrainFactory.GetGrain<ICycleGrain>(callerKey).Ping();

    public Task<string> Ping() => Task.FromResult("pong");

    public async Task<string> Wait(string gate)
    {
        await probe.Gate(gate);
        return "done";
    }
}

public class CallTimeoutTests
{
    [Fact]
    public async Task CallCycle_BetweenNonReentrantGrains_EndsInTimeoutForTheCaller()
    {
        await using var silo = await TestSilo.StartAsync(typeof(CycleGrain));
        var a = silo.Grains.GetGrain<ICycleGrain>("a");
        var b = silo.Grains.GetGrain<ICycleGrain>("b");
        await a.Ping();
        await b.Ping();

        // Both activations are idle, so the whole cycle forms within this call, before the clock moves.
        var call = a.CallPartner("b");
        Assert.False(call.IsCompleted);
        silo.Clock.Advance(TimeSpan.FromSeconds(32));

        await Assert.ThrowsAsync<TimeoutException>(() => call).NoHang();

        // The calls inside the cycle (A -> B, B -> A) time out too, which frees both grains.
        silo.Clock.Advance(TimeSpan.FromSeconds(32));
        Assert.Equal("pong", await a.Ping().NoHang());
        Assert.Equal("pong", await b.Ping().NoHang());
    }

    [Fact]
    public async Task SlowCall_PastConfiguredResponseTimeout_CallerTimesOutAndGrainRecovers()
    {
        await using var silo = await TestSilo.StartAsync(s => s
            .AddGrain<CycleGrain>()
            .Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5)));
        var grain = silo.Grains.GetGrain<ICycleGrain>("slow");

        var call = grain.Wait("never-yet");
        silo.Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(call.IsCompleted);
        silo.Clock.Advance(TimeSpan.FromSeconds(2));

        await Assert.ThrowsAsync<TimeoutException>(() => call).NoHang();
        silo.Probe.Open("never-yet");
        Assert.Equal("pong", await grain.Ping().NoHang());
    }
}
