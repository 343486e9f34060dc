namespace SmartShop.Core.Plant;

/// <summary>
/// An OPC UA server endpoint URL in the form <c>opc.tcp://host:port[/path]</c>. The port is required: there is no
/// default the PLC vendors agree on (4840 is registered, but many PLCs listen elsewhere).
/// </summary>
public sealed record OpcUaEndpoint
{
    private OpcUaEndpoint(string url, string host, int port, string path)
    {
        Url = url;
        Host = host;
        Port = port;
        Path = path;
    }

    public string Url { get; }

    public string Host { get; }

    public int Port { get; }

    /// <summary>The path after the port, starting with '/', or empty.</summary>
    public string Path { get; }

    public override string ToString() => Url;

    public static OpcUaEndpoint Parse(string url) =>
        TryParse(url, out var endpoint, out var error) ? endpoint : throw new FormatException(error);

    public static bool TryParse(
        string? url,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out OpcUaEndpoint? endpoint,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        endpoint = null;
        const string Expected = "expected opc.tcp://host:port[/path]";
        if (string.IsNullOrWhiteSpace(url))
        {
            error = $"is empty; {Expected}";
            return false;
        }

        if (!url.StartsWith("opc.tcp://", StringComparison.Ordinal))
        {
            error = $"'{url}' is not an OPC UA TCP endpoint; {Expected}";
            return false;
        }

        if (url.Any(char.IsWhiteSpace) || url.Contains('?', StringComparison.Ordinal) || url.Contains('#', StringComparison.Ordinal)
            || url.Contains('@', StringComparison.Ordinal))
        {
            error = $"'{url}' has white space, a query, a fragment or user info; {Expected}";
            return false;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0
            || uri.HostNameType is UriHostNameType.Unknown or UriHostNameType.Basic)
        {
            error = $"'{url}' has no valid host; {Expected}";
            return false;
        }

        // For a scheme .NET does not know, Uri reports -1 when the URL names no port.
        if (uri.Port is < 1 or > 65535)
        {
            error = $"'{url}' names no port (1-65535); {Expected}";
            return false;
        }

        var path = uri.AbsolutePath == "/" && !url.EndsWith('/') ? string.Empty : uri.AbsolutePath;
        endpoint = new OpcUaEndpoint(url, uri.Host, uri.Port, path);
        error = null;
        return true;
    }
}
