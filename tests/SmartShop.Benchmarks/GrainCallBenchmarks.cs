using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmartShop.Grains;
using SmartShop.Grains.Hosting;

namespace SmartShop.Benchmarks;

public interface IBenchCounterGrain : IGrainWithIntegerKey
{
    ValueTask<int> Add(int amount);

    ValueTask<int> AddAfterYield(int amount);

    Task<int> AddAfterYieldTask(int amount);
}

public sealed class BenchCounterGrain : Grain, IBenchCounterGrain
{
    private int _total;

    public ValueTask<int> Add(int amount) => new(_total += amount);

    public async ValueTask<int> AddAfterYield(int amount)
    {
        await Task.Yield();
        return _total += amount;
    }

    public async Task<int> AddAfterYieldTask(int amount)
    {
        await Task.Yield();
        return _total += amount;
    }
}

/// <summary>Direct-call baseline: the same code as the grain, called as a plain method (no isolation at all).</summary>
public sealed class PlainCounter
{
    private int _total;

    public ValueTask<int> Add(int amount) => new(_total += amount);

    public async ValueTask<int> AddAfterYield(int amount)
    {
        await Task.Yield();
        return _total += amount;
    }
}

/// <summary>
/// Channel-per-key baseline: what one writes by hand for "one actor per key": an unbounded single-reader channel,
/// a reader loop, and a TaskCompletionSource per request.
/// </summary>
public sealed class ChannelCounter
{
    private readonly Channel<Request> _channel = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private int _total;

    public ChannelCounter() => Reader = Task.Run(ReadLoop);

    public Task Reader { get; }

    public Task<int> Add(int amount) => Send(amount, yieldFirst: false);

    public Task<int> AddAfterYield(int amount) => Send(amount, yieldFirst: true);

    public void Complete() => _channel.Writer.Complete();

    private Task<int> Send(int amount, bool yieldFirst)
    {
        var request = new Request(amount, yieldFirst, new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously));
        _channel.Writer.TryWrite(request);
        return request.Completion.Task;
    }

    private async Task ReadLoop()
    {
        await foreach (var request in _channel.Reader.ReadAllAsync())
        {
            if (request.YieldFirst)
            {
                await Task.Yield();
            }

            request.Completion.SetResult(_total += request.Amount);
        }
    }

    private sealed record Request(int Amount, bool YieldFirst, TaskCompletionSource<int> Completion);
}

