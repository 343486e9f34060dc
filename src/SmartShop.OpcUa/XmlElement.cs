namespace SmartShop.OpcUa;

/// <summary>
/// An XML fragment, kept as its text: the binary encoding carries it as a UTF-8 String (OPC 10000-6 5.2.2.8,
/// deprecated but still sent by some servers). No XML parser is involved.
/// </summary>
public readonly struct XmlElement : IEquatable<XmlElement>
{
    public XmlElement(string? outerXml) => OuterXml = outerXml;

    public string? OuterXml { get; }

    public bool IsNull => OuterXml is null;

    public static bool operator ==(XmlElement left, XmlElement right) => left.Equals(right);
    public static bool operator !=(XmlElement left, XmlElement right) => !left.Equals(right);

    public bool Equals(XmlElement other) => string.Equals(OuterXml, other.OuterXml, StringComparison.Ordinal);
    public override bool Equals(object? obj) => obj is XmlElement other && Equals(other);
    public override int GetHashCode() => OuterXml is null ? 0 : StringComparer.Ordinal.GetHashCode(OuterXml);
    public override string ToString() => OuterXml ?? string.Empty;
}
