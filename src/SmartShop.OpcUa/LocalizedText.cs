namespace SmartShop.OpcUa;

/// <summary>Text with an optional locale (e.g. "en-US"); null and empty are distinct for both parts.</summary>
public readonly struct LocalizedText : IEquatable<LocalizedText>
{
    public LocalizedText(string? text) => Text = text;

    public LocalizedText(string? locale, string? text)
    {
        Locale = locale;
        Text = text;
    }

    public string? Locale { get; }
    public string? Text { get; }

    public static LocalizedText Null => default;

    public bool IsNull => Locale is null && Text is null;

    public static bool operator ==(LocalizedText left, LocalizedText right) => left.Equals(right);
    public static bool operator !=(LocalizedText left, LocalizedText right) => !left.Equals(right);

    public bool Equals(LocalizedText other) =>
        string.Equals(Locale, other.Locale, StringComparison.Ordinal) && string.Equals(Text, other.Text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is LocalizedText other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(
        Locale is null ? 0 : StringComparer.Ordinal.GetHashCode(Locale),
        Text is null ? 0 : StringComparer.Ordinal.GetHashCode(Text));

    public override string ToString() => Text ?? string.Empty;
}
