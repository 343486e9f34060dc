using System.Collections.Concurrent;
using SmartShop.Grains.Configuration;

namespace SmartShop.Grains.Runtime;

/// <summary>The registered grain classes, and which class serves which grain interface.</summary>
internal sealed class GrainTypeCatalog
{
    private readonly Dictionary<Type, GrainClassInfo[]> _byInterface;
    private readonly Dictionary<string, GrainClassInfo> _byGrainType;
    private readonly ConcurrentDictionary<Type, InterfaceBinding> _bindings = new();

    public GrainTypeCatalog(IEnumerable<Type> grainClasses, GrainCollectionOptions collection)
    {
        var classes = grainClasses.Distinct().Select(t => new GrainClassInfo(t, collection)).ToList();
        _byGrainType = new Dictionary<string, GrainClassInfo>(StringComparer.Ordinal);
        foreach (var grainClass in classes)
        {
            if (!_byGrainType.TryAdd(grainClass.GrainType, grainClass))
            {
                throw new InvalidOperationException(
                    $"Grain classes {_byGrainType[grainClass.GrainType].Type} and {grainClass.Type} share the grain type " +
                    $"name '{grainClass.GrainType}'; give one a [GrainType(\"...\")].");
            }
        }

        _byInterface = classes
            .SelectMany(c => c.GrainInterfaces.Select(i => (Interface: i, Class: c)))
            .GroupBy(x => x.Interface)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Class).ToArray());
    }

    public int Count => _byGrainType.Count;

    public InterfaceBinding GetBinding(Type grainInterface, string? grainClassNamePrefix)
    {
        if (grainClassNamePrefix is null && _bindings.TryGetValue(grainInterface, out var cached))
        {
            return cached;
        }

        if (!_byInterface.TryGetValue(grainInterface, out var classes))
        {
            throw new ArgumentException(
                $"No registered grain class implements {grainInterface}. Register it with silo.AddGrain<T>() or " +
                "silo.AddGrainsFromAssembly(...).", nameof(grainInterface));
        }

        var candidates = grainClassNamePrefix is null
            ? classes
            : [.. classes.Where(c => c.Type.FullName!.StartsWith(grainClassNamePrefix, StringComparison.Ordinal))];
        if (candidates.Length != 1)
        {
            throw new ArgumentException(
                candidates.Length == 0
                    ? $"No grain class implementing {grainInterface} has a full name starting with '{grainClassNamePrefix}'."
                    : $"Several grain classes implement {grainInterface} ({string.Join(", ", candidates.Select(c => c.Type.FullName))}); " +
                      "pass grainClassNamePrefix to GetGrain to choose one.",
                nameof(grainClassNamePrefix));
        }

        var binding = new InterfaceBinding(candidates[0], GrainProxyGenerator.GetFactory(grainInterface));
        if (grainClassNamePrefix is null)
        {
            _bindings.TryAdd(grainInterface, binding);
        }

        return binding;
    }

    public GrainClassInfo GetByGrainType(string grainType) =>
        _byGrainType.TryGetValue(grainType, out var grainClass)
            ? grainClass
            : throw new ArgumentException($"No registered grain class has the grain type '{grainType}'.", nameof(grainType));
}

internal sealed record InterfaceBinding(GrainClassInfo Class, GrainProxyGenerator.ProxyFactory CreateProxy);
