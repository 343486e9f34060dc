using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SmartShop.OpcUa;

public enum IdType : byte
{
    Numeric = 0,
    String = 1,
    Guid = 2,
    Opaque = 3,
}

/// <summary>
/// A node identifier: namespace index plus a numeric, string, Guid or opaque identifier.
/// A struct so that numeric ids (the common case: type ids, encoding ids) decode without allocating.
/// Text form per OPC 10000-6 5.1.12: "i=85", "ns=2;s=Line1.Lathe", "ns=1;g=09087e75-…", "ns=1;b=M/RbKA==".
/// The "nsu=" form needs a namespace table and lives in <see cref="ExpandedNodeId"/>.
/// </summary>
public readonly struct NodeId : IEquatable<NodeId>
{
    // string for String, boxed Guid for Guid, byte[] (or null) for Opaque.
    private readonly object? _identifier;
    private readonly uint _numeric;

    public NodeId(uint identifier, ushort namespaceIndex = 0)
    {
        _numeric = identifier;
        NamespaceIndex = namespaceIndex;
        IdType = IdType.Numeric;
    }

    public NodeId(string identifier, ushort namespaceIndex)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        _identifier = identifier;
        NamespaceIndex = namespaceIndex;
        IdType = IdType.String;
    }

    public NodeId(Guid identifier, ushort namespaceIndex)
    {
        _identifier = identifier;
        NamespaceIndex = namespaceIndex;
        IdType = IdType.Guid;
    }

    public NodeId(ByteString identifier, ushort namespaceIndex)
    {
        _identifier = identifier.UnsafeArray;
        NamespaceIndex = namespaceIndex;
        IdType = IdType.Opaque;
    }

    private NodeId(IdType idType, ushort namespaceIndex, object? identifier, uint numeric)
    {
        IdType = idType;
        NamespaceIndex = namespaceIndex;
        _identifier = identifier;
        _numeric = numeric;
    }

    /// <summary>A string id as decoded: the wire may carry a null String, which the public constructor refuses.</summary>
    internal static NodeId FromWireString(string? identifier, ushort namespaceIndex) =>
        new(IdType.String, namespaceIndex, identifier, 0);

    public static NodeId Null => default;

    public ushort NamespaceIndex { get; }
    public IdType IdType { get; }

    /// <summary>The numeric identifier; 0 unless <see cref="IdType"/> is Numeric.</summary>
    public uint NumericIdentifier => _numeric;

    /// <summary>The string identifier; null unless <see cref="IdType"/> is String.</summary>
    public string? StringIdentifier => IdType == IdType.String ? (string?)_identifier : null;

    public Guid GuidIdentifier => IdType == IdType.Guid ? (Guid)_identifier! : Guid.Empty;

    public ByteString OpaqueIdentifier => IdType == IdType.Opaque ? ByteString.Wrap((byte[]?)_identifier) : default;

    /// <summary>The identifier boxed (uint, string, Guid or ByteString); for display and dictionaries, not hot paths.</summary>
    public object? Identifier => IdType switch
    {
        IdType.Numeric => _numeric,
        IdType.Opaque => OpaqueIdentifier,
        _ => _identifier,
    };

    /// <summary>True for the null NodeId of OPC 10000-3 8.2.4: namespace 0 and a 0, empty, all-zero or empty-opaque identifier.</summary>
    public bool IsNull => NamespaceIndex == 0 && IdType switch
    {
        IdType.Numeric => _numeric == 0,
        IdType.String => string.IsNullOrEmpty((string?)_identifier),
        IdType.Guid => (Guid)_identifier! == Guid.Empty,
        _ => _identifier is not byte[] { Length: > 0 },
    };

    /// <summary>The same identifier in another namespace.</summary>
    public NodeId WithNamespaceIndex(ushort namespaceIndex) => new(IdType, namespaceIndex, _identifier, _numeric);

    public static NodeId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParse(text, out var value, out var error))
        {
            throw new FormatException($"'{text}' is not a NodeId: {error}.");
        }

        return value;
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out NodeId value) => TryParse(text, out value, out _);

    internal static bool TryParse(string? text, out NodeId value, out string error)
    {
        value = default;
        if (text is null)
        {
            error = "no text";
            return false;
        }

        var rest = text.AsSpan();
        ushort ns = 0;
        if (rest.StartsWith("nsu=", StringComparison.Ordinal))
        {
            error = "a namespace URI needs ExpandedNodeId.Parse and a namespace table";
            return false;
        }

        if (rest.StartsWith("ns=", StringComparison.Ordinal))
        {
            var semicolon = rest.IndexOf(';');
            if (semicolon < 0 || !ushort.TryParse(rest[3..semicolon], NumberStyles.None, CultureInfo.InvariantCulture, out ns))
            {
                error = "the namespace index is not a UInt16 followed by ';'";
                return false;
            }

            rest = rest[(semicolon + 1)..];
        }

        return TryParseIdentifier(rest, ns, out value, out error);
    }

    internal static bool TryParseIdentifier(ReadOnlySpan<char> rest, ushort ns, out NodeId value, out string error)
    {
        value = default;
        error = string.Empty;
        if (rest.Length < 2 || rest[1] != '=')
        {
            error = "expected i=, s=, g= or b=";
            return false;
        }

        var body = rest[2..];
        switch (rest[0])
        {
            case 'i':
                if (!uint.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric))
                {
                    error = "the numeric identifier is not a UInt32";
                    return false;
                }

                value = new NodeId(numeric, ns);
                return true;
            case 's':
                value = new NodeId(body.ToString(), ns);
                return true;
            case 'g':
                if (!Guid.TryParseExact(body, "D", out var guid))
                {
                    error = "the Guid identifier is not in the form 09087e75-8e5e-499b-954f-f2a9603db28a";
                    return false;
                }

                value = new NodeId(guid, ns);
                return true;
            case 'b':
                var bytes = new byte[(body.Length * 3 / 4) + 3];
                if (!Convert.TryFromBase64Chars(body, bytes, out var written))
                {
                    error = "the opaque identifier is not Base64";
                    return false;
                }

                value = new NodeId(ByteString.Wrap(bytes.AsSpan(0, written).ToArray()), ns);
                return true;
            default:
                error = "expected i=, s=, g= or b=";
                return false;
        }
    }

    public static bool operator ==(NodeId left, NodeId right) => left.Equals(right);
    public static bool operator !=(NodeId left, NodeId right) => !left.Equals(right);

    public bool Equals(NodeId other)
    {
        if (NamespaceIndex != other.NamespaceIndex || IdType != other.IdType)
        {
            return false;
        }

        return IdType switch
        {
            IdType.Numeric => _numeric == other._numeric,
            IdType.String => string.Equals((string?)_identifier, (string?)other._identifier, StringComparison.Ordinal),
            IdType.Guid => (Guid)_identifier! == (Guid)other._identifier!,
            _ => OpaqueIdentifier.Equals(other.OpaqueIdentifier),
        };
    }

    public override bool Equals(object? obj) => obj is NodeId other && Equals(other);

    public override int GetHashCode() => IdType switch
    {
        IdType.Numeric => HashCode.Combine(NamespaceIndex, _numeric),
        IdType.String => HashCode.Combine(NamespaceIndex, _identifier is string s ? StringComparer.Ordinal.GetHashCode(s) : 0),
        IdType.Guid => HashCode.Combine(NamespaceIndex, _identifier),
        _ => HashCode.Combine(NamespaceIndex, OpaqueIdentifier.GetHashCode()),
    };

    public override string ToString() =>
        NamespaceIndex == 0 ? IdentifierText() : "ns=" + NamespaceIndex.ToString(CultureInfo.InvariantCulture) + ";" + IdentifierText();

    /// <summary>"i=85", "s=…", "g=…", "b=…" without the namespace part.</summary>
    internal string IdentifierText() => IdType switch
    {
        IdType.Numeric => "i=" + _numeric.ToString(CultureInfo.InvariantCulture),
        IdType.String => "s=" + (string?)_identifier,
        IdType.Guid => "g=" + ((Guid)_identifier!).ToString("D"),
        _ => "b=" + OpaqueIdentifier.ToString(),
    };
}
