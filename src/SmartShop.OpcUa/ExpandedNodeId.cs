using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace SmartShop.OpcUa;

/// <summary>
/// A NodeId that may name its namespace by URI instead of index, and may point into another server.
/// Text form (OPC 10000-6 5.1.12): "svr=1;nsu=urn:acme:plc;s=Line1" or "ns=2;i=7"; in the URI ';', '%' and control
/// characters are percent-encoded.
/// </summary>
public readonly struct ExpandedNodeId : IEquatable<ExpandedNodeId>
{
    public ExpandedNodeId(NodeId nodeId, string? namespaceUri = null, uint serverIndex = 0)
    {
        NodeId = nodeId;
        NamespaceUri = namespaceUri;
        ServerIndex = serverIndex;
    }

    public NodeId NodeId { get; }

    /// <summary>When set, it names the namespace and the NodeId's index is not used.</summary>
    public string? NamespaceUri { get; }

    /// <summary>0 for this server; otherwise an index into the server table.</summary>
    public uint ServerIndex { get; }

    public static ExpandedNodeId Null => default;

    public bool IsNull => NodeId.IsNull && string.IsNullOrEmpty(NamespaceUri) && ServerIndex == 0;

    public static implicit operator ExpandedNodeId(NodeId nodeId) => new(nodeId);

    /// <summary>Resolves the namespace URI (if any) to an index of the table; false when the table does not have it or the node is on another server.</summary>
    public bool TryToNodeId(NamespaceTable namespaces, out NodeId nodeId)
    {
        ArgumentNullException.ThrowIfNull(namespaces);
        nodeId = NodeId;
        if (ServerIndex != 0)
        {
            return false;
        }

        if (NamespaceUri is null)
        {
            return true;
        }

        var index = namespaces.IndexOf(NamespaceUri);
        if (index < 0)
        {
            return false;
        }

        nodeId = NodeId.WithNamespaceIndex((ushort)index);
        return true;
    }

    public static ExpandedNodeId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParse(text, out var value, out var error))
        {
            throw new FormatException($"'{text}' is not an ExpandedNodeId: {error}.");
        }

        return value;
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out ExpandedNodeId value) => TryParse(text, out value, out _);

    private static bool TryParse(string? text, out ExpandedNodeId value, out string error)
    {
        value = default;
        if (text is null)
        {
            error = "no text";
            return false;
        }

        var rest = text.AsSpan();
        uint server = 0;
        if (rest.StartsWith("svr=", StringComparison.Ordinal))
        {
            var semicolon = rest.IndexOf(';');
            if (semicolon < 0 || !uint.TryParse(rest[4..semicolon], NumberStyles.None, CultureInfo.InvariantCulture, out server))
            {
                error = "the server index is not a UInt32 followed by ';'";
                return false;
            }

            rest = rest[(semicolon + 1)..];
        }

        if (rest.StartsWith("nsu=", StringComparison.Ordinal))
        {
            var semicolon = rest.IndexOf(';');
            if (semicolon < 0)
            {
                error = "the namespace URI is not followed by ';'";
                return false;
            }

            var uri = Uri.UnescapeDataString(rest[4..semicolon].ToString());
            if (!NodeId.TryParseIdentifier(rest[(semicolon + 1)..], 0, out var local, out error))
            {
                return false;
            }

            value = new ExpandedNodeId(local, uri, server);
            return true;
        }

        if (!NodeId.TryParse(rest.ToString(), out var nodeId, out error))
        {
            return false;
        }

        value = new ExpandedNodeId(nodeId, null, server);
        return true;
    }

    public static bool operator ==(ExpandedNodeId left, ExpandedNodeId right) => left.Equals(right);
    public static bool operator !=(ExpandedNodeId left, ExpandedNodeId right) => !left.Equals(right);

    public bool Equals(ExpandedNodeId other) =>
        ServerIndex == other.ServerIndex
        && string.Equals(NamespaceUri, other.NamespaceUri, StringComparison.Ordinal)
        && NodeId.Equals(other.NodeId);

    public override bool Equals(object? obj) => obj is ExpandedNodeId other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(
        NodeId, ServerIndex, NamespaceUri is null ? 0 : StringComparer.Ordinal.GetHashCode(NamespaceUri));

    public override string ToString()
    {
        var text = new StringBuilder();
        if (ServerIndex != 0)
        {
            text.Append("svr=").Append(ServerIndex.ToString(CultureInfo.InvariantCulture)).Append(';');
        }

        if (NamespaceUri is null)
        {
            return text.Append(NodeId.ToString()).ToString();
        }

        text.Append("nsu=");
        foreach (var c in NamespaceUri)
        {
            if (c is ';' or '%' || char.IsControl(c))
            {
                text.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.Append(';').Append(NodeId.IdentifierText()).ToString();
    }
}
