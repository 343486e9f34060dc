using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SmartShop.OpcUa;

/// <summary>A name qualified by a namespace index; text form "2:Name", or "Name" in namespace 0.</summary>
public readonly struct QualifiedName : IEquatable<QualifiedName>
{
    public QualifiedName(string? name, ushort namespaceIndex = 0)
    {
        Name = name;
        NamespaceIndex = namespaceIndex;
    }

    public ushort NamespaceIndex { get; }
    public string? Name { get; }

    public static QualifiedName Null => default;

    public bool IsNull => NamespaceIndex == 0 && string.IsNullOrEmpty(Name);

    /// <summary>Parses "2:Name" or "Name"; a prefix that is not a UInt16 followed by ':' belongs to the name.</summary>
    public static QualifiedName Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && ushort.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ns))
        {
            return new QualifiedName(text[(colon + 1)..], ns);
        }

        return new QualifiedName(text);
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out QualifiedName value)
    {
        if (text is null)
        {
            value = default;
            return false;
        }

        value = Parse(text);
        return true;
    }

    public static bool operator ==(QualifiedName left, QualifiedName right) => left.Equals(right);
    public static bool operator !=(QualifiedName left, QualifiedName right) => !left.Equals(right);

    public bool Equals(QualifiedName other) =>
        NamespaceIndex == other.NamespaceIndex && string.Equals(Name, other.Name, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is QualifiedName other && Equals(other);

    public override int GetHashCode() =>
        HashCode.Combine(NamespaceIndex, Name is null ? 0 : StringComparer.Ordinal.GetHashCode(Name));

    public override string ToString() =>
        NamespaceIndex == 0 ? Name ?? string.Empty : NamespaceIndex.ToString(CultureInfo.InvariantCulture) + ":" + Name;
}
