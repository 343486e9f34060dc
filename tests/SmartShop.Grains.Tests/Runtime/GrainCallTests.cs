using SmartShop.Grains.Concurrency;

namespace SmartShop.Grains.Tests.Runtime;

public sealed class MachineJammedException(string message) : Exception(message);

public sealed class ReportBox
{
    public int Touched { get; set; }
}

public interface ICallShapesGrain : IGrainWithStringKey
{
    Task<Guid> GetActivationId();

    Task FailAsync(string message);

    Task FailSynchronously(string message);

    Task<int> ReturnTaskOfT(int value, bool yieldFirst);

    Task ReturnTask(bool yieldFirst);

    ValueTask<int> ReturnValueTaskOfT(int value, bool yieldFirst);

    ValueTask ReturnValueTask(bool yieldFirst);

    ValueTask<int> FailValueTask(string message, bool yieldFirst);

    Task<int> Touch(ReportBox box);

    Task WaitForCancellation(CancellationToken cancellationToken);

    Task<int> CountCalls(CancellationToken cancellationToken);

    Task Block(string gate);

    [OneWay]
    Task Notify(string gate);
}

public sealed class CallShapesGrain(Probe probe) : Grain, ICallShapesGrain
{
    private readonly Guid _activationId = Guid.NewGuid();
    private int _calls;

    public Task<Guid> GetActivationId() => Task.FromResult(_activationId);

    public async Task FailAsync(string message)
    {
        await Task.Yield();
        throw new MachineJammedException(message);
    }

    public Task FailSynchronously(string message) => throw new MachineJammedException(message);

    public async Task<int> ReturnTaskOfT(int value, bool yieldFirst)
    {
        if (yieldFirst)
        {
            await Task.Yield();
        }

        return value;
    }

    public async Task ReturnTask(bool yieldFirst)
    {
        if (yieldFirst)
        {
            await Task.Yield();
        }

        probe.Increment("shapes.task");
    }

    public async ValueTask<int> ReturnValueTaskOfT(int value, bool yieldFirst)
    {
        if (yieldFirst)
        {
            await Task.Yield();
        }

        return value;
    }

    public async ValueTask ReturnValueTask(bool yieldFirst)
    {
        if (yieldFirst)
        {
            await Task.Yield();
        }

        probe.Increment("shapes.valuetask");
    }

    public async ValueTask<int> FailValueTask(string message, bool yieldFirst)
    {
        if (yieldFirst)
        {
            await Task.Yield();
        }

        throw new MachineJammedException(message);
    }

    public Task<int> Touch(ReportBox box) => Task.FromResult(++box.Touched);

    public Task WaitForCancellation(CancellationToken cancellationToken)
    {
        probe.Signal("shapes.waiting");
        return Task.Delay(Timeout.Infinite, cancellationToken);
    }

    public Task<int> CountCalls(CancellationToken cancellationToken) => Task.FromResult(++_calls);

    public async Task Block(string gate)
    {
        probe.Signal("entered:" + gate);
        await probe.Gate(gate);
    }

    public async Task Notify(string gate)
    {
        await probe.Gate(gate);
        probe.Signal("notified");
    }
}

public class GrainCallTests
{
    [Fact]
    public async Task GrainMethod_ThrowsAfterAwait_CallerGetsOriginalExceptionType()
    {
        await using var silo = await TestSilo.StartAsync(typeof(CallShapesGrain));
        var grain = silo.Grains.GetGrain<ICallShapesGrain>("throws");

        var error = await Assert.ThrowsAsync<MachineJammedException>(() => grain.FailAsync("infeed jam")).NoHang();

        Assert.Equal("infeed jam", error.Message);
    }

    [Fact]
    public async Task GrainMethod_ThrowsSynchronously_CallerGetsOriginalExceptionType()
    {
        await using var silo = await TestSilo.StartAsync(typeof(CallShapesGrain));
        var grain = silo.Grains.GetGrain<ICallShapesGrain>("throws");

        await Assert.ThrowsAsync<MachineJammedException>(() => grain.FailSynchronously("now"));
        await Assert.ThrowsAsync<MachineJammedException>(() => grain.FailValueTask("vt", yieldFirst: false).AsTask());
        await Assert.ThrowsAsync<MachineJammedException>(() => grain.FailValueTask("vt", yieldFirst: true).AsTask()).NoHang();
    }

