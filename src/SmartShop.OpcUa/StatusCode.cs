using System.Globalization;

namespace SmartShop.OpcUa;

public enum StatusSeverity : byte
{
    Good = 0,
    Uncertain = 1,
    Bad = 2,
}

/// <summary>
/// A UInt32 status: bits 31-30 severity, 29-16 sub code, 15-0 info bits (OPC 10000-4 7.39).
/// The reserved severity 11 counts as Bad.
/// </summary>
public readonly struct StatusCode : IEquatable<StatusCode>
{
    public StatusCode(uint code) => Code = code;

    public uint Code { get; }

    public static StatusCode Good => default;

    public StatusSeverity Severity => (Code >> 30) switch
    {
        0 => StatusSeverity.Good,
        1 => StatusSeverity.Uncertain,
        _ => StatusSeverity.Bad,
    };

    public bool IsGood => (Code & 0xC0000000) == 0;
    public bool IsUncertain => (Code & 0xC0000000) == 0x40000000;
    public bool IsBad => (Code & 0x80000000) != 0;

    /// <summary>The code without its info bits, the part that names it.</summary>
    public uint CodeWithoutInfoBits => Code & 0xFFFF0000;

    /// <summary>The specification's symbolic name (e.g. BadNodeIdUnknown), or null for a code the table does not know.</summary>
    public string? SymbolicName => StatusCodes.GetName(Code);

    public static implicit operator StatusCode(uint code) => new(code);

    public static bool operator ==(StatusCode left, StatusCode right) => left.Code == right.Code;
    public static bool operator !=(StatusCode left, StatusCode right) => left.Code != right.Code;

    public bool Equals(StatusCode other) => Code == other.Code;
    public override bool Equals(object? obj) => obj is StatusCode other && Code == other.Code;
    public override int GetHashCode() => (int)Code;

    /// <summary>"BadNodeIdUnknown (0x80340000)", or "0x80AB1234" for an unknown code.</summary>
    public override string ToString()
    {
        var hex = "0x" + Code.ToString("X8", CultureInfo.InvariantCulture);
        var name = SymbolicName;
        return name is null ? hex : name + " (" + hex + ")";
    }
}
