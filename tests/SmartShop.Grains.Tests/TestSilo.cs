using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmartShop.Grains.Hosting;
using SmartShop.Testing;

namespace SmartShop.Grains.Tests;

/// <summary>A silo in a plain DI container with a fake clock and a <see cref="Probe"/>, started like a host would.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly IHostedService[] _hostedServices;
    private bool _stopped;

    private TestSilo(ServiceProvider services, FakeTimeProvider clock)
    {
        _services = services;
        Clock = clock;
        _hostedServices = [.. services.GetServices<IHostedService>()];
    }

    public FakeTimeProvider Clock { get; }

    public IServiceProvider Services => _services;

    public IGrainFactory Grains => _services.GetRequiredService<IGrainFactory>();

    public Probe Probe => _services.GetRequiredService<Probe>();

    /// <param name="configure">Registers grain classes and options.</param>
    /// <param name="services">Extra services; registered before the silo, so they win over its defaults.</param>
    /// <param name="timeProvider">Wraps the fake clock (e.g. to observe timers); the fake clock itself by default.</param>
    public static async Task<TestSilo> StartAsync(
        Action<ISiloBuilder> configure,
        Action<IServiceCollection>? services = null,
        Func<FakeTimeProvider, TimeProvider>? timeProvider = null)
    {
        var clock = new FakeTimeProvider();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton(timeProvider?.Invoke(clock) ?? clock);
        collection.AddSingleton(new Probe());
        services?.Invoke(collection);
        collection.AddSilo(configure);
        var silo = new TestSilo(collection.BuildServiceProvider(validateScopes: true), clock);
        foreach (var hostedService in silo._hostedServices)
        {
            await hostedService.StartAsync(CancellationToken.None);
        }

        return silo;
    }

    public static Task<TestSilo> StartAsync(params Type[] grainClasses) =>
        StartAsync(silo =>
        {
            foreach (var grainClass in grainClasses)
            {
                silo.AddGrain(grainClass);
            }
        });

    /// <summary>Stops the silo as the host does at shutdown.</summary>
    public async Task StopAsync()
    {
        _stopped = true;
        foreach (var hostedService in _hostedServices.Reverse())
        {
            await hostedService.StopAsync(CancellationToken.None).NoHang();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            // A failed test may leave a grain blocked in OnDeactivateAsync; don't let that hang the run.
            using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            foreach (var hostedService in _hostedServices.Reverse())
            {
                await hostedService.StopAsync(giveUp.Token);
            }
        }

        await _services.DisposeAsync();
    }
}
