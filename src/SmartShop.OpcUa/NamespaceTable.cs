namespace SmartShop.OpcUa;

/// <summary>
/// The server's namespace array (index to URI), immutable: a session builds a new one when the server's array
/// changes. Index 0 is always the OPC UA namespace.
/// </summary>
public sealed class NamespaceTable
{
    public const string OpcUaNamespaceUri = "http://opcfoundation.org/UA/";

    private readonly string[] _uris;

    public NamespaceTable(IEnumerable<string> uris)
    {
        ArgumentNullException.ThrowIfNull(uris);
        var list = new List<string>(uris);
        if (list.Count == 0 || list[0] != OpcUaNamespaceUri)
        {
            list.Insert(0, OpcUaNamespaceUri);
        }

        _uris = [.. list];
    }

    public static NamespaceTable Default { get; } = new([OpcUaNamespaceUri]);

    public int Count => _uris.Length;

    public string? GetUri(int index) => (uint)index < (uint)_uris.Length ? _uris[index] : null;

    /// <summary>The index of the URI, or -1. Linear: tables hold a handful of entries.</summary>
    public int IndexOf(string uri)
    {
        for (var i = 0; i < _uris.Length; i++)
        {
            if (string.Equals(_uris[i], uri, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    public IReadOnlyList<string> Uris => _uris;
}
