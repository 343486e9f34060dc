using System.Globalization;
using System.Text;

namespace SmartShop.OpcUa;

/// <summary>
/// Vendor diagnostics (OPC 10000-4 7.12). SymbolicId, NamespaceUri, Locale and LocalizedText are indexes into the
/// response header's string table; -1 means absent and is not encoded. InnerStatusCode is encoded when not Good.
/// </summary>
public sealed class DiagnosticInfo : IEquatable<DiagnosticInfo>
{
    public int SymbolicId { get; init; } = -1;
    public int NamespaceUri { get; init; } = -1;
    public int Locale { get; init; } = -1;
    public int LocalizedText { get; init; } = -1;
    public string? AdditionalInfo { get; init; }
    public StatusCode InnerStatusCode { get; init; }
    public DiagnosticInfo? InnerDiagnosticInfo { get; init; }

    /// <summary>True when nothing would be encoded but the empty mask.</summary>
    public bool IsEmpty =>
        SymbolicId == -1 && NamespaceUri == -1 && Locale == -1 && LocalizedText == -1
        && AdditionalInfo is null && InnerStatusCode.Code == 0 && InnerDiagnosticInfo is null;

    // Iterative over the inner chain: a chain built in code is not bounded by the decoder's nesting limit.
    public bool Equals(DiagnosticInfo? other)
    {
        var left = this;
        var right = other;
        while (left is not null && right is not null)
        {
            if (ReferenceEquals(left, right))
            {
                return true;
            }

            if (left.SymbolicId != right.SymbolicId || left.NamespaceUri != right.NamespaceUri
                || left.Locale != right.Locale || left.LocalizedText != right.LocalizedText
                || left.InnerStatusCode != right.InnerStatusCode
                || !string.Equals(left.AdditionalInfo, right.AdditionalInfo, StringComparison.Ordinal))
            {
                return false;
            }

            left = left.InnerDiagnosticInfo;
            right = right.InnerDiagnosticInfo;
        }

        return left is null && right is null;
    }

    public override bool Equals(object? obj) => obj is DiagnosticInfo other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        for (var d = this; d is not null; d = d.InnerDiagnosticInfo)
        {
            hash.Add(d.SymbolicId);
            hash.Add(d.LocalizedText);
            hash.Add(d.InnerStatusCode.Code);
        }

        return hash.ToHashCode();
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        var depth = 0;
        for (var d = this; d is not null; d = d.InnerDiagnosticInfo, depth++)
        {
            if (depth > 0)
            {
                text.Append(" <- ");
            }

            text.Append(CultureInfo.InvariantCulture, $"[symbolicId={d.SymbolicId} namespaceUri={d.NamespaceUri} locale={d.Locale} localizedText={d.LocalizedText}");
            if (d.AdditionalInfo is not null)
            {
                text.Append(" info=").Append(d.AdditionalInfo);
            }

            if (d.InnerStatusCode.Code != 0)
            {
                text.Append(" inner=").Append(d.InnerStatusCode.ToString());
            }

            text.Append(']');
        }

        return text.ToString();
    }
}
