namespace SmartShop.Core.Plant;

/// <summary>
/// Where a machine's PLC exposes each signal SmartShop reads or calls. Each entry is optional: a machine without a
/// stop-reason tag simply has its stops left unclassified.
/// </summary>
/// <param name="State">Machine state, read through the machine's state model.</param>
/// <param name="GoodCount">Cumulative good-part counter (a decrease is a reset, not negative production).</param>
/// <param name="RejectCount">Cumulative reject (scrap) counter.</param>
/// <param name="StopReason">Integer stop-reason code, looked up in the machine's stop-reason table.</param>
/// <param name="CycleTime">Last actual cycle time, in seconds.</param>
/// <param name="EnergyKwh">Cumulative energy meter, in kWh.</param>
/// <param name="JobStart">Node written or method called to start a job on the machine.</param>
/// <param name="JobStop">Node written or method called to stop (end) the job.</param>
/// <param name="Mode">PackML unit mode (2 Maintenance, 3 Manual) or Machinery operation mode (1 Maintenance, 2 Setup), read with the state.</param>
/// <param name="JobId">The job or order the PLC is running (text; empty: none): the job context while no MES order is dispatched.</param>
/// <param name="Product">The product of that job (text): selects the ideal cycle time.</param>
/// <param name="Starved">Boolean: the machine waits for input (PackML Status/EquipmentStarved); turns a stop into starved time.</param>
/// <param name="Blocked">Boolean: the machine's output cannot leave (EquipmentBlocked); turns a stop into blocked time.</param>
/// <param name="JobControl">The ISA-95 JobOrderControl object (OPC 10031-4, as Machinery Jobs exposes it): work orders are downloaded with Store and run with Start, Pause, Resume, Stop and Abort.</param>
public sealed record SignalMap(
    SignalAddress? State = null,
    SignalAddress? GoodCount = null,
    SignalAddress? RejectCount = null,
    SignalAddress? StopReason = null,
    SignalAddress? CycleTime = null,
    SignalAddress? EnergyKwh = null,
    SignalAddress? JobStart = null,
    SignalAddress? JobStop = null,
    SignalAddress? Mode = null,
    SignalAddress? JobId = null,
    SignalAddress? Product = null,
    SignalAddress? Starved = null,
    SignalAddress? Blocked = null,
    SignalAddress? JobControl = null)
{
    public static SignalMap Empty { get; } = new();
}

public enum SignalAddressKind
{
    /// <summary>An OPC UA NodeId in its string form, e.g. <c>ns=2;s=Line1.Lathe.State</c> or <c>nsu=urn:x;i=1001</c>.</summary>
    NodeId,

    /// <summary>A browse path from the Objects folder, e.g. <c>/Objects/2:Plant/2:Lathe1/2:State</c>.</summary>
    BrowsePath,
}

/// <summary>
/// The address of one PLC signal, checked for syntax only: whether the node exists is for the OPC UA connector to
/// find out, since a plant file must be checkable without the machine online.
/// </summary>
public sealed record SignalAddress
{
    private SignalAddress(string text, SignalAddressKind kind)
    {
        Text = text;
        Kind = kind;
    }

    public string Text { get; }

    public SignalAddressKind Kind { get; }

    public override string ToString() => Text;

    public static SignalAddress Parse(string text) =>
        TryParse(text, out var address, out var error) ? address : throw new FormatException(error);

    /// <summary>
    /// Accepts a NodeId string (OPC 10000-6 5.3.1.10: optional <c>ns=&lt;index&gt;;</c> or <c>nsu=&lt;uri&gt;;</c>, then
    /// <c>i=</c>, <c>s=</c>, <c>g=</c> or <c>b=</c>) or a browse path (OPC 10000-4 A.2, the '/' form only: elements
    /// <c>[nsIndex:]BrowseName</c>, with '&amp;' escaping a reserved character).
    /// </summary>
    public static bool TryParse(
        string? text,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SignalAddress? address,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty";
            return false;
        }

        if (text.Trim().Length != text.Length)
        {
            error = $"'{text}' has leading or trailing white space";
            return false;
        }

        var kind = text[0] == '/' ? SignalAddressKind.BrowsePath : SignalAddressKind.NodeId;
        error = kind == SignalAddressKind.BrowsePath ? CheckBrowsePath(text) : CheckNodeId(text);
        if (error is not null)
        {
            return false;
        }