    [Fact]
    public async Task GrainMethod_Throws_ActivationKeepsServingCalls()
    {
        await using var silo = await TestSilo.StartAsync(typeof(CallShapesGrain));
        var grain = silo.Grains.GetGrain<ICallShapesGrain>("survivor");
        var before = await grain.GetActivationId();

        await Assert.ThrowsAsync<MachineJammedException>(() => grain.FailAsync("once")).NoHang();
        await Assert.ThrowsAsync<MachineJammedException>(() => grain.FailSynchronously("twice"));

        Assert.Equal(before, await grain.GetActivationId());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GrainMethod_EachReturnShape_DeliversItsResult(bool yieldFirst)
    {
        await using var silo = await TestSilo.StartAsync(typeof(CallShapesGrain));
        var grain = silo.Grains.GetGrain<ICallShapesGrain>("shapes");

        Assert.Equal(7, await grain.ReturnTaskOfT(7, yieldFirst).NoHang());
        await grain.ReturnTask(yieldFirst).NoHang();
        Assert.Equal(8, await grain.ReturnValueTaskOfT(8, yieldFirst).NoHang());
        await grain.ReturnValueTask(yieldFirst).NoHang();

        Assert.Equal(1, silo.Probe.Count("shapes.task"));
        Assert.Equal(1, silo.Probe.Count("shapes.valuetask"));
    }

    [Fact]
    public async Task Arguments_ArePassedByReference_NotCopied()
    {
        await using var silo = await TestSilo.StartAsync(typeof(CallShapesGrain));
        var box = new ReportBox();

        await silo.Grains.GetGrain<ICallShapesGrain>("by-ref").Touch(box);

        // In process there is no serialization: the grain saw (and here mutated) the caller's object. Messages should
        // therefore be immutable records.
        Assert.Equal(1, box.Touched);
    }

    [Fact]
    public async Task CancellationToken_CancelledWhileGrainWaits_CancelsTheCall()
    {
        await using var silo = await TestSilo.StartAsync(typeof(CallShapesGrain));
        var grain = silo.Grains.GetGrain<ICallShapesGrain>("cancel-running");
        using var cancellation = new CancellationTokenSource();

        var call = grain.WaitForCancellation(cancellation.Token);
        await silo.Probe.Signalled("shapes.waiting").NoHang();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call).NoHang();
    }

    [Fact]
    public async Task CancellationToken_CancelledWhileQueued_WithdrawsTheCall()
    {
        await using var silo = await TestSilo.StartAsync(typeof(CallShapesGrain));
        var grain = silo.Grains.GetGrain<ICallShapesGrain>("cancel-queued");
        using var cancellation = new CancellationTokenSource();
        var blocker = grain.Block("busy");
        await silo.Probe.Signalled("entered:busy").NoHang();

        var queued = grain.CountCalls(cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued).NoHang();
        silo.Probe.Open("busy");
        await blocker.NoHang();
        Assert.Equal(1, await grain.CountCalls(CancellationToken.None));
    }

    [Fact]
    public async Task CancellationToken_AlreadyCancelled_CallIsNotMade()
    {
        await using var silo = await TestSilo.StartAsync(typeof(CallShapesGrain));
        var grain = silo.Grains.GetGrain<ICallShapesGrain>("cancel-before");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => grain.CountCalls(new CancellationToken(canceled: true)));

        Assert.Equal(1, await grain.CountCalls(CancellationToken.None));
    }

    [Fact]
    public async Task OneWayCall_CallerDoesNotWaitForTheGrain()
    {
        await using var silo = await TestSilo.StartAsync(typeof(CallShapesGrain));
        var grain = silo.Grains.GetGrain<ICallShapesGrain>("one-way");

        var call = grain.Notify("release");

        Assert.True(call.IsCompletedSuccessfully);
        Assert.False(silo.Probe.IsSignalled("notified"));
        silo.Probe.Open("release");
        await silo.Probe.Signalled("notified").NoHang();
    }
}
