using Microsoft.Extensions.DependencyInjection;

namespace SmartShop.Grains.Hosting;

/// <summary>Configures the silo, as Orleans' ISiloBuilder. Everything ends up in <see cref="Services"/>.</summary>
public interface ISiloBuilder
{
    IServiceCollection Services { get; }
}

internal sealed class SiloBuilder(IServiceCollection services) : ISiloBuilder
{
    public IServiceCollection Services { get; } = services;
}