        address = new SignalAddress(text, kind);
        return true;
    }

    private static string? CheckNodeId(string text)
    {
        var rest = text;
        if (rest.StartsWith("ns=", StringComparison.Ordinal))
        {
            var end = rest.IndexOf(';', StringComparison.Ordinal);
            if (end < 0 || !ushort.TryParse(rest.AsSpan(3, end - 3), System.Globalization.NumberStyles.None, null, out _))
            {
                return $"'{text}' is not a NodeId: after 'ns=' expected a namespace index 0-65535 and ';'";
            }

            rest = rest[(end + 1)..];
        }
        else if (rest.StartsWith("nsu=", StringComparison.Ordinal))
        {
            var end = rest.IndexOf(';', StringComparison.Ordinal);
            if (end <= 4)
            {
                return $"'{text}' is not a NodeId: after 'nsu=' expected a namespace URI and ';'";
            }

            rest = rest[(end + 1)..];
        }

        if (rest.Length < 2 || rest[1] != '=')
        {
            return rest.Length == text.Length
                ? $"'{text}' is neither a NodeId (e.g. 'ns=2;s=Line1.Lathe.State') nor a browse path starting with '/'"
                : $"'{text}' is not a NodeId: after the namespace expected 'i=', 's=', 'g=' or 'b=' and the identifier";
        }

        var identifier = rest[2..];
        return rest[0] switch
        {
            'i' => uint.TryParse(identifier, System.Globalization.NumberStyles.None, null, out _)
                ? null
                : $"'{text}' is not a NodeId: a numeric identifier (i=) must be an unsigned 32-bit integer",
            's' => identifier.Length > 0 ? null : $"'{text}' is not a NodeId: the string identifier (s=) is empty",
            'g' => Guid.TryParseExact(identifier, "D", out _)
                ? null
                : $"'{text}' is not a NodeId: a GUID identifier (g=) must look like 09087e75-8e5e-499b-954f-f2a9603db28a",
            'b' => IsBase64(identifier)
                ? null
                : $"'{text}' is not a NodeId: an opaque identifier (b=) must be non-empty base64",
            _ => $"'{text}' is not a NodeId: the identifier type must be i, s, g or b, not '{rest[0]}'",
        };
    }

    private static bool IsBase64(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out _);
    }

    // Reserved in the relative-path text format; '.' would mean an Aggregates reference and '<...>' a named
    // reference type, which this form does not support, so a literal one has to be escaped with '&'.
    private const string Reserved = "/.<>:#!&";

    private static string? CheckBrowsePath(string text)
    {
        var elementStart = 1;
        var colons = 0;
        var colonAt = -1;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == '/')
            {
                var element = text[elementStart..i];
                if (element.Length == 0)
                {
                    return $"'{text}' is not a browse path: element {ElementNumber(text, elementStart)} is empty";
                }

                if (colons == 1)
                {
                    var prefix = text[elementStart..colonAt];
                    if (!ushort.TryParse(prefix, System.Globalization.NumberStyles.None, null, out _))
                    {
                        return $"'{text}' is not a browse path: '{prefix}' before ':' is not a namespace index 0-65535";
                    }

                    if (colonAt == i - 1)
                    {
                        return $"'{text}' is not a browse path: element '{element}' has no browse name after ':'";
                    }
                }

                elementStart = i + 1;
                colons = 0;
                continue;
            }

            var c = text[i];
            if (c == '&')
            {
                if (i + 1 >= text.Length)
                {
                    return $"'{text}' is not a browse path: '&' at the end escapes nothing";
                }

                i++;
                continue;
            }

            if (c == ':')
            {
                colons++;
                colonAt = i;
                if (colons > 1)
                {
                    return $"'{text}' is not a browse path: a second ':' in one element must be escaped as '&:'";
                }

                continue;
            }

            if (Reserved.Contains(c, StringComparison.Ordinal))
            {
                return $"'{text}' is not a browse path: '{c}' is reserved (only '/' paths are supported); escape it as '&{c}'";
            }
        }

        return null;
    }

    private static int ElementNumber(string text, int elementStart) => text[..elementStart].Count(c => c == '/');
}
