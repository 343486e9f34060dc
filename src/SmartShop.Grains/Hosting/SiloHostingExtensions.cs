using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SmartShop.Grains.Runtime;
using SmartShop.Grains.Storage;

namespace SmartShop.Grains.Hosting;

/// <summary>Registers the silo, as Orleans' AddOrleans/UseOrleans.</summary>
public static class SiloHostingExtensions
{
    /// <summary>
    /// Adds the in-process grain runtime: <see cref="IGrainFactory"/> and <see cref="IClusterClient"/> (singletons),
    /// the silo as an <see cref="IHostedService"/> (its StopAsync deactivates every grain), TimeProvider.System unless
    /// a TimeProvider is registered, and an in-memory "Default" grain storage unless one is registered.
    /// Calling it again only applies <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddSilo(this IServiceCollection services, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.Any(d => d.ServiceType == typeof(Silo)))
        {
            services.AddOptions();
            services.TryAddSingleton(TimeProvider.System);
            services.AddSingleton<Silo>();
            services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<Silo>());
            services.AddSingleton<IClusterClient>(sp => sp.GetRequiredService<Silo>());
            services.AddHostedService(sp => sp.GetRequiredService<Silo>());
            services.TryAddKeyedSingleton<IGrainStorage>(
                Runtime.ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (_, _) => new MemoryGrainStorage());
        }

        configure?.Invoke(new SiloBuilder(services));
        return services;
    }

    /// <inheritdoc cref="AddSilo"/>
    public static IHostApplicationBuilder UseSilo(this IHostApplicationBuilder builder, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSilo(configure);
        return builder;
    }

    /// <inheritdoc cref="AddSilo"/>
    public static IHostBuilder UseSilo(this IHostBuilder builder, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ConfigureServices((_, services) => services.AddSilo(configure));
    }
}
