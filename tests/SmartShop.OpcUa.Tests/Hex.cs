using System.Globalization;

namespace SmartShop.OpcUa.Tests;

/// <summary>Hex dumps as the specification and packet captures print them: "03 01 00 …", spaces optional.</summary>
internal static class Hex
{
    public static byte[] Parse(string hex)
    {
        var digits = hex.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal);
        var bytes = new byte[digits.Length / 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = byte.Parse(digits.AsSpan(i * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }

        return bytes;
    }

    public static string Format(ReadOnlySpan<byte> bytes) =>
        string.Join(' ', bytes.ToArray().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
}
