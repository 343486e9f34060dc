using Microsoft.Extensions.Logging;
using SmartShop.Grains.Runtime;

namespace SmartShop.Grains.Tests;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Add(int amount);

    /// <summary>Identifies the activation (a new Guid per grain object).</summary>
    Task<Guid> GetActivationId();
}

public sealed class CounterGrain : Grain, ICounterGrain
{
    private readonly Guid _activationId = Guid.NewGuid();
    private int _total;

    public CounterGrain(Probe probe)
    {
        probe.Increment("counter.constructed:" + this.GetPrimaryKeyString());
        probe.Activated(GrainContext);
    }

    public Task<int> Add(int amount) => Task.FromResult(_total += amount);

    public Task<Guid> GetActivationId() => Task.FromResult(_activationId);
}

public interface IGuidKeyedGrain : IGrainWithGuidKey
{
    Task<Guid> GetKey();
}

public interface IIntegerKeyedGrain : IGrainWithIntegerKey
{
    Task<long> GetKey();

    Task<GrainId> GetId();
}

public sealed class GuidKeyedGrain : Grain, IGuidKeyedGrain
{
    public Task<Guid> GetKey() => Task.FromResult(this.GetPrimaryKey());
}

public sealed class IntegerKeyedGrain : Grain, IIntegerKeyedGrain
{
    public Task<long> GetKey() => Task.FromResult(this.GetPrimaryKeyLong());

    public Task<GrainId> GetId() => Task.FromResult(this.GetGrainId());
}

public interface IServiceUsingGrain : IGrainWithStringKey
{
    Task<DateTimeOffset> GetNow();

    Task<int> AddThroughOtherGrain(string counterKey, int amount);
}

/// <summary>Takes services from DI and calls another grain through GrainFactory.</summary>
public sealed class ServiceUsingGrain(ILogger<ServiceUsingGrain> logger, TimeProvider clock) : Grain, IServiceUsingGrain
{
    public Task<DateTimeOffset> GetNow()
    {
        logger.LogDebug("Reading the clock");
        return Task.FromResult(clock.GetUtcNow());
    }

    public Task<int> AddThroughOtherGrain(string counterKey, int amount) =>
        GrainFactory.GetGrain<ICounterGrain>(counterKey).Add(amount);
}

public interface IShapeGrain : IGrainWithStringKey
{
    Task<string> Name();
}

public sealed class SquareGrain : Grain, IShapeGrain
{
    public Task<string> Name() => Task.FromResult("square");
}

public sealed class CircleGrain : Grain, IShapeGrain
{
    public Task<string> Name() => Task.FromResult("circle");
}

public interface IBaseOperations : IGrainWithStringKey
{
    Task<string> Describe();
}

public interface IDerivedOperations : IBaseOperations
{
    Task<string> DescribeMore();
}

public sealed class LayeredGrain : Grain, IDerivedOperations
{
    public Task<string> Describe() => Task.FromResult("base");

    public Task<string> DescribeMore() => Task.FromResult("derived");
}

internal sealed record InternalMessage(string Text);

internal interface IInternalGrain : IGrainWithStringKey
{
    Task<InternalMessage> Echo(InternalMessage message);
}

internal sealed class InternalGrain : Grain, IInternalGrain
{
    public Task<InternalMessage> Echo(InternalMessage message) => Task.FromResult(message with { Text = message.Text + "!" });
}

public interface IManyArgumentsGrain : IGrainWithStringKey
{
    Task<string> Join(int a, string b, long c, double d, bool e, char f, decimal g, Guid h, byte i, string j);
}

public sealed class ManyArgumentsGrain : Grain, IManyArgumentsGrain
{
    public Task<string> Join(int a, string b, long c, double d, bool e, char f, decimal g, Guid h, byte i, string j) =>
        Task.FromResult(FormattableString.Invariant($"{a}|{b}|{c}|{d}|{e}|{f}|{g}|{h}|{i}|{j}"));
}

public class GrainFactoryTests
{
    [Fact]
    public async Task GetGrain_BeforeAnyCall_DoesNotActivate()
    {
        await using var silo = await TestSilo.StartAsync(typeof(CounterGrain));

        var counter = silo.Grains.GetGrain<ICounterGrain>("lazy");
        Assert.Equal(0, silo.Probe.Count("counter.constructed:lazy"));

        Assert.Equal(3, await counter.Add(3));
        Assert.Equal(1, silo.Probe.Count("counter.constructed:lazy"));
    }

    [Fact]
    public async Task FirstCalls_ManyInParallel_CreateExactlyOneActivation()
    {
        await using var silo = await TestSilo.StartAsync(typeof(CounterGrain));
        const int Callers = 200;
        using var start = new ManualResetEventSlim();

        var calls = Enumerable.Range(0, Callers)
            .Select(_ => Task.Run(async () =>
            {
                start.Wait();
                var counter = silo.Grains.GetGrain<ICounterGrain>("contended");
                await counter.Add(1);
                return await counter.GetActivationId();
            }))
            .ToArray();
        start.Set();
        var activationIds = await Task.WhenAll(calls).NoHang();

        Assert.Equal(1, silo.Probe.Count("counter.constructed:contended"));
        Assert.Single(activationIds.Distinct());
        Assert.Equal(Callers + 1, await silo.Grains.GetGrain<ICounterGrain>("contended").Add(1));
    }

    [Fact]
    public async Task SameKey_DifferentReferences_ReachSameActivation()
    {
        await using var silo = await TestSilo.StartAsync(typeof(CounterGrain));

        var first = silo.Grains.GetGrain<ICounterGrain>("shared");
        var second = silo.Grains.GetGrain<ICounterGrain>("shared");
        await first.Add(2);

        Assert.Equal(5, await second.Add(3));
        Assert.Equal(first, second);
        Assert.NotSame(first, second);
        Assert.NotEqual(first, silo.Grains.GetGrain<ICounterGrain>("other"));
    }

