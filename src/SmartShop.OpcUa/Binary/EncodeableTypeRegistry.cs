using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using SmartShop.OpcUa.Services;

namespace SmartShop.OpcUa.Binary;

/// <summary>
/// Maps Default Binary encoding NodeIds to factories, so ExtensionObject bodies and service messages decode into
/// their structures. Types of other namespaces register with their namespace URI and are found through the
/// session's namespace table, whatever index the server gives the URI. Thread-safe; register before decoding.
/// </summary>
public sealed class EncodeableTypeRegistry
{
    private readonly ConcurrentDictionary<Key, Func<IEncodeable>> _factories = new();

    /// <summary>A registry holding the structures this library implements (see <see cref="StandardTypes"/>).</summary>
    public static EncodeableTypeRegistry CreateStandard()
    {
        var registry = new EncodeableTypeRegistry();
        StandardTypes.RegisterAll(registry);
        return registry;
    }

    public int Count => _factories.Count;

    public void Register<T>()
        where T : class, IEncodeable<T> =>
        Register(T.Create().BinaryEncodingId, static () => T.Create());

    public void Register(ExpandedNodeId binaryEncodingId, Func<IEncodeable> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (binaryEncodingId.ServerIndex != 0)
        {
            throw new ArgumentException("An encoding id cannot be on another server.", nameof(binaryEncodingId));
        }

        _factories[KeyOf(binaryEncodingId)] = factory;
    }

    /// <summary>Creates an empty instance for an encoding id as read from the wire.</summary>
    public bool TryCreate(NodeId encodingId, NamespaceTable namespaces, [NotNullWhen(true)] out IEncodeable? value)
    {
        ArgumentNullException.ThrowIfNull(namespaces);
        Func<IEncodeable>? factory;
        if (encodingId.NamespaceIndex != 0)
        {
            var uri = namespaces.GetUri(encodingId.NamespaceIndex);
            if (uri is not null && _factories.TryGetValue(new Key(encodingId.WithNamespaceIndex(0), uri), out factory))
            {
                value = factory();
                return true;
            }
        }

        if (_factories.TryGetValue(new Key(encodingId, null), out factory))
        {
            value = factory();
            return true;
        }

        value = null;
        return false;
    }

    private static Key KeyOf(ExpandedNodeId id)
    {
        if (id.NamespaceUri is null)
        {
            return new Key(id.NodeId, null);
        }

        return id.NamespaceUri == NamespaceTable.OpcUaNamespaceUri
            ? new Key(id.NodeId.WithNamespaceIndex(0), null)
            : new Key(id.NodeId.WithNamespaceIndex(0), id.NamespaceUri);
    }

    // A URI-qualified key holds the identifier with namespace index 0; an index-qualified key has no URI.
    private readonly record struct Key(NodeId Id, string? NamespaceUri);
}
