using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartShop.Grains.Configuration;
using SmartShop.Grains.Runtime;
using SmartShop.Grains.Storage;

namespace SmartShop.Grains.Hosting;

/// <summary>Silo configuration helpers.</summary>
public static class SiloBuilderExtensions
{
    /// <summary>Serves <typeparamref name="TGrain"/> for every grain interface it implements.</summary>
    public static ISiloBuilder AddGrain<TGrain>(this ISiloBuilder builder)
        where TGrain : class => builder.AddGrain(typeof(TGrain));

    /// <inheritdoc cref="AddGrain{TGrain}(ISiloBuilder)"/>
    public static ISiloBuilder AddGrain(this ISiloBuilder builder, Type grainClass)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(grainClass);
        if (!IsGrainClass(grainClass))
        {
            throw new ArgumentException(
                $"{grainClass} is not a grain class: it must be a concrete, non-generic class implementing a grain interface.",
                nameof(grainClass));
        }

        builder.Services.Configure<GrainTypeOptions>(o => o.Classes.Add(grainClass));
        return builder;
    }

    /// <summary>Serves every concrete class in <paramref name="assembly"/> that implements a grain interface.</summary>
    public static ISiloBuilder AddGrainsFromAssembly(this ISiloBuilder builder, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(assembly);
        var classes = assembly.GetTypes().Where(IsGrainClass).ToList();
        builder.Services.Configure<GrainTypeOptions>(o => o.Classes.UnionWith(classes));
        return builder;
    }

    /// <summary>Registers a <see cref="MemoryGrainStorage"/> as the keyed <see cref="IGrainStorage"/> <paramref name="name"/>.</summary>
    public static ISiloBuilder AddMemoryGrainStorage(
        this ISiloBuilder builder, string name, JsonSerializerOptions? serializerOptions = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (_, _) => new MemoryGrainStorage(serializerOptions));
        return builder;
    }

    /// <summary>Registers a <see cref="MemoryGrainStorage"/> as the "Default" grain storage.</summary>
    public static ISiloBuilder AddMemoryGrainStorageAsDefault(this ISiloBuilder builder) =>
        builder.AddMemoryGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

    /// <summary>Configures silo options (GrainCollectionOptions, SiloMessagingOptions).</summary>
    public static ISiloBuilder Configure<TOptions>(this ISiloBuilder builder, Action<TOptions> configureOptions)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configureOptions);
        return builder;
    }

    private static bool IsGrainClass(Type type) =>
        type is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false }
        && type.GetInterfaces().Any(GrainClassInfo.IsGrainInterface);
}