/// <summary>
/// Calls per second through grain references across 5,000 grains, beside a direct call and a Channel-per-key actor.
/// Every benchmark makes <see cref="Calls"/> calls per invocation (OperationsPerInvoke), so times and allocations
/// read per call. Categories: Sequential (one caller), Concurrent (100 callers, random grains), ConcurrentAsync (the
/// same with a method that awaits Task.Yield; GrainTask_ uses a Task&lt;int&gt; grain method), HotKeys (100 callers on 8 grains: most calls queue).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class GrainCallBenchmarks
{
    public const int Grains = 5_000;
    public const int Calls = 100_000;
    private const int Callers = 100;
    private const int CallsPerCaller = Calls / Callers;
    private const int HotGrains = 8;

    private PlainCounter[] _plain = [];
    private ChannelCounter[] _channels = [];
    private IBenchCounterGrain[] _grains = [];
    private ServiceProvider? _services;

    [GlobalSetup]
    public async Task Setup()
    {
        _plain = [.. Enumerable.Range(0, Grains).Select(_ => new PlainCounter())];
        _channels = [.. Enumerable.Range(0, Grains).Select(_ => new ChannelCounter())];
        _services = new ServiceCollection().AddSilo(silo => silo.AddGrain<BenchCounterGrain>()).BuildServiceProvider();
        foreach (var hosted in _services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        var factory = _services.GetRequiredService<IGrainFactory>();
        _grains = [.. Enumerable.Range(0, Grains).Select(i => factory.GetGrain<IBenchCounterGrain>(i))];

        // Activate every grain and start every reader loop, so that only steady-state calls are measured.
        foreach (var grain in _grains)
        {
            await grain.Add(0);
        }

        foreach (var channel in _channels)
        {
            await channel.Add(0);
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        foreach (var channel in _channels)
        {
            channel.Complete();
        }

        await Task.WhenAll(_channels.Select(c => c.Reader));
        if (_services is not null)
        {
            foreach (var hosted in _services.GetServices<IHostedService>())
            {
                await hosted.StopAsync(CancellationToken.None);
            }

            await _services.DisposeAsync();
        }
    }

    // ---- Sequential: one caller, round-robin over all grains ----

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls), BenchmarkCategory("Sequential")]
    public async Task<int> Direct_Sequential()
    {
        var sum = 0;
        for (var i = 0; i < Calls; i++)
        {
            sum += await _plain[i % Grains].Add(1);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Calls), BenchmarkCategory("Sequential")]
    public async Task<int> Channel_Sequential()
    {
        var sum = 0;
        for (var i = 0; i < Calls; i++)
        {
            sum += await _channels[i % Grains].Add(1);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Calls), BenchmarkCategory("Sequential")]
    public async Task<int> Grain_Sequential()
    {
        var sum = 0;
        for (var i = 0; i < Calls; i++)
        {
            sum += await _grains[i % Grains].Add(1);
        }

        return sum;
    }

    // ---- Concurrent: 100 callers, each 1,000 calls to random grains ----

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls), BenchmarkCategory("Concurrent")]
    public Task Direct_Concurrent() => RunCallers(static async (b, caller) =>
    {
        var random = Seed(caller);
        for (var i = 0; i < CallsPerCaller; i++)
        {
            await b._plain[Next(ref random) % Grains].Add(1);
        }
    });

    [Benchmark(OperationsPerInvoke = Calls), BenchmarkCategory("Concurrent")]
    public Task Channel_Concurrent() => RunCallers(static async (b, caller) =>
    {
        var random = Seed(caller);
        for (var i = 0; i < CallsPerCaller; i++)
        {
            await b._channels[Next(ref random) % Grains].Add(1);
        }
    });

    [Benchmark(OperationsPerInvoke = Calls), BenchmarkCategory("Concurrent")]
    public Task Grain_Concurrent() => RunCallers(static async (b, caller) =>
    {
        var random = Seed(caller);
        for (var i = 0; i < CallsPerCaller; i++)
        {
            await b._grains[Next(ref random) % Grains].Add(1);
        }
    });

    // ---- ConcurrentAsync: as Concurrent, but the method awaits Task.Yield (the grain's queued path) ----

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls), BenchmarkCategory("ConcurrentAsync")]
    public Task Direct_ConcurrentAsync() => RunCallers(static async (b, caller) =>
    {
        var random = Seed(caller);
        for (var i = 0; i < CallsPerCaller; i++)
        {
            await b._plain[Next(ref random) % Grains].AddAfterYield(1);
        }
    });

    [Benchmark(OperationsPerInvoke = Calls), BenchmarkCategory("ConcurrentAsync")]
    public Task Channel_ConcurrentAsync() => RunCallers(static async (b, caller) =>
    {
        var random = Seed(caller);
        for (var i = 0; i < CallsPerCaller; i++)
        {
            await b._channels[Next(ref random) % Grains].AddAfterYield(1);
        }
    });

    [Benchmark(OperationsPerInvoke = Calls), BenchmarkCategory("ConcurrentAsync")]
    public Task Grain_ConcurrentAsync() => RunCallers(static async (b, caller) =>
    {
        var random = Seed(caller);
        for (var i = 0; i < CallsPerCaller; i++)
        {
            await b._grains[Next(ref random) % Grains].AddAfterYield(1);
        }
    });

    [Benchmark(OperationsPerInvoke = Calls), BenchmarkCategory("ConcurrentAsync")]
    public Task GrainTask_ConcurrentAsync() => RunCallers(static async (b, caller) =>
    {
        var random = Seed(caller);
        for (var i = 0; i < CallsPerCaller; i++)
        {
            await b._grains[Next(ref random) % Grains].AddAfterYieldTask(1);
        }
    });

    // ---- HotKeys: 100 callers on 8 grains, so most calls find their grain busy and queue ----

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls), BenchmarkCategory("HotKeys")]
    public Task Direct_HotKeys() => RunCallers(static async (b, caller) =>
    {
        var random = Seed(caller);
        for (var i = 0; i < CallsPerCaller; i++)
        {
            await b._plain[Next(ref random) % HotGrains].Add(1);
        }
    });

    [Benchmark(OperationsPerInvoke = Calls), BenchmarkCategory("HotKeys")]
    public Task Channel_HotKeys() => RunCallers(static async (b, caller) =>
    {
        var random = Seed(caller);
        for (var i = 0; i < CallsPerCaller; i++)
        {
            await b._channels[Next(ref random) % HotGrains].Add(1);
        }
    });

    [Benchmark(OperationsPerInvoke = Calls), BenchmarkCategory("HotKeys")]
    public Task Grain_HotKeys() => RunCallers(static async (b, caller) =>
    {
        var random = Seed(caller);
        for (var i = 0; i < CallsPerCaller; i++)
        {
            await b._grains[Next(ref random) % HotGrains].Add(1);
        }
    });

    private Task RunCallers(Func<GrainCallBenchmarks, int, Task> caller)
    {
        var tasks = new Task[Callers];
        for (var c = 0; c < Callers; c++)
        {
            var id = c;
            tasks[c] = Task.Run(() => caller(this, id));
        }

        return Task.WhenAll(tasks);
    }

    private static uint Seed(int caller) => (uint)caller * 2654435761u + 1;

    // xorshift32: cheap, allocation-free pseudo-random grain choice, the same sequence for every variant.
    private static uint Next(ref uint state)
    {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return state;
    }
}
