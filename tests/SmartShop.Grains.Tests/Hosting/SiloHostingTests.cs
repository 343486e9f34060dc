using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmartShop.Grains.Hosting;
using SmartShop.Grains.Runtime;
using SmartShop.Grains.Storage;
using SmartShop.Grains.Tests.Runtime;

namespace SmartShop.Grains.Tests.Hosting;

public class SiloHostingTests
{
    [Fact]
    public async Task AddGrainsFromAssembly_ServesEveryGrainClassInIt()
    {
        await using var silo = await TestSilo.StartAsync(s => s.AddGrainsFromAssembly(typeof(CounterGrain).Assembly));

        Assert.Equal(2, await silo.Grains.GetGrain<ICounterGrain>("c").Add(2));
        Assert.Equal(3, await silo.Grains.GetGrain<IEchoGrain>("e").Echo(3).NoHang());
    }

    [Fact]
    public async Task UseSilo_OnHostApplicationBuilder_StartsAndStopsWithTheHost()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var probe = new Probe();
        builder.Services.AddSingleton(probe);
        builder.UseSilo(silo => silo.AddGrain<LifecycleGrain>());
        using var host = builder.Build();
        await host.StartAsync();
        var grain = host.Services.GetRequiredService<IClusterClient>().GetGrain<ILifecycleGrain>("hosted");
        Assert.Equal(1, await grain.GetActivationNumber());
        probe.Open("deactivate:hosted");

        await host.StopAsync().NoHang();

        Assert.Equal(1, probe.Count("lifecycle.deactivated:hosted"));
        Assert.Equal(DeactivationReasonCode.ShuttingDown, Assert.Single(probe.DeactivationReasons).ReasonCode);
    }

    [Fact]
    public void AddSilo_NoStorageRegistered_DefaultIsMemoryGrainStorage()
    {
        using var services = new ServiceCollection().AddSilo().BuildServiceProvider();

        Assert.IsType<MemoryGrainStorage>(services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
        Assert.Same(services.GetRequiredService<IGrainFactory>(), services.GetRequiredService<IClusterClient>());
        Assert.Same(TimeProvider.System, services.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void AddSilo_AppRegistersDefaultStorage_AppStorageIsUsed()
    {
        var before = new MemoryGrainStorage();
        var after = new MemoryGrainStorage();

        using var first = new ServiceCollection()
            .AddKeyedSingleton<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, before)
            .AddSilo()
            .BuildServiceProvider();
        using var second = new ServiceCollection()
            .AddSilo()
            .AddKeyedSingleton<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, after)
            .BuildServiceProvider();

        Assert.Same(before, first.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
        Assert.Same(after, second.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
    }

    [Fact]
    public void AddGrain_ClassWithoutGrainInterface_IsRejected()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentException>(() => services.AddSilo(silo => silo.AddGrain<Probe>()));
    }
}
