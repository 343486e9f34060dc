using System.Globalization;
using SmartShop.OpcUa;
using SmartShop.OpcUa.Client;
using SmartShop.OpcUa.Services;

namespace SmartShop.Server.Plc;

/// <summary>Command-line text to OPC UA values, and which built-in type a node or argument wants.</summary>
public static partial class UaCommands
{
    /// <summary>The built-in types a value can be given for on the command line, as <c>--type</c> names them.</summary>
    internal static readonly BuiltInType[] TextTypes =
    [
        BuiltInType.Boolean, BuiltInType.SByte, BuiltInType.Byte, BuiltInType.Int16, BuiltInType.UInt16, BuiltInType.Int32,
        BuiltInType.UInt32, BuiltInType.Int64, BuiltInType.UInt64, BuiltInType.Float, BuiltInType.Double, BuiltInType.String,
        BuiltInType.DateTime, BuiltInType.Guid, BuiltInType.ByteString, BuiltInType.NodeId, BuiltInType.QualifiedName,
        BuiltInType.LocalizedText,
    ];

    private static readonly NodeId HasSubtype = new(45);

    /// <summary>A <c>--type</c> name (case-insensitive) as a built-in type.</summary>
    /// <exception cref="ArgumentException">Not one of <see cref="TextTypes"/>.</exception>
    internal static BuiltInType ParseTypeName(string name)
    {
        foreach (var type in TextTypes)
        {
            if (string.Equals(type.ToString(), name, StringComparison.OrdinalIgnoreCase))
            {
                return type;
            }
        }

        throw new ArgumentException($"--type '{name}' is not one of {string.Join(", ", TextTypes)}.");
    }

    /// <summary>
    /// Command-line text as a scalar of <paramref name="type"/>, read in the invariant culture: numbers as
    /// <c>-12</c> or <c>1.5e3</c>, Boolean as true/false/1/0, DateTime as ISO 8601 (UTC unless an offset is given),
    /// ByteString as Base64, NodeId as <c>ns=…</c> or <c>nsu=…</c> (resolved with the server's namespaces).
    /// </summary>
    /// <exception cref="ArgumentException">The text is not a value of that type (the message names both), or the
    /// type cannot be given as text.</exception>
    internal static Variant ParseValue(string text, BuiltInType type, NamespaceTable namespaces)
    {
        ArgumentNullException.ThrowIfNull(text);
        var invariant = CultureInfo.InvariantCulture;
        const NumberStyles integer = NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;
        const NumberStyles real = NumberStyles.Float;
        Variant? value = type switch
        {
            BuiltInType.Boolean => text.Trim().ToLowerInvariant() switch
            {
                "true" or "1" => new Variant(true),
                "false" or "0" => new Variant(false),
                _ => null,
            },
            BuiltInType.SByte => sbyte.TryParse(text, integer, invariant, out var v) ? new Variant(v) : null,
            BuiltInType.Byte => byte.TryParse(text, integer, invariant, out var v) ? new Variant(v) : null,
            BuiltInType.Int16 => short.TryParse(text, integer, invariant, out var v) ? new Variant(v) : null,
            BuiltInType.UInt16 => ushort.TryParse(text, integer, invariant, out var v) ? new Variant(v) : null,
            BuiltInType.Int32 => int.TryParse(text, integer, invariant, out var v) ? new Variant(v) : null,
            BuiltInType.UInt32 => uint.TryParse(text, integer, invariant, out var v) ? new Variant(v) : null,
            BuiltInType.Int64 => long.TryParse(text, integer, invariant, out var v) ? new Variant(v) : null,
            BuiltInType.UInt64 => ulong.TryParse(text, integer, invariant, out var v) ? new Variant(v) : null,
            BuiltInType.Float => float.TryParse(text, real, invariant, out var v) ? new Variant(v) : null,
            BuiltInType.Double => double.TryParse(text, real, invariant, out var v) ? new Variant(v) : null,
            BuiltInType.String => new Variant(text),
            BuiltInType.DateTime => DateTimeOffset.TryParse(text, invariant, DateTimeStyles.AssumeUniversal, out var v)
                ? new Variant(UaDateTime.FromDateTimeOffset(v)) : null,
            BuiltInType.Guid => Guid.TryParse(text, out var v) ? new Variant(v) : null,
            BuiltInType.ByteString => TryBase64(text, out var v) ? new Variant(ByteString.Wrap(v)) : null,
            BuiltInType.NodeId => ExpandedNodeId.TryParse(text, out var v) && v.TryToNodeId(namespaces, out var id) ? new Variant(id) : null,
            BuiltInType.QualifiedName => new Variant(QualifiedName.Parse(text)),
            BuiltInType.LocalizedText => new Variant(new LocalizedText(text)),
            _ => throw new ArgumentException($"{type} values cannot be given as text; types that can: {string.Join(", ", TextTypes)}."),
        };

        return value ?? throw new ArgumentException($"'{text}' is not a {type}{Expected(type)}.");
    }

