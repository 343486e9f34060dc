using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using SmartShop.Grains.Concurrency;
using SmartShop.Grains.Configuration;
using SmartShop.Grains.Storage;

namespace SmartShop.Grains.Runtime;

/// <summary>What the runtime knows about one grain class, computed once at startup.</summary>
internal sealed class GrainClassInfo
{
    private readonly ObjectFactory _factory;
    private readonly ExtraArgument[] _extraArguments;

    public GrainClassInfo(Type type, GrainCollectionOptions collection)
    {
        if (!type.IsClass || type.IsAbstract || type.ContainsGenericParameters)
        {
            throw new ArgumentException($"Grain class {type} must be a concrete, non-generic class.", nameof(type));
        }

        Type = type;
        GrainType = type.GetCustomAttribute<GrainTypeAttribute>()?.GrainType ?? DefaultGrainType(type);
        if (string.IsNullOrWhiteSpace(GrainType) || GrainType.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Grain type name '{GrainType}' of {type} must be non-empty and contain no '/'.", nameof(type));
        }

        IsReentrant = type.IsDefined(typeof(ReentrantAttribute), inherit: true);
        var ageLimit = type.GetCustomAttribute<CollectionAgeLimitAttribute>();
        AlwaysActive = ageLimit?.AlwaysActive ?? false;
        CollectionAge = ageLimit is { AlwaysActive: false, AgeLimit: var age } && age > TimeSpan.Zero
            ? age
            : collection.ClassSpecificCollectionAge.TryGetValue(type.FullName!, out var configured)
                ? configured
                : collection.CollectionAge;
        if (CollectionAge <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Collection age of {type} must be positive.", nameof(collection));
        }

        GrainInterfaces = [.. type.GetInterfaces().Where(IsGrainInterface)];
        (_factory, _extraArguments) = BuildFactory(type);
    }

    public Type Type { get; }

    /// <summary>First half of the grain id and of storage keys; see <see cref="GrainTypeAttribute"/>.</summary>
    public string GrainType { get; }

    public bool IsReentrant { get; }

    public bool AlwaysActive { get; }

    public TimeSpan CollectionAge { get; }

    public IReadOnlyList<Type> GrainInterfaces { get; }

    /// <summary>Interfaces a client can get references for (derived from IGrain, not one of the markers).</summary>
    public static bool IsGrainInterface(Type type) =>
        type.IsInterface
        && typeof(IGrain).IsAssignableFrom(type)
        && type != typeof(IGrain)
        && type != typeof(IGrainWithStringKey)
        && type != typeof(IGrainWithGuidKey)
        && type != typeof(IGrainWithIntegerKey);

    /// <summary>Constructs the grain object through DI, adding its persistent states and context.</summary>
    public object CreateInstance(IServiceProvider services, ActivationData activation)
    {
        var arguments = new object?[_extraArguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = _extraArguments[i].Create(services, activation);
        }

        return _factory(services, arguments);
    }

    // "MachineGrain" -> "machine", as Orleans names grain types by default.
    private static string DefaultGrainType(Type type)
    {
        var name = type.Name;
        if (name.Length > "Grain".Length && name.EndsWith("Grain", StringComparison.Ordinal))
        {
            name = name[..^"Grain".Length];
        }

        return name.ToLowerInvariant();
    }

    private static (ObjectFactory Factory, ExtraArgument[] Extra) BuildFactory(Type type)
    {
        var constructors = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        var constructor = constructors.FirstOrDefault(c => c.IsDefined(typeof(ActivatorUtilitiesConstructorAttribute)))
            ?? constructors.OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new ArgumentException($"Grain class {type} needs a public constructor.", nameof(type));

        var extra = new List<ExtraArgument>();
        var stateNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var parameter in constructor.GetParameters())
        {
            if (parameter.GetCustomAttribute<PersistentStateAttribute>() is { } persistent)
            {
                var parameterType = parameter.ParameterType;
                if (!parameterType.IsGenericType || parameterType.GetGenericTypeDefinition() != typeof(IPersistentState<>))
                {
                    throw new ArgumentException(
                        $"Parameter '{parameter.Name}' of {type} has [PersistentState] but is not an IPersistentState<T>.",
                        nameof(type));
                }

                if (!stateNames.Add(persistent.StateName))
                {
                    throw new ArgumentException(
                        $"{type} declares persistent state '{persistent.StateName}' twice.", nameof(type));
                }

                extra.Add(ExtraArgument.ForState(parameterType, parameterType.GetGenericArguments()[0], persistent, type));
            }
            else if (parameter.ParameterType == typeof(IGrainContext))
            {
                extra.Add(ExtraArgument.ForContext());
            }
        }

        // ActivatorUtilities fills the remaining parameters from DI; it matches each extra argument to the first
        // parameter of a compatible type that is still unmatched, i.e. in declaration order.
        var factory = ActivatorUtilities.CreateFactory(type, [.. extra.Select(e => e.ParameterType)]);
        return (factory, [.. extra]);
    }

    private sealed class ExtraArgument
    {
        private readonly Func<IServiceProvider, ActivationData, object> _create;

        private ExtraArgument(Type parameterType, Func<IServiceProvider, ActivationData, object> create)
        {
            ParameterType = parameterType;
            _create = create;
        }

        public Type ParameterType { get; }

        public static ExtraArgument ForContext() => new(typeof(IGrainContext), static (_, activation) => activation);

        public static ExtraArgument ForState(Type parameterType, Type stateType, PersistentStateAttribute attribute, Type grainClass)
        {
            var create = typeof(ExtraArgument)
                .GetMethod(nameof(CreateBridge), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(stateType)
                .CreateDelegate<Func<IServiceProvider, ActivationData, string, string, Type, object>>();
            var stateName = attribute.StateName;
            var storageName = attribute.StorageName;
            return new ExtraArgument(
                parameterType, (services, activation) => create(services, activation, stateName, storageName, grainClass));
        }

        public object Create(IServiceProvider services, ActivationData activation) => _create(services, activation);

        private static object CreateBridge<TState>(
            IServiceProvider services, ActivationData activation, string stateName, string storageName, Type grainClass)
        {
            var storage = services.GetKeyedService<IGrainStorage>(storageName)
                ?? throw new InvalidOperationException(
                    $"{grainClass.Name} uses persistent state '{stateName}' in grain storage '{storageName}', but no " +
                    $"IGrainStorage is registered under that key. Register one with services.AddKeyedSingleton<IGrainStorage>(" +
                    $"\"{storageName}\", ...) or silo.AddMemoryGrainStorage(\"{storageName}\").");
            var bridge = new StateStorageBridge<TState>(activation, stateName, storage);
            activation.AddState(bridge);
            return bridge;
        }
    }
}