    [Fact]
    public async Task PrimaryKey_ForEachKeyKind_IsSeenByGrainAndReference()
    {
        await using var silo = await TestSilo.StartAsync(typeof(GuidKeyedGrain), typeof(IntegerKeyedGrain), typeof(CounterGrain));
        var guid = Guid.NewGuid();

        Assert.Equal(guid, await silo.Grains.GetGrain<IGuidKeyedGrain>(guid).GetKey());
        Assert.Equal(-42L, await silo.Grains.GetGrain<IIntegerKeyedGrain>(-42).GetKey());
        Assert.Equal(guid, silo.Grains.GetGrain<IGuidKeyedGrain>(guid).GetPrimaryKey());
        Assert.Equal(7L, silo.Grains.GetGrain<IIntegerKeyedGrain>(7).GetPrimaryKeyLong());
        Assert.Equal("l1-lathe", silo.Grains.GetGrain<ICounterGrain>("l1-lathe").GetPrimaryKeyString());
    }

    [Fact]
    public async Task GetGrainId_InsideGrain_MatchesReferenceAndDefaultTypeName()
    {
        await using var silo = await TestSilo.StartAsync(typeof(IntegerKeyedGrain));
        var grain = silo.Grains.GetGrain<IIntegerKeyedGrain>(12);

        var id = await grain.GetId();

        Assert.Equal(new GrainId("integerkeyed", "12"), id);
        Assert.Equal(id, grain.GetGrainId());
    }

    [Fact]
    public async Task GrainConstructor_WithServices_GetsThemFromDependencyInjection()
    {
        await using var silo = await TestSilo.StartAsync(typeof(ServiceUsingGrain), typeof(CounterGrain));

        var now = await silo.Grains.GetGrain<IServiceUsingGrain>("svc").GetNow();

        Assert.Equal(silo.Clock.GetUtcNow(), now);
    }

    [Fact]
    public async Task GrainFactory_InsideGrain_CallsAnotherGrain()
    {
        await using var silo = await TestSilo.StartAsync(typeof(ServiceUsingGrain), typeof(CounterGrain));

        Assert.Equal(4, await silo.Grains.GetGrain<IServiceUsingGrain>("svc").AddThroughOtherGrain("target", 4));
        Assert.Equal(5, await silo.Grains.GetGrain<ICounterGrain>("target").Add(1));
    }

    [Fact]
    public async Task GetGrain_InterfaceWithoutGrainClass_ThrowsNamingTheFix()
    {
        await using var silo = await TestSilo.StartAsync(typeof(CounterGrain));

        var error = Assert.Throws<ArgumentException>(() => silo.Grains.GetGrain<IShapeGrain>("x"));
        Assert.Contains("AddGrain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetGrain_SeveralClassesImplementInterface_PrefixChoosesOne()
    {
        await using var silo = await TestSilo.StartAsync(typeof(SquareGrain), typeof(CircleGrain));

        Assert.Throws<ArgumentException>(() => silo.Grains.GetGrain<IShapeGrain>("x"));
        var circle = silo.Grains.GetGrain<IShapeGrain>("x", typeof(CircleGrain).FullName);
        Assert.Equal("circle", await circle.Name());
    }

    [Fact]
    public async Task DerivedGrainInterface_BaseAndDerivedMethods_ReachTheGrain()
    {
        await using var silo = await TestSilo.StartAsync(typeof(LayeredGrain));
        var derived = silo.Grains.GetGrain<IDerivedOperations>("layered");

        Assert.Equal("base", await derived.Describe());
        Assert.Equal("derived", await derived.DescribeMore());
        Assert.Equal("base", await derived.AsReference<IBaseOperations>().Describe());
    }

    [Fact]
    public async Task InternalGrainInterface_WithInternalArgumentType_IsCallable()
    {
        await using var silo = await TestSilo.StartAsync(typeof(InternalGrain));

        var reply = await silo.Grains.GetGrain<IInternalGrain>("internal").Echo(new InternalMessage("hi"));

        Assert.Equal("hi!", reply.Text);
    }

    [Fact]
    public async Task GrainMethod_WithTenParameters_ReceivesEveryArgumentInOrder()
    {
        await using var silo = await TestSilo.StartAsync(typeof(ManyArgumentsGrain));
        var h = Guid.NewGuid();

        var joined = await silo.Grains.GetGrain<IManyArgumentsGrain>("many").Join(1, "two", 3L, 4.5, true, 'f', 7.25m, h, 9, "ten");

        Assert.Equal(FormattableString.Invariant($"1|two|3|4.5|True|f|7.25|{h}|9|ten"), joined);
    }

    [Fact]
    public async Task GetGrain_ByGrainId_ReachesSameActivation()
    {
        await using var silo = await TestSilo.StartAsync(typeof(CounterGrain));
        var counter = silo.Grains.GetGrain<ICounterGrain>("by-id");
        await counter.Add(10);

        var again = silo.Grains.GetGrain<ICounterGrain>(counter.GetGrainId());

        Assert.Equal(11, await again.Add(1));
        Assert.Throws<ArgumentException>(() => silo.Grains.GetGrain<IShapeGrain>(counter.GetGrainId()));
    }

    [Fact]
    public void Grain_ConstructedWithNew_ThrowsExplainingTheFactory()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new GuidKeyedGrain());

        Assert.Contains("GetGrain", error.Message, StringComparison.Ordinal);
    }
}