    private static string Expected(BuiltInType type) => type switch
    {
        BuiltInType.Boolean => " (true, false, 1 or 0)",
        BuiltInType.SByte => FormattableString.Invariant($" (an integer {sbyte.MinValue} to {sbyte.MaxValue})"),
        BuiltInType.Byte => FormattableString.Invariant($" (an integer {byte.MinValue} to {byte.MaxValue})"),
        BuiltInType.Int16 => FormattableString.Invariant($" (an integer {short.MinValue} to {short.MaxValue})"),
        BuiltInType.UInt16 => FormattableString.Invariant($" (an integer {ushort.MinValue} to {ushort.MaxValue})"),
        BuiltInType.Int32 => FormattableString.Invariant($" (an integer {int.MinValue} to {int.MaxValue})"),
        BuiltInType.UInt32 => FormattableString.Invariant($" (an integer {uint.MinValue} to {uint.MaxValue})"),
        BuiltInType.Int64 => FormattableString.Invariant($" (an integer {long.MinValue} to {long.MaxValue})"),
        BuiltInType.UInt64 => FormattableString.Invariant($" (an integer {ulong.MinValue} to {ulong.MaxValue})"),
        BuiltInType.Float or BuiltInType.Double => " (a number such as 12.5 or 1e-3, '.' as decimal separator)",
        BuiltInType.DateTime => " (ISO 8601, e.g. 2026-01-05T06:00:00Z)",
        BuiltInType.Guid => " (e.g. 09087e75-8e5e-499b-954f-f2a9603db28a)",
        BuiltInType.ByteString => " (Base64)",
        BuiltInType.NodeId => " (ns=<index>;s=… or nsu=<uri>;s=… with a namespace this server has)",
        _ => string.Empty,
    };

    private static bool TryBase64(string text, out byte[] bytes)
    {
        var buffer = new byte[text.Length];
        if (Convert.TryFromBase64String(text, buffer, out var written))
        {
            bytes = buffer[..written];
            return true;
        }

        bytes = [];
        return false;
    }

    /// <summary>
    /// The built-in type of a DataType node: the type itself for i=1…21, Int32 for enumerations, else its supertype's
    /// (followed with inverse HasSubtype, bounded). <c>Concrete</c> is null where text cannot decide: Structure,
    /// BaseDataType, and the abstract Number (i=26), Integer (27) and UInteger (28), reported in <c>Reached</c>.
    /// </summary>
    internal static async Task<(BuiltInType? Concrete, NodeId Reached)> ResolveBuiltInTypeAsync(UaClient client, NodeId dataType, CancellationToken ct)
    {
        var current = dataType;
        for (var hop = 0; hop < 16 && !current.IsNull; hop++)
        {
            if (current.NamespaceIndex == 0 && current.IdType == IdType.Numeric && current.NumericIdentifier <= 29)
            {
                var id = current.NumericIdentifier;
                BuiltInType? concrete = id switch
                {
                    >= 1 and <= 21 => (BuiltInType)id,
                    29 => BuiltInType.Int32, // Enumeration: values are Int32 on the wire
                    _ => null,
                };
                return (concrete, current);
            }

            var supertypes = await client.BrowseAsync(current, BrowseDirection.Inverse, HasSubtype, includeSubtypes: false, cancellationToken: ct);
            if (supertypes.Length == 0 || !supertypes[0].NodeId.TryToNodeId(client.NamespaceUris, out current))
            {
                break;
            }
        }

        return (null, current);
    }

    /// <summary>For an abstract numeric DataType, the type that holds any of its values: Double, Int64 or UInt64.</summary>
    private static BuiltInType? AbstractNumberFallback(NodeId reached) =>
        reached.NamespaceIndex != 0 || reached.IdType != IdType.Numeric
            ? null
            : reached.NumericIdentifier switch
            {
                26 => BuiltInType.Double,
                27 => BuiltInType.Int64,
                28 => BuiltInType.UInt64,
                _ => null,
            };
}
